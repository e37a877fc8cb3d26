import { Notifications } from '@mantine/notifications';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { Link, Route, Routes } from 'react-router';
import { useQuery } from 'urql';
import { beforeEach, describe, expect, it } from 'vitest';

import { resetHandoffForTests, SessionProvider, useSession } from '../../auth/session';
import { fakeClient, renderWith, testTenant, type Answer } from '../../test/render';
import '..'; // registers the module's strings
import { OrderPage } from './OrderPage';

const ME = { email: 'pepper@stark.example.com', fullName: 'Pepper Potts', role: 'owner' };
const TENANT = testTenant({ name: 'Stark', subdomain: 'stark', url: 'http://stark.localhost:8000' });
const ROLE = { myRole: { key: 'owner', permissions: ['READ', 'UPDATE', 'DELETE'].map((action) => ({ recordType: '*', action, scope: 'ALL' })), fieldRules: [] } };
const HELD = 'Delivered or billed orders stay on record: O-7 (deliveries). Cancel them instead.';

function WhenSignedIn({ children }: { children: ReactElement }) {
  const { state } = useSession();
  return state.status === 'signed-in' ? children : <p>status: {state.status}</p>;
}

const order = {
  __typename: 'Order',
  id: 'O7',
  number: 7,
  status: 'OPEN',
  createdAt: '2026-12-01T10:00:00Z',
  closedAt: null,
  total: { amount: '100.00', currency: 'USD' },
  deal: { id: 'D1', title: 'Armour upgrade', company: { id: 'C1', name: 'Hammer Tech' } },
  quote: { id: 'Q1', number: 3, version: 1 },
  lines: [],
  owner: null,
  history: { edges: [] },
};

// The orders list as far as the cache is concerned (a query of orders, tied to the type as the kit's lists
// are), and a way to one.
const LIST_CONTEXT = { additionalTypenames: ['Order'] };
function OrdersProbe() {
  const [{ data }] = useQuery<{ orders: { edges: unknown[] } }>({ query: 'query ProbeOrders { orders { edges { node { id } } } }', context: LIST_CONTEXT });
  return (
    <>
      <p>{`the orders list: ${data?.orders.edges.length ?? '…'}`}</p>
      <Link to="/catalog/orders/O7">O-7</Link>
    </>
  );
}

function page(respond: (query: string, variables: Record<string, unknown>) => Answer, role = ROLE, { cache = false, route = '/catalog/orders/O7' } = {}) {
  const fake = fakeClient((query, variables) => {
    if (query.includes('query Session')) return { data: { me: ME, currentTenant: TENANT } };
    if (query.includes('query MyRoleAccess')) return { data: role };
    if (query.includes('query CatalogOrder(')) return { data: { node: order } };
    return respond(query, variables);
  }, { cache });
  renderWith(
    <SessionProvider>
      <Notifications />
      <WhenSignedIn>
        <Routes>
          <Route path="/catalog/orders/:id" element={<OrderPage />} />
          <Route path="/catalog/orders" element={<OrdersProbe />} />
        </Routes>
      </WhenSignedIn>
    </SessionProvider>,
    { client: fake.client, route },
  );
  return fake;
}

const ids = (variables: Record<string, unknown>) => (variables.input as { orderIds: string[] }).orderIds;

describe('order page', { timeout: 20_000 }, () => {
  beforeEach(() => resetHandoffForTests());

  it('deletes the order after asking, goes back to the list, and Undo restores it', async () => {
    const user = userEvent.setup();
    const { calls } = page((query, variables) => {
      if (query.includes('mutation DeleteOrders')) return { data: { deleteOrders: { deletedIds: ids(variables), errors: [] } } };
      if (query.includes('mutation RestoreOrders')) return { data: { restoreOrders: { restoredIds: ids(variables), errors: [] } } };
      return { data: null };
    });
    expect(await screen.findByTestId('record-title')).toHaveTextContent('O-7');
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete O-7?' });
    expect(dialog).toHaveTextContent('recycle bin');
    expect(calls.some((c) => c.query.includes('mutation DeleteOrders'))).toBe(false); // asked first
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(calls.find((c) => c.query.includes('mutation DeleteOrders'))?.variables).toEqual({ input: { orderIds: ['O7'] } }));
    expect(await screen.findByText(/the orders list/)).toBeInTheDocument();
    expect(await screen.findByTestId('undo-notice')).toHaveTextContent('O-7 deleted.');
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(calls.find((c) => c.query.includes('mutation RestoreOrders'))?.variables).toEqual({ input: { orderIds: ['O7'] } }));
    expect(await screen.findByText('Restored 1 record.')).toBeInTheDocument();
  });

  it('reads the list again when going back to it, not from the cache, and again on undo', async () => {
    const user = userEvent.setup();
    let listed = 1;
    const { calls } = page(
      (query, variables) => {
        if (query.includes('query ProbeOrders')) return { data: { orders: { __typename: 'OrderConnection', edges: listed ? [{ __typename: 'OrderEdge', node: { __typename: 'Order', id: 'O7' } }] : [] } } };
        if (query.includes('mutation DeleteOrders')) {
          listed = 0;
          return { data: { deleteOrders: { deletedIds: ids(variables), errors: [] } } };
        }
        if (query.includes('mutation RestoreOrders')) {
          listed = 1;
          return { data: { restoreOrders: { restoredIds: ids(variables), errors: [] } } };
        }
        return { data: null };
      },
      ROLE,
      { cache: true, route: '/catalog/orders' },
    );
    expect(await screen.findByText('the orders list: 1')).toBeInTheDocument();
    await user.click(screen.getByRole('link', { name: 'O-7' }));
    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText('the orders list: 0')).toBeInTheDocument();
    await user.click(await screen.findByRole('button', { name: 'Undo' }));
    expect(await screen.findByText('the orders list: 1')).toBeInTheDocument();
    expect(calls.filter((c) => c.query.includes('query ProbeOrders'))).toHaveLength(3);
  });

  it('shows why a delivered order is kept, and stays on it', async () => {
    const user = userEvent.setup();
    page((query) =>
      query.includes('mutation DeleteOrders') ? { data: { deleteOrders: { deletedIds: [], errors: [{ field: 'orderIds', message: HELD, code: 'in_use' }] } } } : { data: null },
    );
    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText(HELD)).toBeInTheDocument();
    expect(screen.getByTestId('record-title')).toBeInTheDocument();
    expect(screen.queryByText(/the orders list/)).not.toBeInTheDocument();
  });

  it('offers no delete to a role without the right', async () => {
    const readOnly = { myRole: { ...ROLE.myRole, permissions: ROLE.myRole.permissions.filter((p) => p.action !== 'DELETE') } };
    page(() => ({ data: null }), readOnly);
    expect(await screen.findByTestId('record-title')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete' })).not.toBeInTheDocument();
  });
});
