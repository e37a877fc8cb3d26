import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';

import { dropEdit, keepMine, listEdits, queueChange, queueEdit, replayEdits, type ChangeKind, type SendAnswer } from './queue';
import { listOffline, loadPosition, loadRecord, rememberViewed, resetOfflineStoreForTests, versionOf, type FeedChange } from './store';
import { fillVersions, InvalidCursor, pullChanges, type FeedPage, type SyncedType } from './sync';

const STARK = { workspace: 'stark', viewer: 'pepper@stark.example.com' };
const ME = 'VXNlcjox';
const TYPES: SyncedType[] = [{ recordType: 'Company', feedType: 'COMPANY', label: (v) => String(v.name ?? '') }];

/** A server keeping companies and the feed of their writes, as `changes` answers it. */
class Server {
  records = new Map<string, { values: Record<string, unknown>; version: number }>();
  log: FeedChange[] = [];
  reachable = true;
  sent: Record<string, unknown>[] = [];
  made = 2;
  /** The `ids` of each fetch (null: the feed). */
  asked: (string[] | null)[] = [];

  write(id: string, values: Record<string, unknown>): void {
    const before = this.records.get(id);
    const next = { values: { ...before?.values, ...values }, version: (before?.version ?? 0) + 1 };
    this.records.set(id, next);
    this.log.push({ id, recordType: 'Company', action: before ? 'UPDATED' : 'CREATED', version: next.version, values: next.values });
  }

  remove(id: string): void {
    this.records.delete(id);
    this.log.push({ id, recordType: 'Company', action: 'DELETED', version: null, values: null });
  }

  /** Cursors are positions in the log, two changes a page. */
  fetch = async (since: string | null, _types: string[] = [], ids?: string[]): Promise<FeedPage> => {
    if (!this.reachable) throw new TypeError('Failed to fetch');
    this.asked.push(ids ?? null);
    if (ids) {
      // `changes(ids:)` without a cursor: those records' state now.
      const changes = ids.flatMap((id) => {
        const r = this.records.get(id);
        return r ? [{ id, recordType: 'Company', action: 'CREATED', version: r.version, values: r.values }] : [];
      });
      return { changes, cursor: 'ids', hasMore: true };
    }
    if (since !== null && !/^\d+$/.test(since)) throw new InvalidCursor();
    const from = since === null ? 0 : Number(since);
    const changes = this.log.slice(from, from + 2);
    return { changes, cursor: String(from + changes.length), hasMore: from + changes.length < this.log.length };
  };

  send = async (_type: string, input: Record<string, unknown>, op: ChangeKind = 'update'): Promise<SendAnswer> => {
    if (!this.reachable) return { kind: 'unreachable' };
    this.sent.push(op === 'update' ? input : { op, ...input });
    if (op === 'create') {
      if (input.name === '') return { kind: 'refused', message: 'A company needs a name.' };
      this.made += 1;
      const id = `N${this.made}`;
      this.write(id, input);
      return { kind: 'saved', id };
    }
    if (op === 'delete') {
      if (!this.records.has(String(input.id))) return { kind: 'refused', message: 'This record does not exist.' };
      this.remove(String(input.id));
      return { kind: 'saved' };
    }
    const { id, expectedVersion, ...values } = input as { id: string; expectedVersion?: number; name?: unknown };
    const record = this.records.get(id);
    if (!record) return { kind: 'refused', message: 'This record does not exist.' };
    if (expectedVersion !== undefined && expectedVersion !== record.version) return { kind: 'conflict' };
    if (values.name === '') return { kind: 'refused', message: 'A company needs a name.' };
    // Custom fields come as `customFields: [{key, value}]`; the feed names them `customFields.<key>`.
    const { customFields, ...rest } = values as { customFields?: { key: string; value: unknown }[] };
    this.write(id, { ...rest, ...Object.fromEntries((customFields ?? []).map((c) => [`customFields.${c.key}`, c.value])) });
    return { kind: 'saved' };
  };
}

describe('pulling the change feed', () => {
  let server: Server;
  const pull = () => pullChanges(STARK, ME, TYPES, server.fetch);
  beforeEach(() => {
    globalThis.indexedDB = new IDBFactory();
    resetOfflineStoreForTests();
    server = new Server();
  });

  it('pulls page after page until caught up, and resumes from the kept cursor', async () => {
    server.write('A1', { name: 'Acme', owner: ME });
    server.write('A2', { name: 'Globex', owner: ME });
    server.write('A3', { name: 'Initech', owner: 'VXNlcjoy' });
    expect(await pull()).toBe(3);
    expect((await listOffline(STARK)).map((r) => r.label)).toEqual(['Acme', 'Globex']);
    expect((await loadPosition(STARK))?.cursor).toBe('3');

    server.write('A1', { name: 'Acme Corp' });
    server.remove('A2');
    expect(await pull()).toBe(2); // only what changed since
    expect((await listOffline(STARK)).map((r) => r.label)).toEqual(['Acme Corp']);
    expect(await versionOf(STARK, 'A1')).toBe(2);
  });

  it('replaying the feed ends at the server’s state', async () => {
    for (let i = 0; i < 7; i += 1) server.write(`A${i % 3}`, { name: `v${i}`, owner: i % 2 ? ME : null });
    server.remove('A0');
    await pull();
    const mine = [...server.records].filter(([, r]) => r.values.owner === ME);
    expect((await listOffline(STARK)).map((r) => [r.id, r.label]).sort()).toEqual(mine.map(([id, r]) => [id, r.values.name]).sort());
    for (const [id, r] of server.records) expect(await versionOf(STARK, id)).toBe(r.version);
  });

  it('starts over without a cursor when the server refuses it', async () => {
    server.write('A1', { name: 'Acme', owner: ME });
    await pull();
    const { set, createStore } = await import('idb-keyval');
    await set('cursor|stark|pepper@stark.example.com', { cursor: 'forged', types: 'COMPANY' }, createStore('crm-offline-meta', 'meta'));
    await pull();
    expect((await loadPosition(STARK))?.cursor).toBe('1');
    expect((await listOffline(STARK)).map((r) => r.label)).toEqual(['Acme']);
  });

  it('a recently viewed record the first pass did not bring (not the member’s own) gets its version by id, once', async () => {
    server.write('A1', { name: 'Acme', owner: ME });
    await pull();
    // A colleague's record the member may read, opened here; the feed (own records only) never told it.
    server.records.set('B1', { values: { name: 'Globex', owner: 'VXNlcjoy' }, version: 4 });
    await rememberViewed(STARK, { id: 'B1', recordType: 'Company', label: 'Globex', page: { node: { id: 'B1' } } });
    expect(await versionOf(STARK, 'B1')).toBeNull();
    expect(await fillVersions(STARK, ME, TYPES, server.fetch)).toBe(1);
    expect(server.asked.at(-1)).toEqual(['B1']); // only the one lacking a version
    expect(await versionOf(STARK, 'B1')).toBe(4);
    expect((await loadRecord(STARK, 'B1'))?.page).toEqual({ node: { id: 'B1' } }); // still recently viewed
    const calls = server.asked.length;
    expect(await fillVersions(STARK, ME, TYPES, server.fetch)).toBe(0);
    expect(server.asked.length).toBe(calls); // nothing left to ask: no request
  });

  it('an unreachable server leaves the store as it was', async () => {
    server.write('A1', { name: 'Acme', owner: ME });
    await pull();
    server.reachable = false;
    server.write('A1', { name: 'Changed' });
    await expect(pull()).rejects.toThrow('Failed to fetch');
    expect((await loadRecord(STARK, 'A1'))?.label).toBe('Acme');
  });
});

describe('edits made offline', () => {
  let server: Server;
  const pull = () => pullChanges(STARK, ME, TYPES, server.fetch);
  const replay = () => replayEdits(STARK, server.send, pull);
  const edit = (field: string, value: string, before: string, recordId = 'A1') =>
    queueEdit(STARK, { recordType: 'Company', recordId, recordLabel: 'Acme', field, fieldLabel: field, value, before, input: { [field]: value } });

  beforeEach(async () => {
    globalThis.indexedDB = new IDBFactory();
    resetOfflineStoreForTests();
    server = new Server();
    server.write('A1', { name: 'Acme', industry: 'Tools', phone: '1', owner: ME });
    server.write('A2', { name: 'Globex', industry: 'Energy', owner: ME });
    await pull();
    server.reachable = false;
  });

  it('are kept in order, wait while offline, and go out on the version they were made on', async () => {
    await edit('industry', 'Robotics', 'Tools');
    await edit('name', 'Globex Corp', 'Globex', 'A2');
    await edit('industry', 'Robots', 'Tools'); // the same field again: one change to send
    expect((await listEdits(STARK)).map((e) => [e.recordId, e.field, e.value, e.state])).toEqual([
      ['A1', 'industry', 'Robots', 'pending'],
      ['A2', 'name', 'Globex Corp', 'pending'],
    ]);
    expect((await replay()).unreachable).toBe(true);
    expect(await listEdits(STARK)).toHaveLength(2);

    server.reachable = true;
    expect(await replay()).toEqual({ saved: 2, conflicts: 0, refused: 0, unreachable: false });
    expect(server.sent).toEqual([
      { id: 'A1', industry: 'Robots', expectedVersion: 1 },
      { id: 'A2', name: 'Globex Corp', expectedVersion: 1 },
    ]);
    expect(await listEdits(STARK)).toEqual([]);
    expect(server.records.get('A1')?.values.industry).toBe('Robots');
  });

  it('two fields of one record go out as one update', async () => {
    await edit('industry', 'Robotics', 'Tools');
    await edit('phone', '2', '1');
    server.reachable = true;
    await replay();
    expect(server.sent).toEqual([{ id: 'A1', industry: 'Robotics', phone: '2', expectedVersion: 1 }]);
  });

  it('custom fields: edits of one record go out as one update, and a change by someone else is a conflict', async () => {
    const custom = (key: string, value: string, before: string) =>
      queueEdit(STARK, { recordType: 'Company', recordId: 'A1', recordLabel: 'Acme', field: `customFields.${key}`, fieldLabel: key, value, before, input: { customFields: [{ key, value }] } });
    server.reachable = true;
    server.write('A1', { 'customFields.tier': 'Gold' });
    await pull();
    server.reachable = false;
    await custom('tier', 'Platinum', 'Gold');
    await custom('region', 'EMEA', ''); // never set on the server: absent from the feed's values
    await edit('industry', 'Robotics', 'Tools');
    server.reachable = true;
    await replay();
    expect(server.sent).toEqual([
      { id: 'A1', industry: 'Robotics', customFields: [{ key: 'tier', value: 'Platinum' }, { key: 'region', value: 'EMEA' }], expectedVersion: 2 },
    ]);
    expect(server.records.get('A1')?.values).toMatchObject({ 'customFields.tier': 'Platinum', 'customFields.region': 'EMEA' });

    server.reachable = false;
    await custom('tier', 'Silver', 'Platinum');
    await custom('region', 'APAC', 'EMEA');
    server.reachable = true;
    server.write('A1', { 'customFields.tier': 'Bronze' }); // someone else, meanwhile
    expect(await replay()).toMatchObject({ conflicts: 1 });
    const [conflict] = await listEdits(STARK);
    expect(conflict).toMatchObject({ field: 'customFields.tier', state: 'conflict', value: 'Silver', theirs: 'Bronze' });
    // The other custom field, untouched by anyone else, went out again on the new version.
    expect(server.records.get('A1')?.values).toMatchObject({ 'customFields.tier': 'Bronze', 'customFields.region': 'APAC' });
  });

  it('records made and deleted offline go out in order: a create, then an edit and a delete of the new record on its new id', async () => {
    const made = await queueChange(STARK, { op: 'create', recordType: 'Company', recordLabel: 'Wayne', what: 'New', input: { name: 'Wayne', owner: ME } });
    expect(made).toMatch(/^offline-new:/);
    await edit('industry', 'Defence', '', made);
    await queueChange(STARK, { op: 'delete', recordType: 'Company', recordId: 'A2', recordLabel: 'Globex', what: 'Deleted' });
    const doomed = await queueChange(STARK, { op: 'create', recordType: 'Company', recordLabel: 'Temp', what: 'New', input: { name: 'Temp' } });
    await queueChange(STARK, { op: 'delete', recordType: 'Company', recordId: doomed, recordLabel: 'Temp', what: 'Deleted' });
    server.reachable = true;
    expect(await replay()).toMatchObject({ saved: 5, conflicts: 0, refused: 0 });
    expect(server.sent).toEqual([
      { op: 'create', name: 'Wayne', owner: ME },
      { id: 'N3', industry: 'Defence' },
      { op: 'delete', id: 'A2' },
      { op: 'create', name: 'Temp' },
      { op: 'delete', id: 'N4' },
    ]);
    expect(server.records.get('N3')?.values).toMatchObject({ name: 'Wayne', industry: 'Defence' });
    expect([...server.records.keys()].sort()).toEqual(['A1', 'N3']);
    expect(await listEdits(STARK)).toEqual([]);
  });

  it('a create the server refuses stays with its message, and so do the changes made to that record after it', async () => {
    const made = await queueChange(STARK, { op: 'create', recordType: 'Company', recordLabel: '', what: 'New', input: { name: '' } });
    await edit('industry', 'Defence', '', made);
    await edit('industry', 'Robotics', 'Tools'); // another record's edit still goes out
    server.reachable = true;
    expect(await replay()).toMatchObject({ saved: 1, refused: 2 });
    const left = await listEdits(STARK);
    expect(left.map((e) => [e.op ?? 'update', e.state, e.message])).toEqual([
      ['create', 'refused', 'A company needs a name.'],
      ['update', 'refused', 'The record made offline was not created.'],
    ]);
    expect(server.records.get('A1')?.values.industry).toBe('Robotics');
  });

  it('someone else changed another field meanwhile: sent again on the new version, their change kept', async () => {
    await edit('industry', 'Robotics', 'Tools');
    server.reachable = true;
    server.write('A1', { phone: '99' });
    expect(await replay()).toMatchObject({ saved: 1, conflicts: 0 });
    expect(server.sent.map((s) => s.expectedVersion)).toEqual([1, 2]);
    expect(server.records.get('A1')?.values).toMatchObject({ industry: 'Robotics', phone: '99' });
  });

  it('someone else changed the same field: a conflict showing both values, until the member keeps theirs', async () => {
    await edit('industry', 'Robotics', 'Tools');
    server.reachable = true;
    server.write('A1', { industry: 'Aerospace' });
    expect(await replay()).toMatchObject({ saved: 0, conflicts: 1 });
    const [conflict] = await listEdits(STARK);
    expect(conflict).toMatchObject({ state: 'conflict', value: 'Robotics', theirs: 'Aerospace', theirVersion: 2 });
    expect(server.records.get('A1')?.values.industry).toBe('Aerospace'); // nothing overwritten
    await replay(); // a conflict waits for the member: not sent again by itself
    expect(server.sent).toHaveLength(1);

    await keepMine(STARK, conflict.key);
    expect(await replay()).toMatchObject({ saved: 1, conflicts: 0 });
    expect(server.sent.at(-1)).toEqual({ id: 'A1', industry: 'Robotics', expectedVersion: 2 });
    expect(server.records.get('A1')?.values.industry).toBe('Robotics');
    expect(await listEdits(STARK)).toEqual([]);
  });

  it('kept after the record moved on again (another field): sent again by itself, not a second conflict', async () => {
    await edit('industry', 'Robotics', 'Tools');
    server.reachable = true;
    server.write('A1', { industry: 'Aerospace' });
    await replay();
    const [conflict] = await listEdits(STARK);
    server.write('A1', { phone: '42' }); // the store has not heard of it yet
    await keepMine(STARK, conflict.key);
    expect(await replay()).toMatchObject({ saved: 1, conflicts: 0 });
    expect(server.records.get('A1')?.values).toMatchObject({ industry: 'Robotics', phone: '42' });
  });

  it('taking the server’s value drops the edit', async () => {
    await edit('industry', 'Robotics', 'Tools');
    server.reachable = true;
    server.write('A1', { industry: 'Aerospace' });
    await replay();
    const [conflict] = await listEdits(STARK);
    await dropEdit(STARK, conflict.key);
    expect(await listEdits(STARK)).toEqual([]);
    await replay();
    expect(server.records.get('A1')?.values.industry).toBe('Aerospace');
    expect((await loadRecord(STARK, 'A1'))?.values?.industry).toBe('Aerospace');
  });

  it('the server already has the member’s value: nothing to settle', async () => {
    await edit('industry', 'Robotics', 'Tools');
    server.reachable = true;
    server.write('A1', { industry: 'Robotics' });
    expect(await replay()).toMatchObject({ saved: 1, conflicts: 0 });
    expect(await listEdits(STARK)).toEqual([]);
  });

  it('an edit the server refuses stays with its message until dismissed', async () => {
    await edit('name', '', 'Acme');
    server.reachable = true;
    expect(await replay()).toMatchObject({ refused: 1 });
    const [refused] = await listEdits(STARK);
    expect(refused).toMatchObject({ state: 'refused', message: 'A company needs a name.' });
    await dropEdit(STARK, refused.key);
    expect(await listEdits(STARK)).toEqual([]);
  });

  it('another member’s or workspace’s queue is neither listed nor replayed', async () => {
    await edit('industry', 'Robotics', 'Tools');
    const other = { workspace: 'oscorp', viewer: STARK.viewer };
    expect(await listEdits(other)).toEqual([]);
    server.reachable = true;
    expect(await replayEdits(other, server.send, pull)).toMatchObject({ saved: 0 });
    expect(server.sent).toEqual([]);
  });
});
