import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { renderWith } from '../../test/render';
import { fieldChanges, HistoryList } from './HistoryList';

const labels: Record<string, string> = { lifecycle_stage: 'Lifecycle stage', name: 'Name', industry: 'Industry' };

describe('HistoryList', () => {
  it('shows who (by name), and each field as label: old → new, without merge bookkeeping', async () => {
    renderWith(
      <HistoryList
        items={[
          {
            id: '1',
            createdAt: '2026-12-01T10:00:00Z',
            actorName: 'Olivia Owner',
            action: 'merge',
            changes: { name: { old: 'Acme', new: 'ACME Ltd' }, lifecycle_stage: { old: 'prospect', new: 'active' }, moved: { old: null, new: { x: 1 } }, picked: { old: null, new: { name: '2' } } },
          },
          { id: '2', createdAt: '2026-11-30T10:00:00Z', actorName: '', action: 'update', changes: { industry: { old: 'Steel', new: '' } } },
        ]}
        label={(f) => labels[f] ?? f}
        value={(f, v) => (f === 'lifecycle_stage' ? String(v).toUpperCase() : null)}
      />,
    );
    const changes = await screen.findAllByTestId('history-change');
    expect(changes.map((c) => c.textContent)).toEqual(['Name: Acme → ACME Ltd', 'Lifecycle stage: PROSPECT → ACTIVE', 'Industry: Steel → —']);
    expect(screen.getAllByTestId('history-actor').map((a) => a.textContent)).toEqual(['Olivia Owner', 'System']);
  });

  it('a creation lists the values given, not the fields left blank', async () => {
    renderWith(
      <HistoryList
        items={[{ id: '1', createdAt: '2026-12-01T10:00:00Z', actorName: 'Olivia Owner', action: 'create', changes: { name: { old: null, new: 'Acme' }, industry: { old: null, new: '' }, tags: { old: null, new: [] }, lifecycle_stage: { old: null, new: 'active' } } }]}
        label={(f) => labels[f] ?? f}
      />,
    );
    const changes = await screen.findAllByTestId('history-change');
    expect(changes.map((c) => c.textContent)).toEqual(['Name: Acme', 'Lifecycle stage: active']);
  });

  it('reads only field changes', () => {
    expect(fieldChanges({ a: { old: 1, new: 2 }, filled: { old: null, new: [] }, junk: 3 })).toEqual([['a', { old: 1, new: 2 }]]);
  });
});
