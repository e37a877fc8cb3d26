/**
 * Recently viewed records, kept on this device (IndexedDB) so a record page can still be read
 * offline. A stop-gap: the sync query of the integration module will replace this store (and the
 * record pages will read its local copy instead).
 *
 * One entry per workspace (tenant subdomain) and record id; the newest RECENT_LIMIT per workspace
 * stay, older ones are dropped. Logging out clears everything. Every call is best-effort: without
 * IndexedDB (private modes, tests) nothing is saved and nothing is found.
 */
import { clear, createStore, delMany, entries, get, set, type UseStore } from 'idb-keyval';

export const RECENT_LIMIT = 50;

export interface SavedRecord<T = unknown> {
  workspace: string;
  id: string;
  /** "Company", "Contact"… */
  recordType: string;
  /** What a list shows (the name). */
  label: string;
  /** Who looked at it: another member on this browser never sees it (their field rules differ). */
  viewer: string;
  /** Epoch milliseconds. */
  savedAt: number;
  /** The record page's query result, as it came. */
  data: T;
}

let store: UseStore | null = null;

function recentStore(): UseStore | null {
  if (typeof indexedDB === 'undefined') return null;
  store ??= createStore('crm-offline', 'recent-records');
  return store;
}

/** For tests: open the database afresh (e.g. after fake-indexeddb was reset). */
export function resetRecentStoreForTests(): void {
  store = null;
}

const keyOf = (workspace: string, id: string) => `${workspace}|${id}`;

async function quietly<T>(fallback: T, work: (db: UseStore) => Promise<T>): Promise<T> {
  const db = recentStore();
  if (!db) return fallback;
  try {
    return await work(db);
  } catch {
    return fallback;
  }
}

async function entriesOf(db: UseStore, workspace: string): Promise<SavedRecord[]> {
  const all = (await entries<string, SavedRecord>(db)).map(([, value]) => value);
  return all.filter((r) => r.workspace === workspace).sort((a, b) => b.savedAt - a.savedAt);
}

/** Keep a copy of a record just loaded; the workspace's oldest copies beyond `limit` go. */
export function saveRecent<T>(record: Omit<SavedRecord<T>, 'savedAt'> & { savedAt?: number }, limit = RECENT_LIMIT): Promise<void> {
  return quietly(undefined, async (db) => {
    const saved: SavedRecord<T> = { ...record, savedAt: record.savedAt ?? Date.now() };
    await set(keyOf(saved.workspace, saved.id), saved, db);
    const stale = (await entriesOf(db, saved.workspace)).slice(limit);
    if (stale.length) await delMany(stale.map((r) => keyOf(r.workspace, r.id)), db);
  });
}

/** The copy of one record saved in this workspace for this viewer, if any. */
export function loadRecent<T>(workspace: string, id: string, viewer: string): Promise<SavedRecord<T> | null> {
  return quietly(null, async (db) => {
    const saved = await get<SavedRecord<T>>(keyOf(workspace, id), db);
    return saved && saved.viewer === viewer ? saved : null;
  });
}

/** The workspace's saved records of this viewer, newest first. */
export function listRecent(workspace: string, viewer: string, limit = RECENT_LIMIT): Promise<SavedRecord[]> {
  return quietly([], async (db) => (await entriesOf(db, workspace)).filter((r) => r.viewer === viewer).slice(0, limit));
}

/** Forget every saved record (on log out: the next person on this browser sees none of them). */
export function clearRecent(): Promise<void> {
  return quietly(undefined, (db) => clear(db));
}
