import { Button, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { Kind, parse, type FragmentDefinitionNode } from 'graphql';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, type AnyVariables, type TypedDocumentNode } from 'urql';

import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { toast } from '../../modules/access/common';
import { useFieldAccess } from '../record/fieldAccess';
import { ListError } from './ListError';
import { LoadMore } from './ListParts';
import { useCursorList, type Connection } from './useCursorList';
import { named, type Named } from './useRecordList';
import { useSearchTerm } from './useSearchTerm';

export interface BinColumn<T> {
  label: string;
  cell: (row: T) => ReactNode;
}

type Deleted<F> = F & { id: string; deletedAt?: string | null };
type BinAnswer<F> = Record<string, Connection<Deleted<F>>>;

/**
 * A record type's recycle bin as the server declares every one: `deleted<Plural>(first, after, search)`, each
 * row as the module's `fragment` (`WarrantyRow`) says and when it was deleted; the query and its pick, for
 * `RecycleBinList` (`{...binOf('Warranties', WarrantyRowFragment)}`).
 */
export function binOf<F>(plural: string, fragment: TypedDocumentNode<F, any>): { query: TypedDocumentNode<BinAnswer<F>, AnyVariables>; pick: (data: BinAnswer<F>) => Connection<Deleted<F>> | undefined } { // eslint-disable-line @typescript-eslint/no-explicit-any
  const field = `deleted${plural}`;
  let query = BINS.get(field) as TypedDocumentNode<BinAnswer<F>, AnyVariables> | undefined;
  if (!query) {
    const name = (fragment.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION) as FragmentDefinitionNode).name.value;
    const own = parse(
      `query Deleted${plural}($first: Int!, $after: String, $search: String) { ${field}(first: $first, after: $after, search: $search) {` +
        ` totalCount pageInfo { hasNextPage endCursor } edges { node { ...${name} deletedAt } } } }`,
    );
    // Without `loc` (the text parsed above lacks the fragment): urql prints the whole document to send it.
    query = { kind: Kind.DOCUMENT, definitions: [...own.definitions, ...fragment.definitions] } as TypedDocumentNode<BinAnswer<F>, AnyVariables>;
    BINS.set(field, query);
  }
  return { query, pick: (data) => data[field] };
}

const BINS = new Map<string, TypedDocumentNode<any, AnyVariables>>(); // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * A record type's recycle bin: the deleted records (newest first, searchable), the module's columns, when
 * each was deleted, and "Restore" (for members who may delete the type).
 */
export function RecycleBinList<D, T extends { id: string; deletedAt?: string | null }>({
  recordType,
  query,
  pick,
  columns,
  name,
  restore: restoring,
  restored,
  testId,
}: {
  recordType: string;
  query: TypedDocumentNode<D, AnyVariables>;
  pick: (data: D) => Connection<T> | null | undefined;
  columns: BinColumn<T>[];
  name: (row: T) => string;
  /**
   * The restore mutation: `RestoreXDocument`, answering `restore<recordType>` with the record under the type's
   * name, as every record type's does; `[document, payload, record]` where they are named otherwise.
   */
  restore: Named;
  /** "Return restored." */
  restored: string;
  testId: string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const canRestore = useFieldAccess(recordType).canDelete;
  const [document, payload, record] = named(recordType, 'restore', restoring)!;
  const [, restoreOne] = useMutation(document);
  const restore = async (id: string) => ((await restoreOne({ input: { id } })).data?.[payload]?.[record] ? 1 : 0);
  const search = useSearchTerm();
  const list = useCursorList<D, T>({ query, variables: { search: search.term || null }, pick });
  useLiveRecords([recordType], list.reload);
  const onRestore = async (id: string) => {
    const count = await restore(id);
    // `toast`: its close button is named (an unnamed one fails the page's accessibility check).
    toast(count ? { message: restored } : { color: 'red', message: t('errors.generic') });
    list.reload();
  };
  return (
    <>
      <TextInput label={t('list.search')} value={search.value} onChange={(e) => search.setValue(e.currentTarget.value)} onKeyDown={(e) => e.key === 'Enter' && search.commit()} type="search" w={260} />
      <ListError error={list.error} onRetry={list.reload} />
      {list.loaded && list.rows.length === 0 && <Text size="sm">{t('list.binEmpty')}</Text>}
      {list.rows.length > 0 && (
        <Table striped data-testid={testId}>
          <Table.Thead>
            <Table.Tr>
              {columns.map((column) => (
                <Table.Th key={column.label}>{column.label}</Table.Th>
              ))}
              <Table.Th>{t('list.deletedAt')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('list.restore')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.rows.map((row) => (
              <Table.Tr key={row.id} data-testid="deleted-row">
                {columns.map((column) => (
                  <Table.Td key={column.label}>{column.cell(row)}</Table.Td>
                ))}
                <Table.Td>{row.deletedAt ? format.dateTime(row.deletedAt) : '—'}</Table.Td>
                <Table.Td>
                  {canRestore && (
                    <Button size="xs" variant="light" aria-label={`${t('list.restore')}: ${name(row)}`} onClick={() => void onRestore(row.id)}>
                      {t('list.restore')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <LoadMore shown={list.rows.length} total={list.totalCount} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onLoadMore={list.loadMore} />
    </>
  );
}
