/**
 * Pulling the change feed into the offline store: `changes(since: cursor, types:)` page after page
 * until caught up, the cursor kept on the device after each page (a pull cut short resumes where it
 * stopped; applying a page twice is harmless). A refused cursor (another release's types, a key
 * rotated) starts the feed over without `since`.
 */
import { applyFeed, forgetFeed, loadPosition, savePosition, type FeedChange, type Scope } from './store';

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

/** Ask the server for one page; throws InvalidCursor, or anything else when it cannot be reached. */
export type FetchFeed = (since: string | null, types: string[]) => Promise<FeedPage>;

/** Pull until caught up (or `maxPages`); returns the number of changes applied. */
export async function pullChanges(scope: Scope, meId: string, types: SyncedType[], fetch: FetchFeed, maxPages = 200): Promise<number> {
  if (!types.length) return 0;
  const feedTypes = types.map((t) => t.feedType).sort();
  const fingerprint = feedTypes.join(',');
  const byName = new Map(types.map((t) => [t.recordType, t]));
  const label = (change: FeedChange) => {
    const type = byName.get(change.recordType);
    return type ? (change.values ? type.label(change.values) : '') : null;
  };
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
