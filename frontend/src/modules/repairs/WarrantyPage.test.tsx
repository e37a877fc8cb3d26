import { Notifications } from '@mantine/notifications';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { Route, Routes } from 'react-router';
import { beforeEach, describe, expect, it } from 'vitest';

import { resetHandoffForTests, SessionProvider, useSession } from '../../auth/session';
import { fakeClient, renderWith, testTenant, type Answer } from '../../test/render';
import '..'; // registers the module's strings
import { warrantyInput, WarrantyPage } from './WarrantyPage';

const ME = { email: 'pepper@stark.example.com', fullName: 'Pepper Potts', role: 'owner' };
const TENANT = testTenant({ name: 'Stark', subdomain: 'stark', url: 'http://stark.localhost:8000' });
const ROLE = { myRole: { key: 'owner', permissions: ['READ', 'UPDATE', 'DELETE'].map((action) => ({ recordType: '*', action, scope: 'ALL' })), fieldRules: [] } };

function WhenSignedIn({ children }: { children: ReactElement }) {
  const { state } = useSession();
  return state.status === 'signed-in' ? children : <p>status: {state.status}</p>;
}

const warranty = (over: Record<string, unknown> = {}) => ({
  __typename: 'Warranty',
  id: 'W1',
  serialNumber: 'SN-1',
  startDate: '2026-01-01',
  endDate: '2026-12-31',
  coverage: 'BOTH',
  status: 'ACTIVE',
  notes: '',
  voidedAt: null,
  voidReason: '',
  company: { id: 'C1', name: 'Hammer Tech' },
  contact: null,
  product: { id: 'P1', name: 'Drill', sku: 'D-1' },
  owner: null,
  order: null,
  createdAt: '2026-01-01T10:00:00Z',
  updatedAt: '2026-01-01T10:00:00Z',
  history: { edges: [{ node: { id: 'A1', createdAt: '2026-01-02T10:00:00Z', actorName: ME.fullName, action: 'update', changes: { notes: { old: '', new: 'Boxed' } } } }] },
  ...over,
});

function page(respond: (query: string, variables: Record<string, unknown>) => Answer, role = ROLE) {
  const fake = fakeClient((query, variables) => {
    if (query.includes('query Session')) return { data: { me: ME, currentTenant: TENANT } };
    if (query.includes('query MyRoleAccess')) return { data: role };
    return respond(query, variables);
  });
  renderWith(
    <SessionProvider>
      <Notifications />
      <WhenSignedIn>
        <Routes>
          <Route path="/repairs/warranties/:id" element={<WarrantyPage />} />
          <Route path="/repairs/warranties" element={<p>the warranties list</p>} />
        </Routes>
      </WhenSignedIn>
    </SessionProvider>,
    { client: fake.client, route: '/repairs/warranties/W1' },
  );
  return fake;
}

describe('warranty page', { timeout: 20_000 }, () => {
  beforeEach(() => resetHandoffForTests());

  it('turns an editor value into the update input', () => {
    expect(warrantyInput('owner', '')).toEqual({ ownerId: null });
    expect(warrantyInput('product', 'P2')).toEqual({ productId: 'P2' });
    expect(warrantyInput('endDate', '')).toEqual({ endDate: null });
    expect(warrantyInput('notes', 'Boxed')).toEqual({ notes: 'Boxed' });
  });

  it('edits the notes in place, shows its changes, and voids it with a reason', async () => {
    const user = userEvent.setup();
    let current = warranty();
    const { calls } = page((query) => {
      if (query.includes('mutation UpdateWarranty')) {
        current = warranty({ notes: 'Boxed' });
        return { data: { updateWarranty: { warranty: { id: 'W1' }, errors: [] } } };
      }
      if (query.includes('mutation VoidWarranty')) {
        current = warranty({ status: 'VOID', voidReason: 'Sold on', voidedAt: '2026-02-01T10:00:00Z' });
        return { data: { voidWarranty: { warranty: { id: 'W1', status: 'VOID' }, errors: [] } } };
      }
      if (query.includes('query Warranty(')) return { data: { node: current } };
      return { data: null };
    });
    expect(await screen.findByTestId('record-title')).toHaveTextContent('Drill · SN-1');
    expect(screen.getByText('Notes', { selector: 'dt' })).toBeInTheDocument();
    expect(screen.getAllByText(/Pepper Potts/).length).toBeGreaterThan(0); // its changes, by whom
    await user.click(screen.getByRole('button', { name: 'Edit Notes: —' }));
    await user.type(screen.getByRole('textbox', { name: 'Notes' }), 'Boxed{Enter}');
    await waitFor(() => expect(calls.find((c) => c.query.includes('mutation UpdateWarranty'))?.variables).toEqual({ input: { id: 'W1', notes: 'Boxed' } }));
    expect(await screen.findByRole('button', { name: 'Edit Notes: Boxed' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Void' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByRole('textbox', { name: 'Why is it voided?' }), 'Sold on');
    await user.click(within(dialog).getByRole('button', { name: 'Void' }));
    await waitFor(() => expect(calls.find((c) => c.query.includes('mutation VoidWarranty'))?.variables).toEqual({ input: { id: 'W1', reason: 'Sold on' } }));
    expect(await screen.findByTestId('void-notice')).toHaveTextContent('Sold on');
    // Void: nothing edits any more.
    expect(screen.queryByRole('button', { name: /^Edit / })).not.toBeInTheDocument();
  });

  it('deletes the warranty after asking, goes back to the list, and Undo restores it', async () => {
    const user = userEvent.setup();
    const ids = (variables: Record<string, unknown>) => (variables.input as { warrantyIds: string[] }).warrantyIds;
    const { calls } = page((query, variables) => {
      if (query.includes('mutation DeleteWarranties')) return { data: { deleteWarranties: { deletedIds: ids(variables), errors: [] } } };
      if (query.includes('mutation RestoreWarranties')) return { data: { restoreWarranties: { restoredIds: ids(variables), errors: [] } } };
      if (query.includes('query Warranty(')) return { data: { node: warranty() } };
      return { data: null };
    });
    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete Drill · SN-1?' });
    expect(dialog).toHaveTextContent('recycle bin');
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(calls.find((c) => c.query.includes('mutation DeleteWarranties'))?.variables).toEqual({ input: { warrantyIds: ['W1'] } }));
    expect(await screen.findByText('the warranties list')).toBeInTheDocument();
    expect(await screen.findByTestId('undo-notice')).toHaveTextContent('Drill · SN-1 deleted.');
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(calls.find((c) => c.query.includes('mutation RestoreWarranties'))?.variables).toEqual({ input: { warrantyIds: ['W1'] } }));
    expect(await screen.findByText('Restored 1 record.')).toBeInTheDocument();
  });

  it('shows the refusal and stays when the delete is refused', async () => {
    const user = userEvent.setup();
    page((query) => {
      if (query.includes('mutation DeleteWarranties')) return { data: { deleteWarranties: { deletedIds: [], errors: [{ field: 'warrantyIds', message: 'Not yours to delete.', code: 'permission_denied' }] } } };
      if (query.includes('query Warranty(')) return { data: { node: warranty() } };
      return { data: null };
    });
    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText('Not yours to delete.')).toBeInTheDocument();
    expect(screen.getByTestId('record-title')).toBeInTheDocument();
  });

  it('offers no delete to a role without the right', async () => {
    const readOnly = { myRole: { ...ROLE.myRole, permissions: ROLE.myRole.permissions.filter((p) => p.action !== 'DELETE') } };
    page((query) => (query.includes('query Warranty(') ? { data: { node: warranty() } } : { data: null }), readOnly);
    expect(await screen.findByTestId('record-title')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete' })).not.toBeInTheDocument();
  });
});
