import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';

import { clearRecent, listRecent, loadRecent, RECENT_LIMIT, resetRecentStoreForTests, saveRecent } from './recent';

const VIEWER = 'pepper@stark.example.com';
const record = (workspace: string, id: string, savedAt: number, viewer = VIEWER) => ({
  workspace,
  id,
  recordType: 'Contact',
  label: `Contact ${id}`,
  viewer,
  savedAt,
  data: { node: { id } },
});

describe('recently viewed records (offline copies)', () => {
  beforeEach(() => {
    globalThis.indexedDB = new IDBFactory();
    resetRecentStoreForTests();
  });

  it('keeps the newest N of a workspace and drops the oldest', async () => {
    for (let i = 1; i <= 5; i += 1) await saveRecent(record('stark', `C${i}`, 1000 + i), 3);
    const kept = await listRecent('stark', VIEWER);
    expect(kept.map((r) => r.id)).toEqual(['C5', 'C4', 'C3']);
    expect(await loadRecent('stark', 'C1', VIEWER)).toBeNull();
    expect((await loadRecent('stark', 'C5', VIEWER))?.data).toEqual({ node: { id: 'C5' } });
  });

  it('saving a record again refreshes it instead of adding a copy', async () => {
    await saveRecent(record('stark', 'C1', 1000), 2);
    await saveRecent(record('stark', 'C2', 2000), 2);
    await saveRecent({ ...record('stark', 'C1', 3000), label: 'Renamed' }, 2);
    await saveRecent(record('stark', 'C3', 4000), 2);
    expect((await listRecent('stark', VIEWER)).map((r) => [r.id, r.label])).toEqual([
      ['C3', 'Contact C3'],
      ['C1', 'Renamed'],
    ]);
  });

  it('has a default limit of 50 per workspace', async () => {
    expect(RECENT_LIMIT).toBe(50);
    await Promise.all(Array.from({ length: 52 }, (_, i) => saveRecent(record('stark', `C${i}`, 1000 + i))));
    // Concurrent saves may each evict late; one more save settles the count.
    await saveRecent(record('stark', 'last', 5000));
    const kept = await listRecent('stark', VIEWER);
    expect(kept).toHaveLength(50);
    expect(kept[0].id).toBe('last');
  });

  it('keys by workspace and record id: one workspace never evicts or sees another’s', async () => {
    await saveRecent(record('stark', 'C1', 1000), 1);
    await saveRecent(record('oscorp', 'C1', 2000), 1);
    await saveRecent(record('oscorp', 'C2', 3000), 1);
    expect((await loadRecent('stark', 'C1', VIEWER))?.workspace).toBe('stark');
    expect(await loadRecent('oscorp', 'C1', VIEWER)).toBeNull();
    expect((await listRecent('oscorp', VIEWER)).map((r) => r.id)).toEqual(['C2']);
  });

  it('shows a copy only to the member who saved it', async () => {
    await saveRecent(record('stark', 'C1', 1000));
    expect(await loadRecent('stark', 'C1', 'happy@stark.example.com')).toBeNull();
    expect(await listRecent('stark', 'happy@stark.example.com')).toEqual([]);
  });

  it('forgets everything on log out', async () => {
    await saveRecent(record('stark', 'C1', 1000));
    await saveRecent(record('oscorp', 'C2', 1000));
    await clearRecent();
    expect(await loadRecent('stark', 'C1', VIEWER)).toBeNull();
    expect(await listRecent('oscorp', VIEWER)).toEqual([]);
  });

  it('does nothing without IndexedDB', async () => {
    // @ts-expect-error: a browser without IndexedDB (some private modes)
    delete globalThis.indexedDB;
    resetRecentStoreForTests();
    await saveRecent(record('stark', 'C1', 1000));
    expect(await loadRecent('stark', 'C1', VIEWER)).toBeNull();
    await clearRecent();
  });
});
