import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import '../../modules';
import { renderWith } from '../../test/render';
import { RecordChanges } from './RecordChanges';
import { StatusHistory } from './StatusHistory';

describe('RecordChanges', () => {
  it('titles the panel and names each field by the module label, else as stored', async () => {
    const history = {
      edges: [{ node: { id: '1', createdAt: '2026-12-01T10:00:00Z', actorName: 'Olivia Owner', action: 'update', changes: { end_date: { old: '2026-12-31', new: '2027-01-31' }, mystery_field: { old: 'a', new: 'b' } } } }],
    };
    renderWith(<RecordChanges ns="contracts" history={history} />);
    expect(await screen.findByRole('heading', { name: 'Changes' })).toBeInTheDocument();
    const changes = screen.getAllByTestId('history-change').map((c) => c.textContent);
    expect(changes).toEqual(['End: 2026-12-31 → 2027-01-31', 'mystery_field: a → b']);
  });
});

describe('StatusHistory', () => {
  it('lists each move with the statuses in the module language, the creation first, the system when nobody moved it', async () => {
    const changes = [
      { fromStatus: null, toStatus: 'DRAFT', at: '2026-12-01T10:00:00Z', note: '', by: { fullName: 'Olivia Owner' } },
      { fromStatus: 'DRAFT', toStatus: 'ACTIVE', at: '2026-12-02T10:00:00Z', note: 'Signed', by: null },
    ];
    renderWith(<StatusHistory changes={changes} status={(s) => s.toLowerCase()} />);
    const rows = within(await screen.findByTestId('status-history')).getAllByTestId('status-move');
    expect(rows.map((r) => [...r.querySelectorAll('td')].slice(1).map((td) => td.textContent))).toEqual([
      ['Created', 'draft', 'Olivia Owner', '—'],
      ['draft', 'active', 'System', 'Signed'],
    ]);
    expect(screen.getByRole('heading', { name: 'Status history' })).toBeInTheDocument();
  });
});
