import { Notifications } from '@mantine/notifications';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { renderSignedIn } from '../../test/render';
import '..'; // registers the module's strings
import { WarrantiesPage } from './WarrantiesPage';

const REGION = { id: 'd1', key: 'region', label: 'Region', type: 'PICKLIST', description: '', required: false, choices: ['North', 'South'], group: '', position: 0, referenceType: null, minValue: null, maxValue: null, regex: '', default: null };

// What the list shows of a warranty (and the bin, when it was deleted).
const warranty = (id: string, serialNumber: string, region: string) => ({
  id, serialNumber, startDate: '2026-01-01', endDate: '2026-12-31', coverage: 'BOTH', status: 'ACTIVE', voidReason: '', owner: null,
  company: { id: 'C1', name: 'Hammer Tech' }, product: { id: 'P1', name: 'Drill', sku: 'D-1' }, deletedAt: '2026-12-01T10:00:00Z',
  customFields: [{ key: 'region', value: region }],
});
const connection = (rows: unknown[]) => ({ totalCount: rows.length, pageInfo: { hasNextPage: false, endCursor: null }, edges: rows.map((node) => ({ node })) });
const ids = (variables: Record<string, unknown>) => (variables.input as { warrantyIds: string[] }).warrantyIds;

function page() {
  return renderSignedIn(
    <>
      <Notifications />
      <WarrantiesPage />
    </>,
    (query, variables) => {
      if (query.includes('CustomFieldDefinitions')) return { data: { customFieldDefinitions: [REGION] } };
      if (query.includes('query Warranties')) return { data: { warranties: connection([warranty('W1', 'SN-1', 'North'), warranty('W2', 'SN-2', 'South')]) } };
      if (query.includes('query DeletedWarranties')) return { data: { deletedWarranties: connection([warranty('W3', 'SN-3', 'North')]) } };
      if (query.includes('mutation DeleteWarranties')) return { data: { deleteWarranties: { deletedIds: ids(variables), errors: [] } } };
      if (query.includes('mutation RestoreWarranties')) return { data: { restoreWarranties: { restoredIds: ids(variables), errors: [] } } };
      if (query.includes('mutation DeleteWarranty(')) return { data: { deleteWarranty: { warranty: { id: 'W1' }, errors: [] } } };
      if (query.includes('mutation RestoreWarranty(')) return { data: { restoreWarranty: { warranty: { id: (variables.input as { id: string }).id }, errors: [] } } };
      return { data: null };
    },
    { route: '/repairs/warranties' },
  );
}

describe('warranties list', { timeout: 20_000 }, () => {
  it('shows custom fields as columns, links each warranty, and deletes a selection with the count and Undo', async () => {
    const user = userEvent.setup();
    const { calls } = page();
    await waitFor(() => expect(screen.getAllByTestId('warranty-row')[0]).toHaveTextContent('North'));
    expect(screen.getByRole('columnheader', { name: /Region/ })).toBeInTheDocument();
    expect(screen.getAllByRole('link', { name: 'Drill' })[0]).toHaveAttribute('href', '/repairs/warranties/W1');
    expect(screen.getByRole('button', { name: 'Void: Drill SN-1' })).toBeInTheDocument();

    await user.click(screen.getByRole('checkbox', { name: 'Select every warranty shown' }));
    const bar = screen.getByTestId('bulk-actions');
    expect(bar).toHaveTextContent('2 selected');
    await user.click(within(bar).getByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete 2 warranties?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete 2 warranties' }));
    await waitFor(() => expect(calls.find((c) => c.query.includes('mutation DeleteWarranties'))?.variables).toEqual({ input: { warrantyIds: ['W1', 'W2'] } }));
    expect(await screen.findByTestId('undo-notice')).toHaveTextContent('2 warranties deleted');
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(calls.find((c) => c.query.includes('mutation RestoreWarranties'))?.variables).toEqual({ input: { warrantyIds: ['W1', 'W2'] } }));
  });

  it('deletes one warranty after asking, and Undo brings it back', async () => {
    const user = userEvent.setup();
    const { calls } = page();
    await user.click(await screen.findByRole('button', { name: 'Delete: Drill SN-1' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete this warranty?' });
    expect(dialog).toHaveTextContent('The warranty on SN-1 goes to the recycle bin');
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(calls.find((c) => c.query.includes('mutation DeleteWarranty('))?.variables).toEqual({ input: { id: 'W1' } }));
    expect(await screen.findByTestId('undo-notice')).toHaveTextContent('Warranty deleted');
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(calls.find((c) => c.query.includes('mutation RestoreWarranty('))?.variables).toEqual({ input: { id: 'W1' } }));
    expect(await screen.findByText('Restored 1 record.')).toBeInTheDocument(); // the payload's warranty read back
  });

  it('shows the recycle bin and brings a warranty back', async () => {
    const user = userEvent.setup();
    const { calls } = page();
    await user.click(await screen.findByRole('radio', { name: 'Recycle bin' }));
    expect(await screen.findByRole('heading', { name: 'Deleted warranties' })).toBeInTheDocument();
    const row = await screen.findByTestId('deleted-row');
    expect(row).toHaveTextContent('SN-3');
    await user.click(within(row).getByRole('button', { name: 'Restore: Drill SN-3' }));
    await waitFor(() => expect(calls.find((c) => c.query.includes('mutation RestoreWarranty('))?.variables).toEqual({ input: { id: 'W3' } }));
    expect(await screen.findByText('Warranty restored')).toBeInTheDocument();
  });
});
