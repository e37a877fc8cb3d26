import { act, screen, waitFor } from '@testing-library/react';
import { Client, makeResult, type Exchange, type Operation, type OperationResult } from 'urql';
import { describe, expect, it } from 'vitest';
import { filter, make, mergeMap, pipe } from 'wonka';

import { resetHandoffForTests, SessionProvider, useSession } from '../auth/session';
import { NotificationsProvider, useNotifications } from '../shell/notifications';
import { fakeClient, renderWith, testTenant } from '../test/render';
import { LiveNotifications, SETTLE_MS, useLiveRecords, useViewers } from './live';

const ME = { email: 'hank@globex.example.com', fullName: 'Hank Scorpio', role: 'sales' };
const TENANT = testTenant();
const CHANGE = {
  action: 'UPDATED',
  recordType: 'Company',
  recordId: '7',
  id: 'Q29tcGFueTo3',
  fields: ['name'],
  payload: { name: 'Initech' },
  occurredAt: '2026-01-02T10:00:00Z',
};

function Companies({ onChange }: { onChange: () => void }) {
  const change = useLiveRecords(['Company'], onChange);
  return <p>last change: {change ? `${change.action} ${change.recordType} ${change.recordId}` : 'none'}</p>;
}

describe('live updates', () => {
  it('useLiveRecords subscribes to the record types and tells the list to refetch', async () => {
    let refetched = 0;
    const { client, calls } = fakeClient((query) => (query.includes('recordChanged') ? { data: { recordChanged: CHANGE } } : { data: null }));
    renderWith(<Companies onChange={() => (refetched += 1)} />, { client });
    expect(await screen.findByText('last change: UPDATED Company 7')).toBeInTheDocument();
    await waitFor(() => expect(refetched).toBe(1));
    expect(calls[0].query).toContain('subscription LiveRecordChanged');
    expect(calls[0].variables).toEqual({ types: ['Company'], ids: null });
  });

  it('refetches at once for a lone change, and once more for a burst after it', async () => {
    // A subscription the test feeds change by change, as the socket would.
    let push: (change: typeof CHANGE) => void = () => {};
    const transport: Exchange = () => (operations$) =>
      pipe(
        operations$,
        filter((op: Operation) => op.kind === 'subscription'),
        mergeMap((op: Operation) =>
          make<OperationResult>((observer) => {
            push = (change) => observer.next(makeResult(op, { data: { recordChanged: change } }));
            return () => {};
          }),
        ),
      );
    const client = new Client({ url: '/graphql/', exchanges: [transport] });
    let refetched = 0;
    renderWith(<Companies onChange={() => (refetched += 1)} />, { client });
    await waitFor(() => expect(screen.getByText('last change: none')).toBeInTheDocument());
    act(() => push(CHANGE));
    // Another member's edit: no wait before the list asks again.
    expect(refetched).toBe(1);
    act(() => {
      for (const recordId of ['8', '9', '10']) push({ ...CHANGE, recordId });
    });
    expect(refetched).toBe(1);
    await waitFor(() => expect(refetched).toBe(2));
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS * 2));
    expect(refetched).toBe(2);
    expect(screen.getByText('last change: UPDATED Company 10')).toBeInTheDocument();
  });

  it('puts notifications in the bell and refreshes the session when the role changed', async () => {
    resetHandoffForTests();
    let role = 'sales';
    const { client, calls } = fakeClient((query) => {
      if (query.includes('subscription LiveNotifications')) {
        role = 'manager';
        return {
          data: {
            notifications: { id: 'n1', kind: 'role_changed', message: 'Your role is now Manager.', payload: { role: 'manager' }, createdAt: '2026-01-02T10:00:00Z' },
          },
        };
      }
      return { data: { me: { ...ME, role }, currentTenant: TENANT } };
    });
    function Bell() {
      const { items, unread } = useNotifications();
      const { state } = useSession();
      return (
        <>
          <p>unread: {unread}</p>
          <p>first: {items[0]?.title}</p>
          <p>role: {state.status === 'signed-in' ? state.me.role : '-'}</p>
        </>
      );
    }
    renderWith(
      <SessionProvider>
        <NotificationsProvider>
          <LiveNotifications />
          <Bell />
        </NotificationsProvider>
      </SessionProvider>,
      { client },
    );
    expect(await screen.findByText('first: Your role is now Manager.')).toBeInTheDocument();
    expect(screen.getByText('unread: 1')).toBeInTheDocument();
    expect(await screen.findByText('role: manager')).toBeInTheDocument();
    expect(calls.filter((c) => c.query.includes('query Session')).length).toBeGreaterThanOrEqual(2);
  });

  it('refreshes the workspace (name, formats) when an admin changed its settings', async () => {
    resetHandoffForTests();
    let sessions = 0;
    const { client } = fakeClient((query) => {
      if (query.includes('subscription LiveNotifications')) {
        return {
          data: {
            notifications: { id: 'n2', kind: 'workspace_changed', message: 'Hank changed the workspace settings.', payload: {}, createdAt: '2026-01-02T10:00:00Z' },
          },
        };
      }
      // The admin's change lands after the page loaded: only asking again shows it.
      sessions += 1;
      return { data: { me: ME, currentTenant: { ...TENANT, currency: sessions > 1 ? 'CNY' : 'USD' } } };
    });
    function Currency() {
      const { state } = useSession();
      return <p>currency: {state.status === 'signed-in' ? state.tenant.currency : '-'}</p>;
    }
    renderWith(
      <SessionProvider>
        <NotificationsProvider>
          <LiveNotifications />
          <Currency />
        </NotificationsProvider>
      </SessionProvider>,
      { client },
    );
    expect(await screen.findByText('currency: CNY')).toBeInTheDocument();
  });

  it('useViewers lists the other members on a record', async () => {
    const { client, calls } = fakeClient(() => ({
      data: {
        presence: [
          { userId: '1', fullName: 'Hank Scorpio', email: ME.email },
          { userId: '2', fullName: 'Nia New', email: 'nia@globex.example.com' },
        ],
      },
    }));
    function Viewers() {
      const viewers = useViewers('Company', 'Q29tcGFueTo3', ME.email);
      return <p>viewers: {viewers.map((v) => v.fullName).join(', ')}</p>;
    }
    renderWith(<Viewers />, { client });
    expect(await screen.findByText('viewers: Nia New')).toBeInTheDocument();
    expect(calls[0].variables).toEqual({ recordType: 'Company', recordId: 'Q29tcGFueTo3' });
  });
});
