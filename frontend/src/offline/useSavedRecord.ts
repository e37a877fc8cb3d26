import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { CombinedError } from 'urql';

import type { FieldDef } from '../components/record/RecordFields';

import { useMember } from '../auth/session';
import { listEdits, queueEdit, type QueuedEdit } from './queue';
import { freshAt, loadRecord, onOfflineChange, rememberViewed, versionOf, type OfflineRecord, type Scope } from './store';
import { syncSoon } from './sync';

function subscribeOnline(onChange: () => void): () => void {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

/** False while the browser says it has no network. */
export function useOnline(): boolean {
  return useSyncExternalStore(
    subscribeOnline,
    () => navigator.onLine,
    () => true,
  );
}

/** The offline store's scope of the signed-in member. */
export function useOfflineScope(): Scope {
  const { me, tenant } = useMember();
  return useMemo(() => ({ workspace: tenant.subdomain, viewer: me.email }), [tenant.subdomain, me.email]);
}

/** A number that grows whenever the offline store changes (a pull, a queued edit, a replay). */
export function useOfflineRevision(): number {
  const [revision, setRevision] = useState(0);
  useEffect(() => onOfflineChange(() => setRevision((r) => r + 1)), []);
  return revision;
}

/** The queued edits of this member (of one record when `recordId` is given), re-read as they change. */
export function useQueuedEdits(recordId?: string): QueuedEdit[] {
  const scope = useOfflineScope();
  const revision = useOfflineRevision();
  const [edits, setEdits] = useState<QueuedEdit[]>([]);
  useEffect(() => {
    let cancelled = false;
    void listEdits(scope).then((found) => {
      if (!cancelled) setEdits(recordId === undefined ? found : found.filter((e) => e.recordId === recordId));
    });
    return () => {
      cancelled = true;
    };
  }, [scope, recordId, revision]);
  return edits;
}

const CUSTOM = 'customFields.';
const isScalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);
const isTextList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/**
 * A record page's result with what is newer laid over its `node`: the feed's values (a field whose
 * shape is the same: text, numbers, choices, lists of text; related records stay as the page had
 * them), then the member's queued edits.
 */
export function layOver<T>(page: T, values: Record<string, unknown> | null, edits: QueuedEdit[]): T {
  const node = (page as { node?: Record<string, unknown> | null })?.node;
  if (!node || typeof node !== 'object') return page;
  const next: Record<string, unknown> = { ...node };
  for (const [field, value] of Object.entries(values ?? {})) {
    if (!(field in next)) continue;
    const was = next[field];
    if (isScalar(was) && isScalar(value)) next[field] = value;
    else if (isTextList(was) && isTextList(value) && (was.length > 0 || value.length === 0)) next[field] = value;
  }
  // Custom fields: the feed names them `customFields.<key>`, the page holds them as `customFields: [{key, value}]`.
  if (Array.isArray(next.customFields)) {
    const custom = new Map((next.customFields as { key: string; value?: unknown }[]).map((c) => [c.key, c.value]));
    for (const [field, value] of Object.entries(values ?? {})) if (field.startsWith(CUSTOM)) custom.set(field.slice(CUSTOM.length), value);
    for (const edit of edits) {
      const change = (edit.input as { customFields?: { key: string; value: unknown }[] }).customFields;
      for (const c of change ?? []) custom.set(c.key, c.value);
    }
    next.customFields = [...custom].map(([key, value]) => ({ key, value }));
  }
  for (const edit of edits) {
    if (edit.field.startsWith(CUSTOM) || (edit.op && edit.op !== 'update')) continue;
    const was = next[edit.field];
    if (Array.isArray(was))
      next[edit.field] = edit.value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    else if (isScalar(was) || was === undefined) next[edit.field] = edit.value === '' && was === null ? null : edit.value;
  }
  return { ...page, node: next } as T;
}

/** An edit made offline, as the page's field gives it. */
export type OfflineEdit = Pick<QueuedEdit, 'field' | 'fieldLabel' | 'value' | 'before' | 'input' | 'choices'>;

export interface SavedCopy<T> {
  /** The record's global id. */
  id: string;
  /** The page shows the copy kept on this device (the browser is offline, or the server cannot be reached). */
  offline: boolean;
  /** Offline: the copy kept here (null: none), undefined while it is being read. */
  saved: OfflineRecord<T> | null | undefined;
  /** What the page shows: the server's answer online; offline, the kept copy with newer values and queued edits laid over. */
  data: T | undefined;
  /** When the copy shown offline last came from the server (epoch ms), else null. */
  savedAt: number | null;
  /** This record's queued edits (waiting, in conflict, refused). */
  edits: QueuedEdit[];
  /** Queue an edit made offline; resolves to null (kept, sent once back online). */
  queue: (edit: OfflineEdit) => Promise<string | null>;
}

/**
 * A record page on the offline store (src/offline/store.ts): the page's result is kept when it
 * loads online (the record becomes "recently viewed"); offline, the page reads the kept copy, kept
 * current by the change feed, and edits are queued (src/offline/queue.ts).
 */
export function useSavedRecord<T>({
  recordType,
  id,
  data,
  error,
  label,
  onReconnect,
  fromValues,
}: {
  recordType: string;
  id: string;
  data: T | undefined;
  error: CombinedError | undefined;
  /** The record's name when `data` holds the record, else null (not found, not allowed). */
  label: (data: T) => string | null;
  /** Called when the browser is back online (e.g. to ask the server again). */
  onReconnect?: () => void;
  /** A page's result built from the feed's values, for a record of the member's own never opened here. */
  fromValues?: (values: Record<string, unknown>) => T;
}): SavedCopy<T> {
  const scope = useOfflineScope();
  const online = useOnline();
  const offline = !online || Boolean(error?.networkError);
  // Partial data is fine (fields the role hides come back null with an error each).
  const found = data !== undefined && !error?.networkError ? label(data) : null;
  const [saved, setSaved] = useState<{ id: string; record: OfflineRecord<T> | null } | null>(null);
  const revision = useOfflineRevision();
  const edits = useQueuedEdits(id);
  const reconnect = useRef(onReconnect);
  const wasOnline = useRef(online);
  useEffect(() => {
    reconnect.current = onReconnect;
  });
  useEffect(() => {
    if (online && !wasOnline.current) reconnect.current?.();
    wasOnline.current = online;
  }, [online]);

  useEffect(() => {
    // Only a copy fresh from the server: offline, urql may still hand back what it had in memory.
    if (!online || found === null || data === undefined) return;
    // A record the feed told no version of (not the member's own): asked by id at once, so an edit
    // made on it offline is checked against the version it was made on.
    void rememberViewed(scope, { id, recordType, label: found, page: data })
      .then(() => versionOf(scope, id))
      .then((version) => version === null && syncSoon());
  }, [online, found, data, id, recordType, scope]);

  useEffect(() => {
    if (!offline) return;
    let cancelled = false;
    void loadRecord<T>(scope, id).then((record) => {
      if (!cancelled) setSaved({ id, record });
    });
    return () => {
      cancelled = true;
    };
  }, [offline, id, scope, revision]);

  const queue = useCallback(
    async (edit: OfflineEdit) => {
      const record = saved?.id === id ? saved.record : null;
      await queueEdit(scope, { ...edit, recordType, recordId: id, recordLabel: record?.label ?? found ?? '' });
      return null;
    },
    [scope, recordType, id, saved, found],
  );

  const record = offline && saved?.id === id ? saved.record : undefined;
  const shown = useMemo(() => {
    if (!offline) return data;
    if (!record) return undefined;
    const live = edits.filter((e) => e.state !== 'refused');
    if (record.page) return layOver(record.page, (record.valuesAt ?? 0) > (record.pageAt ?? 0) ? record.values : null, live);
    return record.values && fromValues ? layOver(fromValues(record.values), null, live) : undefined;
  }, [offline, data, record, edits, fromValues]);
  return { id, offline, saved: offline ? record : undefined, data: shown, savedAt: record ? freshAt(record) : null, edits, queue };
}

type NodeOf<T, R extends string> = Extract<NonNullable<T extends { node?: infer N } ? N : never>, { __typename: R }>;

/**
 * A record page's `node` through the offline store (`useSavedRecord`), for a page that asks
 * `node(id:)`: online the server's, offline the copy kept here. `waiting`: show a loader; `node`
 * null otherwise: offline, `<OfflineNotice copy missing />`, online the page's "not found".
 */
export function useSavedNode<T extends { node?: unknown }, R extends string>({
  recordType,
  id,
  data,
  fetching,
  error,
  name,
  onReconnect,
}: {
  /** The GraphQL type name (`Deal`), also the node's `__typename`. */
  recordType: R;
  id: string;
  data: T | undefined;
  fetching: boolean;
  error: CombinedError | undefined;
  /** The record's name (what "Available offline" lists). */
  name: (node: NodeOf<T, R>) => string;
  onReconnect?: () => void;
}): { copy: SavedCopy<T>; node: NodeOf<T, R> | null; waiting: boolean } {
  const nodeIn = (d: T | undefined) => {
    const node = (d as { node?: { __typename?: string } | null } | undefined)?.node;
    return node?.__typename === recordType ? (node as NodeOf<T, R>) : null;
  };
  const copy = useSavedRecord<T>({
    recordType,
    id,
    data,
    error,
    label: (d) => {
      const node = nodeIn(d);
      return node ? name(node) : null;
    },
    onReconnect,
  });
  const waiting = copy.offline ? copy.saved === undefined : fetching && !data;
  return { copy, node: nodeIn(copy.data), waiting };
}

/**
 * A record page's `RecordFields.onSave` while offline: the edit is queued (the field shows the new
 * value at once, "waiting to be sent"), `inputOf` giving the update input the online save would send.
 */
export function queueFieldEdit(copy: SavedCopy<unknown>, inputOf: (field: string, value: string) => Record<string, unknown>) {
  return (field: string, value: string, def: FieldDef) =>
    copy.queue({
      field,
      fieldLabel: def.label,
      value,
      before: def.value,
      input: inputOf(field, value),
      choices: def.editor?.kind === 'select' ? def.editor.options : undefined,
    });
}
