import { Notifications } from '@mantine/notifications';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { renderSignedIn } from '../../test/render';
import '..'; // registers the module's strings
import { OrdersPage } from './OrdersPage';

// What the list shows of an order (and the bin, when it was deleted).
const order = (id: string, number: number) => ({
  id, number, status: 'OPEN', createdAt: '2026-12-01T10:00:00Z', closedAt: null, total: { amount: '100.00', currency: 'USD' },
  deal: { id: `D${number}`, title: `Deal ${number}`, company: { id: 'C1', name: 'Hammer Tech' } },
  quote: { id: `Q${number}`, number, version: 1 }, lines: [], deletedAt: '2026-12-02T10:00:00Z', customFields: [],
});
const connection = (rows: unknown[]) => ({ totalCount: rows.length, pageInfo: { hasNextPage: false, endCursor: null }, edges: rows.map((node) => ({ node })) });
const ids = (variables: Record<string, unknown>) => (variables.input as { orderIds: string[] }).orderIds;
const HELD = 'Delivered or billed orders stay on record: O-2 (deliveries). Cancel them instead.';

function page() {
  let binned = [order('O9', 9)];
  return renderSignedIn(
    <>
      <Notifications />
      <OrdersPage />
    </>,
    (query, variables) => {
      if (query.includes('query CatalogOrders')) return { data: { orders: connection([order('O1', 1), order('O2', 2)]) } };
      if (query.includes('query DeletedOrders')) return { data: { deletedOrders: connection(binned) } };
      if (query.includes('mutation DeleteOrders')) {
        const held = ids(variables).includes('O2');
        return { data: { deleteOrders: { deletedIds: held ? [] : ids(variables), errors: held ? [{ field: 'orderIds', message: HELD, code: 'in_use' }] : [] } } };
      }
      if (query.includes('mutation RestoreOrders')) return { data: { restoreOrders: { restoredIds: ids(variables), errors: [] } } };
      if (query.includes('mutation CatalogDeleteOrder(')) {
        const held = (variables.input as { id: string }).id === 'O2';
        return { data: { deleteOrder: held ? { order: null, errors: [{ field: 'id', message: HELD, code: 'in_use' }] } : { order: { id: 'O1' }, errors: [] } } };
      }
      if (query.includes('mutation CatalogRestoreOrder(')) {
        binned = [];
        return { data: { restoreOrder: { order: { id: (variables.input as { id: string }).id }, errors: [] } } };
      }
      return { data: null };
    },
    { route: '/catalog/orders' },
  );
}

describe('orders list', { timeout: 20_000 }, () => {
  it('deletes one order after asking, and Undo brings it back', async () => {
    const user = userEvent.setup();
    const { calls } = page();
    await user.click(await screen.findByRole('button', { name: 'Delete: O-1' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete O-1?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(calls.find((c) => c.query.includes('mutation CatalogDeleteOrder('))?.variables).toEqual({ input: { id: 'O1' } }));
    expect(await screen.findByTestId('undo-notice')).toHaveTextContent('1 order deleted');
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(calls.find((c) => c.query.includes('mutation CatalogRestoreOrder('))?.variables).toEqual({ input: { id: 'O1' } }));
  });

  it('says why a delivered order stays', async () => {
    const user = userEvent.setup();
    page();
    await user.click(await screen.findByRole('button', { name: 'Delete: O-2' }));
    await user.click(within(await screen.findByRole('dialog', { name: 'Delete O-2?' })).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText(HELD)).toBeInTheDocument();
    expect(screen.queryByTestId('undo-notice')).not.toBeInTheDocument();
  });

  it('says why a selection with a delivered order stays, and deletes nothing', async () => {
    const user = userEvent.setup();
    const { calls } = page();
    await user.click(await screen.findByRole('checkbox', { name: 'Select every order shown' }));
    await user.click(within(screen.getByTestId('bulk-actions')).getByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete 2 orders?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete 2 orders' }));
    await waitFor(() => expect(calls.find((c) => c.query.includes('mutation DeleteOrders'))?.variables).toEqual({ input: { orderIds: ['O1', 'O2'] } }));
    expect(await screen.findByText(HELD)).toBeInTheDocument();
    expect(screen.queryByTestId('undo-notice')).not.toBeInTheDocument();
    expect(screen.getAllByTestId('order')).toHaveLength(2);
  });

  it('shows the recycle bin and brings an order back', async () => {
    const user = userEvent.setup();
    const { calls } = page();
    await user.click(await screen.findByRole('radio', { name: 'Recycle bin' }));
    expect(await screen.findByRole('heading', { name: 'Deleted orders' })).toBeInTheDocument();
    const row = await screen.findByTestId('deleted-row');
    expect(row).toHaveTextContent('O-9');
    expect(row).toHaveTextContent('Deal 9');
    await user.click(within(row).getByRole('button', { name: 'Restore: O-9' }));
    await waitFor(() => expect(calls.find((c) => c.query.includes('mutation CatalogRestoreOrder('))?.variables).toEqual({ input: { id: 'O9' } }));
    expect(await screen.findByText('Order restored')).toBeInTheDocument();
    expect(await screen.findByText('The recycle bin is empty.')).toBeInTheDocument();
  });
});
