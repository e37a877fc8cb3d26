/**
 * Edits made offline: queued on the device (IndexedDB, so a reload or a closed tab keeps them),
 * replayed in the order they were made once the server answers again, each against the version of
 * the record it was made on (`expectedVersion`).
 *
 * The edits of one record made against one version go out as one update. When the server answers
 * CONFLICT (someone changed the record meanwhile), the feed is pulled and each field is looked at:
 * - nobody else changed it (the server still has what the member saw): sent again on the new version;
 * - the server already has the member's value: nothing to send;
 * - someone else changed it: a conflict the member settles, seeing both values — keep theirs (sent
 *   again on the new version) or take the server's (the edit is dropped).
 * An edit the server refuses for another reason (a validation, a right lost) stays, with its message,
 * until the member dismisses it.
 */
import { del, delMany, entries, get, set, setMany } from 'idb-keyval';

import { loadRecord, offlineChanged, quietly, scopeKey, versionOf, type Scope } from './store';

export interface Choice {
  value: string;
  label: string;
}

/** What a queued change does: a field's edit (the default), a record made offline, or one deleted offline. */
export type ChangeKind = 'update' | 'create' | 'delete';

/** A record made offline is named by this until the server gives it its id. */
export const NEW_RECORD = 'offline-new:';

export interface QueuedEdit {
  key: string;
  /** Absent: `update` (edits queued before creates and deletes were). */
  op?: ChangeKind;
  workspace: string;
  viewer: string;
  /** Order made. */
  seq: number;
  recordType: string;
  /** The record's global id. */
  recordId: string;
  recordLabel: string;
  /** The API's field name (camelCase). */
  field: string;
  fieldLabel: string;
  /** The new value as the field's editor holds it ('' when empty). */
  value: string;
  /** The value the member saw when editing, as the editor holds it. */
  before: string;
  /** The update input for this field (without `id` and `expectedVersion`). */
  input: Record<string, unknown>;
  /** A choice field's options, to show values by their labels. */
  choices?: Choice[];
  /** The record's version the edit was made against (null: unknown, sent without a check). */
  baseVersion: number | null;
  queuedAt: number;
  state: 'pending' | 'conflict' | 'refused';
  /** A conflict: the server's value now (as the feed gives it) and its version. */
  theirs?: unknown;
  theirVersion?: number | null;
  /** Refused: the server's message. */
  message?: string;
}

export type SendAnswer =
  /** `id`: a created record's global id. */
  | { kind: 'saved'; id?: string }
  /** Not reached (offline, server down): try again later. */
  | { kind: 'unreachable' }
  | { kind: 'conflict' }
  | { kind: 'refused'; message: string };

/**
 * Send one change: an update (`input` holds `id` and, when known, `expectedVersion`), a create (the
 * create input) or a delete (`{id}`).
 */
export type SendEdit = (recordType: string, input: Record<string, unknown>, op?: ChangeKind) => Promise<SendAnswer>;

const opOf = (e: QueuedEdit): ChangeKind => e.op ?? 'update';

const inScope = (scope: Scope, e: QueuedEdit) => e.workspace === scope.workspace && e.viewer === scope.viewer;

async function editsOf(scope: Scope): Promise<QueuedEdit[]> {
  return quietly([], async (db) =>
    (await entries<string, QueuedEdit>(db.queue))
      .map(([, value]) => value)
      .filter((e) => inScope(scope, e))
      .sort((a, b) => a.seq - b.seq),
  );
}

/** The queued edits of this scope, in the order they were made. */
export const listEdits = editsOf;

let lastSeq = 0;
/** Increasing also within one millisecond, and across reloads (from the clock). */
function nextSeq(): number {
  lastSeq = Math.max(lastSeq + 1, Date.now() * 1000);
  return lastSeq;
}

/**
 * Queue an edit made offline. A second edit of the same field while the first still waits replaces
 * its value (one change to send, against the version the first was made on).
 */
export function queueEdit(
  scope: Scope,
  edit: Pick<QueuedEdit, 'recordType' | 'recordId' | 'recordLabel' | 'field' | 'fieldLabel' | 'value' | 'before' | 'input' | 'choices'>,
): Promise<void> {
  return quietly(undefined, async (db) => {
    const waiting = (await editsOf(scope)).find((e) => e.recordId === edit.recordId && e.field === edit.field && e.state === 'pending' && opOf(e) === 'update');
    if (waiting) {
      await set(waiting.key, { ...waiting, value: edit.value, input: edit.input, queuedAt: Date.now() }, db.queue);
    } else {
      const seq = nextSeq();
      const queued: QueuedEdit = {
        ...edit,
        ...scope,
        key: `${scopeKey(scope)}|${String(seq).padStart(20, '0')}`,
        seq,
        baseVersion: await versionOf(scope, edit.recordId),
        queuedAt: Date.now(),
        state: 'pending',
      };
      await set(queued.key, queued, db.queue);
    }
    offlineChanged();
  });
}

/**
 * Queue a record made offline (`input`: the create mutation's) or one deleted offline. A new record is
 * named `offline-new:<n>` until replayed; edits and a delete queued for it after go out on the id the
 * server gave it. Resolves to the record's id in the queue.
 */
export function queueChange(
  scope: Scope,
  change: { op: 'create' | 'delete'; recordType: string; recordId?: string; recordLabel: string; what: string; input?: Record<string, unknown> },
): Promise<string> {
  return quietly('', async (db) => {
    const seq = nextSeq();
    const recordId = change.op === 'create' ? `${NEW_RECORD}${seq}` : (change.recordId ?? '');
    const queued: QueuedEdit = {
      ...scope,
      key: `${scopeKey(scope)}|${String(seq).padStart(20, '0')}`,
      seq,
      op: change.op,
      recordType: change.recordType,
      recordId,
      recordLabel: change.recordLabel,
      field: '',
      fieldLabel: change.what,
      value: '',
      before: '',
      input: change.input ?? {},
      baseVersion: change.op === 'delete' ? await versionOf(scope, recordId) : null,
      queuedAt: Date.now(),
      state: 'pending',
    };
    await set(queued.key, queued, db.queue);
    offlineChanged();
    return recordId;
  });
}

/** A feed value as an editor holds it, to compare with what the member saw or typed. */
export function asEditorText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(asEditorText).join(', ');
  if (typeof value === 'object') {
    const amount = (value as { amount?: unknown }).amount;
    return amount === undefined ? JSON.stringify(value) : String(amount);
  }
  return String(value);
}

/** Two values as an editor holds them, the same? (lists compare item by item, numbers by value) */
function sameText(a: string, b: string): boolean {
  const norm = (s: string) => s.split(',').map((p) => p.trim()).filter(Boolean).join(',');
  if (norm(a) === norm(b)) return true;
  return a.trim() !== '' && b.trim() !== '' && !Number.isNaN(Number(a)) && Number(a) === Number(b);
}

/** One update of a record from its edits: custom fields (`{customFields: [...]}` each) go together. */
export function mergedInput(recordId: string, edits: Pick<QueuedEdit, 'input'>[]): Record<string, unknown> {
  const input: Record<string, unknown> = { id: recordId };
  const custom: unknown[] = [];
  for (const e of edits) {
    const { customFields, ...rest } = e.input as { customFields?: unknown[] };
    Object.assign(input, rest);
    if (Array.isArray(customFields)) custom.push(...customFields);
  }
  if (custom.length) input.customFields = custom;
  return input;
}

export interface ReplayOutcome {
  saved: number;
  conflicts: number;
  refused: number;
  /** Stopped: the server could not be reached (the rest waits). */
  unreachable: boolean;
}

/**
 * Send the scope's pending edits in order. `refresh` pulls the feed (after a conflict, to learn the
 * server's values and version).
 */
export async function replayEdits(scope: Scope, send: SendEdit, refresh: () => Promise<unknown>): Promise<ReplayOutcome> {
  const outcome: ReplayOutcome = { saved: 0, conflicts: 0, refused: 0, unreachable: false };
  const tried = new Set<string>();
  for (let round = 0; round < 100; round += 1) {
    const pending = (await editsOf(scope)).filter((e) => e.state === 'pending');
    // The oldest edit not yet sent this run, with the other edits of its record made on the same version.
    const first = pending.find((e) => !tried.has(`${e.key}@${e.baseVersion}`));
    if (!first) break;
    const op = opOf(first);
    const group = op === 'update' ? pending.filter((e) => opOf(e) === 'update' && e.recordId === first.recordId && e.baseVersion === first.baseVersion) : [first];
    for (const e of group) tried.add(`${e.key}@${e.baseVersion}`);
    if (op !== 'create' && first.recordId.startsWith(NEW_RECORD)) {
      // Its creation was refused (or is still to settle): nothing to send it to; the member sees why.
      await quietly(undefined, (db) => setMany(group.map((e) => [e.key, { ...e, state: 'refused', message: 'The record made offline was not created.' }]), db.queue));
      outcome.refused += group.length;
      offlineChanged();
      continue;
    }
    const input = op === 'create' ? { ...first.input } : op === 'delete' ? { id: first.recordId } : mergedInput(first.recordId, group);
    if (op === 'update' && first.baseVersion !== null) input.expectedVersion = first.baseVersion;
    const answer = await send(first.recordType, input, op);
    if (answer.kind === 'unreachable') {
      outcome.unreachable = true;
      break;
    }
    if (answer.kind === 'saved') {
      await quietly(undefined, async (db) => {
        await delMany(group.map((e) => e.key), db.queue);
        // Created: the changes queued for the new record after it go to the id the server gave it.
        if (op === 'create' && answer.id) {
          const later = (await editsOf(scope)).filter((e) => e.recordId === first.recordId);
          await setMany(later.map((e) => [e.key, { ...e, recordId: answer.id, recordLabel: e.recordLabel || first.recordLabel }]), db.queue);
        }
      });
      outcome.saved += group.length;
    } else if (answer.kind === 'refused') {
      await quietly(undefined, (db) => setMany(group.map((e) => [e.key, { ...e, state: 'refused', message: answer.message }]), db.queue));
      outcome.refused += group.length;
    } else if (op !== 'update') {
      // Only updates carry a version to conflict with: any other refusal is shown as such.
      await quietly(undefined, (db) => set(first.key, { ...first, state: 'refused', message: 'The server refused the change.' }, db.queue));
      outcome.refused += 1;
    } else {
      await refresh();
      const record = await loadRecord(scope, first.recordId);
      const version = await versionOf(scope, first.recordId);
      const values = record?.values ?? {};
      const updates: [string, QueuedEdit][] = [];
      const settled: string[] = [];
      for (const e of group) {
        const theirs = values[e.field];
        // A custom field the record has no value for is absent from the feed's values: it is empty.
        const known = record?.values !== null && record?.values !== undefined && (e.field in values || e.field.startsWith('customFields.'));
        if (known && sameText(asEditorText(theirs), e.value)) settled.push(e.key);
        else if (known && version !== null && version !== e.baseVersion && sameText(asEditorText(theirs), e.before))
          updates.push([e.key, { ...e, baseVersion: version }]); // only other fields changed: send again on the new version
        else {
          updates.push([e.key, { ...e, state: 'conflict', theirs: known ? theirs : undefined, theirVersion: version }]);
          outcome.conflicts += 1;
        }
      }
      await quietly(undefined, async (db) => {
        if (settled.length) await delMany(settled, db.queue);
        if (updates.length) await setMany(updates, db.queue);
      });
      outcome.saved += settled.length;
    }
    offlineChanged();
  }
  return outcome;
}

/**
 * Settle a conflict: keep the member's value, queued again on the server's version (sent with the
 * next replay). The server's value they saw becomes what the edit was made against: should the
 * version have moved on without that field changing again, it is sent again by itself.
 */
export function keepMine(scope: Scope, key: string): Promise<void> {
  return quietly(undefined, async (db) => {
    const edit = await get<QueuedEdit>(key, db.queue);
    if (!edit || !inScope(scope, edit) || edit.state !== 'conflict') return;
    const version = (await versionOf(scope, edit.recordId)) ?? edit.theirVersion ?? null;
    const before = edit.theirs === undefined ? edit.before : asEditorText(edit.theirs);
    await set(key, { ...edit, state: 'pending', before, baseVersion: version, theirs: undefined, theirVersion: undefined }, db.queue);
    offlineChanged();
  });
}

/** Settle a conflict by taking the server's value, or dismiss a refused edit: the edit is dropped. */
export function dropEdit(scope: Scope, key: string): Promise<void> {
  return quietly(undefined, async (db) => {
    const edit = await get<QueuedEdit>(key, db.queue);
    if (!edit || !inScope(scope, edit)) return;
    await del(key, db.queue);
    offlineChanged();
  });
}
