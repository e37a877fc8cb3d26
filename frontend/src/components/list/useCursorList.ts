import { useCallback, useMemo, useRef, useState } from 'react';
import { useLocation } from 'react-router';
import { useClient, useQuery, type AnyVariables, type CombinedError, type OperationResult, type TypedDocumentNode } from 'urql';

import { useEntryState } from './entryState';

/** The part of a Relay connection a list reads (the API caps a page at 100 nodes). */
export interface Connection<T> {
  totalCount?: number | null;
  edges: readonly { node: T }[];
  pageInfo?: { hasNextPage: boolean; endCursor?: string | null } | null;
}

/** Navigation state that makes a list ask the server again (see `useCursorList`). */
export const FRESH_LIST = { fresh: true };

interface Options<D, T> {
  query: TypedDocumentNode<D, AnyVariables>;
  /** The list's filter, search and ordering; `first` and `after` are added here. */
  variables: Record<string, unknown>;
  pick: (data: D) => Connection<T> | null | undefined;
  pageSize?: number;
  pause?: boolean;
  context?: Record<string, unknown>;
}

/**
 * Any number of rows through cursor pagination: the first page is an ordinary urql query (so
 * mutations' cache invalidation and `reload` refresh it), further pages come with `loadMore()`
 * after the last cursor and are kept until the filter, search or ordering change.
 *
 * A link to a list with `state={FRESH_LIST}` skips the cached first page: for a list that was not open
 * when many of its records changed at once. An open list hears such a change itself: an import and its
 * undo send one `recordChanged` event (`IMPORTED`, `IMPORT_UNDONE`) that `useLiveRecords` answers with `reload`.
 */
export function useCursorList<D, T extends { id: string }>({ query, variables, pick, pageSize = 100, pause, context }: Options<D, T>) {
  const client = useClient();
  // Variables arrive as a fresh object each render: the list changes when their content does.
  const key = JSON.stringify(variables);
  const firstVariables = useMemo(() => ({ ...variables, first: pageSize, after: null }), [key, pageSize]);
  const queryContext = useMemo(() => context, [JSON.stringify(context)]);
  const fresh = (useLocation().state as { fresh?: boolean } | null)?.fresh === true;
  const [{ data, fetching, error }, refetch] = useQuery({
    query,
    variables: firstVariables,
    pause,
    context: queryContext,
    ...(fresh ? { requestPolicy: 'network-only' as const } : {}),
  });
  const first = data ? pick(data) : undefined;
  // Pages after the first, each with the cursor it was asked after; dropped when the list changes.
  // Kept for the history entry: Back to the list finds the pages that were loaded (and the scroll position its rows).
  const [more, setMore] = useEntryState<{ key: string; pages: { after: string; connection: Connection<T> }[] }>(`pages|${key}`, { key, pages: [] });
  const pages = more.key === key ? more.pages : [];
  const [loadingMore, setLoadingMore] = useState(false);
  // The failure itself (not its message): ListError words it for people.
  const [moreError, setMoreError] = useState<CombinedError | Error | null>(null);
  const busy = useRef(false);

  const last = pages.length ? pages[pages.length - 1].connection : first;
  const hasMore = Boolean(last?.pageInfo?.hasNextPage && last.pageInfo.endCursor);

  const fetchPage = useCallback(
    async (after: string) => {
      const result = await client.query(query, { ...variables, first: pageSize, after }, { requestPolicy: 'network-only' }).toPromise();
      const connection = result.data ? pick(result.data) : null;
      if (!connection) throw result.error ?? new Error('no data');
      return connection;
    },
    [client, query, key, pageSize],
  );

  const loadMore = useCallback(async () => {
    const after = last?.pageInfo?.endCursor;
    if (!after || busy.current) return;
    busy.current = true;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const connection = await fetchPage(after);
      setMore((m) => ({ key, pages: [...(m.key === key ? m.pages : []), { after, connection }] }));
    } catch (e) {
      setMoreError(e as Error);
    } finally {
      busy.current = false;
      setLoadingMore(false);
    }
  }, [last, fetchPage, key]);

  /** Fetch again what is loaded: the first page and every page after it (someone changed the records). */
  const reload = useCallback(async () => {
    refetch({ requestPolicy: 'network-only' });
    if (!pages.length) return;
    try {
      const fresh = [];
      for (const page of pages) fresh.push({ after: page.after, connection: await fetchPage(page.after) });
      setMore({ key, pages: fresh });
    } catch (e) {
      setMoreError(e as Error);
    }
  }, [refetch, pages, fetchPage, key]);

  const rows = useMemo(() => {
    const seen = new Set<string>();
    const all: T[] = [];
    // Offsets shift when records are added meanwhile: a row already shown is not shown twice.
    for (const connection of [first, ...pages.map((p) => p.connection)])
      for (const edge of connection?.edges ?? [])
        if (!seen.has(edge.node.id)) {
          seen.add(edge.node.id);
          all.push(edge.node);
        }
    return all;
  }, [first, pages]);

  return {
    rows,
    totalCount: first ? (first.totalCount ?? rows.length) : undefined,
    loaded: Boolean(first),
    fetching,
    error,
    hasMore,
    loadMore,
    loadingMore,
    moreError,
    reload,
  };
}

/**
 * The ids of every record matching a list's query, page after page (for "select all N matching"):
 * bulk actions then work past the loaded rows.
 */
export async function allMatchingIds<D>(
  client: ReturnType<typeof useClient>,
  query: TypedDocumentNode<D, AnyVariables>,
  variables: Record<string, unknown>,
  pick: (data: D) => Connection<{ id: string }> | null | undefined,
  pageSize = 100,
): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const result: OperationResult<D> = await client.query(query, { ...variables, first: pageSize, after }, { requestPolicy: 'network-only' }).toPromise();
    const connection: Connection<{ id: string }> | null | undefined = result.data ? pick(result.data) : null;
    if (!connection) throw new Error(result.error?.message ?? 'no data');
    ids.push(...connection.edges.map((e) => e.node.id));
    after = connection.pageInfo?.hasNextPage ? (connection.pageInfo.endCursor ?? null) : null;
    if (!after) return ids;
  }
}
