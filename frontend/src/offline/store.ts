/**
 * The offline store: the records this member may read offline, kept on this device (IndexedDB
 * through idb-keyval) and kept current by the change feed (`changes(since:)`, src/offline/sync.ts).
 *
 * It holds, per workspace and member (a "scope"):
 * - records: the ones recently opened here (the newest RECENT_LIMIT, with the record page's query
 *   result as it came) and the member's own ones (owner = me, from the feed's values);
 * - versions: every synced record's version as the feed last told it (what an offline edit is made
 *   against: `expectedVersion`);
 * - meta: the feed's cursor, and which scope the store belongs to;
 * - the queue of edits made offline (src/offline/queue.ts).
 *
 * Only what the server returned to this member is kept. Signing out, or another member or workspace
 * signing in on this browser, wipes everything (`adoptScope`, `wipeOffline`); a session the server
 * ended wipes that member's (`wipeScope`). Every call is
 * best-effort: without IndexedDB (some private modes) nothing is kept and nothing is found.
 */
import { clear, createStore, del, delMany, entries, get, getMany, set, setMany, type UseStore } from 'idb-keyval';

export const RECENT_LIMIT = 50;

/** Whose store: the workspace (tenant subdomain) and the member (e-mail). */
export interface Scope {
  workspace: string;
  viewer: string;
}

export interface OfflineRecord<T = unknown> {
  workspace: string;
  /** Who may see it: another member on this browser never does (their roles and field rules differ). */
  viewer: string;
  /** The record's global id. */
  id: string;
  /** "Company", "Contact"… */
  recordType: string;
  /** What a list shows (the name). */
  label: string;
  /** The feed's values (by GraphQL name, as `changes` gives them); null until the feed brought it. */
  values: Record<string, unknown> | null;
  /** Epoch milliseconds the values came. */
  valuesAt: number | null;
  /** The record page's query result when last opened online; null when never opened here. */
  page: T | null;
  pageAt: number | null;
  /** Epoch milliseconds last opened here; null: kept only because it is the member's own. */
  viewedAt: number | null;
  /** The member owns it (the feed's `owner` is `me.id`). */
  own: boolean;
}

interface Stores {
  records: UseStore;
  versions: UseStore;
  meta: UseStore;
  queue: UseStore;
}

let stores: Stores | null = null;

/** idb-keyval keeps one object store per database: one database each. */
export function offlineStores(): Stores | null {
  if (typeof indexedDB === 'undefined') return null;
  stores ??= {
    records: createStore('crm-offline', 'records'),
    versions: createStore('crm-offline-versions', 'versions'),
    meta: createStore('crm-offline-meta', 'meta'),
    queue: createStore('crm-offline-queue', 'edits'),
  };
  return stores;
}

/** For tests: open the databases afresh (e.g. after fake-indexeddb was reset). */
export function resetOfflineStoreForTests(): void {
  stores = null;
}

export async function quietly<T>(fallback: T, work: (db: Stores) => Promise<T>): Promise<T> {
  const db = offlineStores();
  if (!db) return fallback;
  try {
    return await work(db);
  } catch {
    return fallback;
  }
}

// Pages and banners re-read the store when it changes (a pull, a queued edit, a replay).
const listeners = new Set<() => void>();
export function onOfflineChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
export function offlineChanged(): void {
  for (const listener of [...listeners]) listener();
}

export const scopeKey = (scope: Scope) => `${scope.workspace}|${scope.viewer}`;
export const recordKey = (scope: Scope, id: string) => `${scopeKey(scope)}|${id}`;
const inScope = (scope: Scope, r: { workspace: string; viewer: string }) => r.workspace === scope.workspace && r.viewer === scope.viewer;

async function recordsOf(db: Stores, scope: Scope): Promise<OfflineRecord[]> {
  return (await entries<string, OfflineRecord>(db.records)).map(([, value]) => value).filter((r) => inScope(scope, r));
}

/** Opened records beyond `limit` stop being "recently viewed"; those not the member's own go. */
async function evictViewed(db: Stores, scope: Scope, limit: number): Promise<void> {
  const viewed = (await recordsOf(db, scope)).filter((r) => r.viewedAt !== null).sort((a, b) => (b.viewedAt ?? 0) - (a.viewedAt ?? 0));
  const stale = viewed.slice(limit);
  const gone = stale.filter((r) => !r.own).map((r) => recordKey(scope, r.id));
  const kept = stale.filter((r) => r.own).map((r) => [recordKey(scope, r.id), { ...r, viewedAt: null }] as [string, OfflineRecord]);
  if (gone.length) await delMany(gone, db.records);
  if (kept.length) await setMany(kept, db.records);
}

/** Keep a record page's result just loaded online; the scope's oldest opened ones beyond `limit` go. */
export function rememberViewed<T>(
  scope: Scope,
  record: { id: string; recordType: string; label: string; page: T; viewedAt?: number },
  limit = RECENT_LIMIT,
): Promise<void> {
  return quietly(undefined, async (db) => {
    const key = recordKey(scope, record.id);
    const at = record.viewedAt ?? Date.now();
    const before = await get<OfflineRecord<T>>(key, db.records);
    const saved: OfflineRecord<T> = {
      values: null,
      valuesAt: null,
      own: false,
      ...before,
      ...scope,
      id: record.id,
      recordType: record.recordType,
      label: record.label,
      page: record.page,
      pageAt: at,
      viewedAt: at,
    };
    await set(key, saved, db.records);
    await evictViewed(db, scope, limit);
    offlineChanged();
  });
}

/** The copy of one record kept for this scope, if any. */
export function loadRecord<T>(scope: Scope, id: string): Promise<OfflineRecord<T> | null> {
  return quietly(null, async (db) => {
    const saved = await get<OfflineRecord<T>>(recordKey(scope, id), db.records);
    return saved && inScope(scope, saved) ? saved : null;
  });
}

/** The record's version as the feed last told it (null: not known yet). */
export function versionOf(scope: Scope, id: string): Promise<number | null> {
  return quietly(null, async (db) => (await get<number>(recordKey(scope, id), db.versions)) ?? null);
}

/** When a record's copy was last refreshed from the server. */
export const freshAt = (r: OfflineRecord) => Math.max(r.pageAt ?? 0, r.valuesAt ?? 0);

/**
 * Every record available offline in this scope: the recently opened ones (newest first), then the
 * member's own ones by name.
 */
export function listOffline(scope: Scope): Promise<OfflineRecord[]> {
  return quietly([], async (db) => {
    const all = await recordsOf(db, scope);
    const viewed = all.filter((r) => r.viewedAt !== null).sort((a, b) => (b.viewedAt ?? 0) - (a.viewedAt ?? 0));
    const own = all.filter((r) => r.viewedAt === null).sort((a, b) => a.label.localeCompare(b.label));
    return [...viewed, ...own];
  });
}

/** One change of the feed, as `changes` answers it. */
export interface FeedChange {
  id: string;
  recordType: string;
  /** `CREATED`, `UPDATED`, `DELETED` (drop the copy), or another action the feed may add (kept like an update). */
  action: string;
  version: number | null;
  values: Record<string, unknown> | null;
}

/**
 * Apply a page of the feed: versions follow every change; a kept record takes the new values; a
 * record of the member's own joins; one deleted (or no longer readable) leaves; one no longer the
 * member's and not opened here leaves. `label(change)` names a record (null: a type not kept).
 */
export function applyFeed(scope: Scope, meId: string, changes: FeedChange[], label: (change: FeedChange) => string | null): Promise<void> {
  return quietly(undefined, async (db) => {
    if (!changes.length) return;
    const keys = changes.map((c) => recordKey(scope, c.id));
    const existing = await getMany<OfflineRecord | undefined>(keys, db.records);
    const gone: string[] = [];
    const put: [string, OfflineRecord][] = [];
    const versions: [string, number][] = [];
    const now = Date.now();
    changes.forEach((change, i) => {
      const key = keys[i];
      const before = existing[i] && inScope(scope, existing[i]) ? existing[i] : undefined;
      const name = label(change);
      if (change.action === 'DELETED' || !change.values || name === null) {
        gone.push(key);
        return;
      }
      if (change.version !== null) versions.push([key, change.version]);
      const own = change.values.owner === meId;
      if (!own && !before?.viewedAt) {
        if (before) gone.push(key);
        return;
      }
      put.push([
        key,
        {
          page: null,
          pageAt: null,
          viewedAt: null,
          ...before,
          ...scope,
          id: change.id,
          recordType: change.recordType,
          label: name || before?.label || '',
          values: change.values,
          valuesAt: now,
          own,
        },
      ]);
    });
    if (gone.length) {
      await delMany(gone, db.records);
      await delMany(gone, db.versions);
    }
    if (put.length) await setMany(put, db.records);
    if (versions.length) await setMany(versions, db.versions);
    offlineChanged();
  });
}

/** Starting the feed over: forget versions and the records kept only as the member's own (the first pass brings them back). */
export function forgetFeed(scope: Scope): Promise<void> {
  return quietly(undefined, async (db) => {
    const prefix = `${scopeKey(scope)}|`;
    const versions = (await entries<string, number>(db.versions)).map(([key]) => key).filter((key) => key.startsWith(prefix));
    if (versions.length) await delMany(versions, db.versions);
    const ownOnly = (await recordsOf(db, scope)).filter((r) => r.viewedAt === null).map((r) => recordKey(scope, r.id));
    if (ownOnly.length) await delMany(ownOnly, db.records);
    offlineChanged();
  });
}

export interface FeedPosition {
  cursor: string;
  /** The feed types the cursor was given for (a cursor is refused for others). */
  types: string;
}

export function loadPosition(scope: Scope): Promise<FeedPosition | null> {
  return quietly(null, async (db) => (await get<FeedPosition>(`cursor|${scopeKey(scope)}`, db.meta)) ?? null);
}

export function savePosition(scope: Scope, position: FeedPosition | null): Promise<void> {
  return quietly(undefined, async (db) => {
    const key = `cursor|${scopeKey(scope)}`;
    await (position ? set(key, position, db.meta) : del(key, db.meta));
  });
}

/** Forget everything kept on this device (on log out: the next person on this browser sees none of it). */
export function wipeOffline(): Promise<void> {
  return quietly(undefined, async (db) => {
    await Promise.all([clear(db.records), clear(db.versions), clear(db.meta), clear(db.queue)]);
    offlineChanged();
  });
}

/**
 * Forget what was kept for one member of one workspace: their records, versions, feed cursor and
 * queued changes. For a session the server ended (signed out elsewhere, deactivated, access revoked,
 * expired): nobody may read their copies on this browser any more, and their queued changes could
 * not be sent under their name. Other scopes' data stays.
 */
export function wipeScope(scope: Scope): Promise<void> {
  return quietly(undefined, async (db) => {
    const prefix = `${scopeKey(scope)}|`;
    const keysOf = async (store: UseStore) => (await entries<string, unknown>(store)).map(([key]) => key);
    const records = (await recordsOf(db, scope)).map((r) => recordKey(scope, r.id));
    const versions = (await keysOf(db.versions)).filter((key) => key.startsWith(prefix));
    const queued = (await entries<string, { workspace?: string; viewer?: string }>(db.queue)).filter(([, e]) => e && inScope(scope, { workspace: e.workspace ?? '', viewer: e.viewer ?? '' })).map(([key]) => key);
    const [owner] = await getMany<string | undefined>(['scope'], db.meta);
    const meta = [`cursor|${scopeKey(scope)}`, ...(owner === scopeKey(scope) ? ['scope', 'role'] : [])];
    await Promise.all([delMany(records, db.records), delMany(versions, db.versions), delMany(queued, db.queue), delMany(meta, db.meta)]);
    offlineChanged();
  });
}

/**
 * The store belongs to one member of one workspace at a time: when another one signs in on this
 * browser, what was kept for the previous one is wiped before anything is shown. When the member's
 * role changed, the copies (read under the old role's field rules and scopes) are wiped and the feed
 * starts over; the changes made offline stay (the server checks them against the new role).
 */
export function adoptScope(scope: Scope, role = ''): Promise<void> {
  return quietly(undefined, async (db) => {
    const [owner, ownerRole] = await getMany<string | undefined>(['scope', 'role'], db.meta);
    if (owner === scopeKey(scope) && ownerRole === role) return;
    const kept = owner === scopeKey(scope) ? [] : [clear(db.queue)];
    await Promise.all([clear(db.records), clear(db.versions), clear(db.meta), ...kept]);
    await setMany(
      [
        ['scope', scopeKey(scope)],
        ['role', role],
      ],
      db.meta,
    );
    offlineChanged();
  });
}
