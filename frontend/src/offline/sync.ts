/**
 * Pulling the change feed into the offline store: `changes(since: cursor, types:, mine: true)` page after page
 * until caught up, the cursor kept on the device after each page (a pull cut short resumes where it
 * stopped; applying a page twice is harmless). A refused cursor (another release's types, a key
 * rotated) starts the feed over without `since`. The first pass reads the member's own records only;
 * the recently viewed ones it did not bring are asked by id (`fillVersions`).
 */
import { applyFeed, forgetFeed, listOffline, loadPosition, savePosition, versionOf, type FeedChange, type Scope } from './store';

/** A record type kept offline, as a module declares it (`CrmModule.offline`). */
export interface SyncedType {
  /** GraphQL type name, e.g. `Company`. */
  recordType: string;
  /** Its `RecordType` enum name for `changes(types:)`, e.g. `COMPANY`. */
  feedType: string;
  /** The record's name from the feed's values. */
  label: (values: Record<string, unknown>) => string;
}

export interface FeedPage {
  changes: FeedChange[];
  cursor: string;
  hasMore: boolean;
}

/** The server refused the cursor (`INVALID_CURSOR`): start again without one. */
export class InvalidCursor extends Error {}

/**
 * Ask the server for one page of the feed whose first pass holds the member's own records only
 * (`changes(mine: true)`), or, with `ids`, a first pass of just those records; throws InvalidCursor,
 * or anything else when it cannot be reached.
 */
export type FetchFeed = (since: string | null, types: string[], ids?: string[]) => Promise<FeedPage>;

// The cursor is the feed's with `mine`: one kept from before (every readable record) starts over.
const MINE = '|mine';

/** Pull until caught up (or `maxPages`); returns the number of changes applied. */
export async function pullChanges(scope: Scope, meId: string, types: SyncedType[], fetch: FetchFeed, maxPages = 200): Promise<number> {
  if (!types.length) return 0;
  const feedTypes = types.map((t) => t.feedType).sort();
  const fingerprint = feedTypes.join(',') + MINE;
  const label = labeller(types);
  let position = await loadPosition(scope);
  if (position && position.types !== fingerprint) {
    await forgetFeed(scope);
    position = null;
  }
  let since = position?.cursor ?? null;
  let applied = 0;
  for (let page = 0; page < maxPages; page += 1) {
    let answer: FeedPage;
    try {
      answer = await fetch(since, feedTypes);
    } catch (error) {
      if (!(error instanceof InvalidCursor) || since === null) throw error;
      await forgetFeed(scope);
      await savePosition(scope, null);
      since = null;
      continue;
    }
    await applyFeed(scope, meId, answer.changes, label);
    await savePosition(scope, { cursor: answer.cursor, types: fingerprint });
    applied += answer.changes.length;
    since = answer.cursor;
    if (!answer.hasMore) break;
  }
  return applied;
}

/** The record's name from its type's declaration ('' when deleted; null: a type not kept). */
function labeller(types: SyncedType[]) {
  const byName = new Map(types.map((t) => [t.recordType, t]));
  return (change: FeedChange) => {
    const type = byName.get(change.recordType);
    return type ? (change.values ? type.label(change.values) : '') : null;
  };
}

/**
 * The recently viewed records the feed told no version of (the first pass reads only the member's own
 * ones): their state and version now, asked by id (`changes(ids:)` without a cursor, one page), so an
 * edit made offline on them is checked against the version it was made on. Returns how many came.
 */
export async function fillVersions(scope: Scope, meId: string, types: SyncedType[], fetch: FetchFeed, limit = 100): Promise<number> {
  const kept = new Set(types.map((t) => t.recordType));
  const viewed = (await listOffline(scope)).filter((r) => r.viewedAt !== null && kept.has(r.recordType));
  const missing: string[] = [];
  for (const record of viewed) if ((await versionOf(scope, record.id)) === null) missing.push(record.id);
  if (!missing.length) return 0;
  const feedTypes = [...new Set(types.map((t) => t.feedType))].sort();
  const answer = await fetch(null, feedTypes, missing.slice(0, limit));
  await applyFeed(scope, meId, answer.changes, labeller(types));
  return answer.changes.length;
}

// One pull at a time per page: a live event during a pull asks for one more pull after it, not a second one alongside.
let running: Promise<number> | null = null;
let again = false;

/** Pull now, or once more after the pull running now. */
export function pullSoon(run: () => Promise<number>): Promise<number> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    let total = 0;
    try {
      do {
        again = false;
        total += await run();
      } while (again);
    } finally {
      running = null;
    }
    return total;
  })();
  return running;
}

const SYNC_EVENT = 'crm-offline-sync';

/** Ask the mounted OfflineSync to replay the queue and pull now (a conflict settled, a record opened whose version is unknown). */
export function syncSoon(): void {
  window.dispatchEvent(new Event(SYNC_EVENT));
}

/** Call `listener` whenever `syncSoon` asks. */
export function onSyncAsked(listener: () => void): () => void {
  window.addEventListener(SYNC_EVENT, listener);
  return () => window.removeEventListener(SYNC_EVENT, listener);
}
