import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';

import { listEdits, queueEdit } from './queue';
import { adoptScope, applyFeed, listOffline, loadRecord, RECENT_LIMIT, rememberViewed, resetOfflineStoreForTests, versionOf, wipeOffline, type FeedChange } from './store';

const STARK = { workspace: 'stark', viewer: 'pepper@stark.example.com' };
const OSCORP = { workspace: 'oscorp', viewer: 'pepper@stark.example.com' };
const ME = 'VXNlcjox';
const view = (id: string, viewedAt: number, label = `Contact ${id}`) => ({ id, recordType: 'Contact', label, page: { node: { id } }, viewedAt });
const change = (id: string, values: Record<string, unknown> | null, version: number | null = 1, action: FeedChange['action'] = 'UPDATED'): FeedChange => ({
  id,
  recordType: 'Company',
  action,
  version,
  values,
});
const name = (c: FeedChange) => (c.values ? String(c.values.name) : '');

describe('the offline store: recently viewed records', () => {
  beforeEach(() => {
    globalThis.indexedDB = new IDBFactory();
    resetOfflineStoreForTests();
  });

  it('keeps the newest N opened in a workspace and drops the oldest', async () => {
    for (let i = 1; i <= 5; i += 1) await rememberViewed(STARK, view(`C${i}`, 1000 + i), 3);
    expect((await listOffline(STARK)).map((r) => r.id)).toEqual(['C5', 'C4', 'C3']);
    expect(await loadRecord(STARK, 'C1')).toBeNull();
    expect((await loadRecord(STARK, 'C5'))?.page).toEqual({ node: { id: 'C5' } });
  });

  it('opening a record again refreshes it instead of adding a copy', async () => {
    await rememberViewed(STARK, view('C1', 1000), 2);
    await rememberViewed(STARK, view('C2', 2000), 2);
    await rememberViewed(STARK, view('C1', 3000, 'Renamed'), 2);
    await rememberViewed(STARK, view('C3', 4000), 2);
    expect((await listOffline(STARK)).map((r) => [r.id, r.label])).toEqual([
      ['C3', 'Contact C3'],
      ['C1', 'Renamed'],
    ]);
  });

  it('has a default limit of 50 opened records per workspace', async () => {
    expect(RECENT_LIMIT).toBe(50);
    for (let i = 0; i < 52; i += 1) await rememberViewed(STARK, view(`C${i}`, 1000 + i));
    const kept = await listOffline(STARK);
    expect(kept).toHaveLength(50);
    expect(kept[0].id).toBe('C51');
  });

  it('one workspace never evicts or sees another’s records', async () => {
    await rememberViewed(STARK, view('C1', 1000), 1);
    await rememberViewed(OSCORP, view('C1', 2000), 1);
    await rememberViewed(OSCORP, view('C2', 3000), 1);
    expect((await loadRecord(STARK, 'C1'))?.workspace).toBe('stark');
    expect(await loadRecord(OSCORP, 'C1')).toBeNull();
    expect((await listOffline(OSCORP)).map((r) => r.id)).toEqual(['C2']);
    expect((await listOffline(STARK)).map((r) => r.id)).toEqual(['C1']);
  });

  it('shows a copy only to the member who opened it', async () => {
    await rememberViewed(STARK, view('C1', 1000));
    const happy = { workspace: 'stark', viewer: 'happy@stark.example.com' };
    expect(await loadRecord(happy, 'C1')).toBeNull();
    expect(await listOffline(happy)).toEqual([]);
  });

  it('forgets everything on log out', async () => {
    await rememberViewed(STARK, view('C1', 1000));
    await applyFeed(STARK, ME, [change('A1', { name: 'Acme', owner: ME }, 4)], name);
    await wipeOffline();
    expect(await loadRecord(STARK, 'C1')).toBeNull();
    expect(await listOffline(STARK)).toEqual([]);
    expect(await versionOf(STARK, 'A1')).toBeNull();
  });

  it('is wiped when another workspace or member signs in on this browser; the same one keeps it', async () => {
    await adoptScope(STARK);
    await rememberViewed(STARK, view('C1', 1000));
    await adoptScope(STARK);
    expect(await loadRecord(STARK, 'C1')).not.toBeNull();
    await adoptScope(OSCORP);
    // Workspace A's store is never shown in workspace B, nor kept for A's return.
    expect(await listOffline(OSCORP)).toEqual([]);
    expect(await loadRecord(STARK, 'C1')).toBeNull();
  });

  it('a changed role wipes the copies (read under the old rules) but keeps the changes made offline', async () => {
    await adoptScope(STARK, 'sales');
    await rememberViewed(STARK, view('C1', 1000));
    await queueEdit(STARK, { recordType: 'Contact', recordId: 'C1', recordLabel: 'C1', field: 'title', fieldLabel: 'Title', value: 'CEO', before: '', input: { title: 'CEO' } });
    await adoptScope(STARK, 'sales');
    expect(await loadRecord(STARK, 'C1')).not.toBeNull();
    await adoptScope(STARK, 'read_only');
    expect(await loadRecord(STARK, 'C1')).toBeNull();
    expect((await listEdits(STARK)).map((e) => e.value)).toEqual(['CEO']);
    await adoptScope(OSCORP, 'read_only');
    expect(await listEdits(STARK)).toEqual([]);
  });

  it('does nothing without IndexedDB', async () => {
    // @ts-expect-error: a browser without IndexedDB (some private modes)
    delete globalThis.indexedDB;
    resetOfflineStoreForTests();
    await rememberViewed(STARK, view('C1', 1000));
    expect(await loadRecord(STARK, 'C1')).toBeNull();
    await wipeOffline();
  });
});

describe('the offline store: the change feed applied', () => {
  beforeEach(() => {
    globalThis.indexedDB = new IDBFactory();
    resetOfflineStoreForTests();
  });

  it('keeps the member’s own records and only the versions of the others', async () => {
    await applyFeed(STARK, ME, [change('A1', { name: 'Mine', owner: ME }, 2), change('A2', { name: 'Theirs', owner: 'VXNlcjoy' }, 5)], name);
    expect((await listOffline(STARK)).map((r) => [r.id, r.label, r.own])).toEqual([['A1', 'Mine', true]]);
    expect(await versionOf(STARK, 'A2')).toBe(5);
    expect(await versionOf(STARK, 'A1')).toBe(2);
  });

  it('keeps an opened record current and lets a deleted one leave', async () => {
    await rememberViewed(STARK, { ...view('A2', 1000), recordType: 'Company' });
    await applyFeed(STARK, ME, [change('A2', { name: 'Renamed', owner: null }, 3)], name);
    const kept = await loadRecord(STARK, 'A2');
    expect(kept?.values).toEqual({ name: 'Renamed', owner: null });
    expect(kept?.label).toBe('Renamed');
    expect(kept?.page).toEqual({ node: { id: 'A2' } }); // the page's copy stays, the values are newer
    await applyFeed(STARK, ME, [change('A2', null, null, 'DELETED')], name);
    expect(await loadRecord(STARK, 'A2')).toBeNull();
    expect(await versionOf(STARK, 'A2')).toBeNull();
  });

  it('a record given to a colleague leaves unless it was opened here', async () => {
    await applyFeed(STARK, ME, [change('A1', { name: 'One', owner: ME }), change('A3', { name: 'Three', owner: ME })], name);
    await rememberViewed(STARK, { ...view('A3', 1000, 'Three'), recordType: 'Company' });
    await applyFeed(STARK, ME, [change('A1', { name: 'One', owner: 'VXNlcjoy' }, 2), change('A3', { name: 'Three', owner: 'VXNlcjoy' }, 2)], name);
    expect((await listOffline(STARK)).map((r) => [r.id, r.own])).toEqual([['A3', false]]);
  });

  it('changes are written only into the scope they were pulled for', async () => {
    await applyFeed(STARK, ME, [change('A1', { name: 'Mine', owner: ME })], name);
    expect(await listOffline(OSCORP)).toEqual([]);
    expect(await versionOf(OSCORP, 'A1')).toBeNull();
  });
});
