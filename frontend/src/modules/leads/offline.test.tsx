import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { resetHandoffForTests, SessionProvider, useSession } from '../../auth/session';
import { listEdits } from '../../offline/queue';
import { applyFeed, resetOfflineStoreForTests } from '../../offline/store';
import { OfflineBanner } from '../../shell/OfflineBanner';
import { fakeClient, renderWith, testTenant } from '../../test/render';
import '..'; // registers the module's strings
import { LeadPage } from './LeadPage';

const ME = { id: 'VXNlcjox', email: 'pepper@stark.example.com', fullName: 'Pepper Potts', role: 'sales' };
const TENANT = testTenant({ name: 'Stark', subdomain: 'stark', url: 'http://stark.localhost:8000' });
const SCOPE = { workspace: 'stark', viewer: ME.email };
const ROLE = { key: 'sales', permissions: ['READ', 'UPDATE'].map((action) => ({ recordType: '*', action, scope: 'OWN' })), fieldRules: [] };

function WhenSignedIn({ children }: { children: ReactElement }) {
  const { state } = useSession();
  return state.status === 'signed-in' ? children : <p>status: {state.status}</p>;
}

function setOnline(online: boolean) {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}

describe('a lead offline', { timeout: 20_000 }, () => {
  beforeEach(() => {
    resetHandoffForTests();
    globalThis.indexedDB = new IDBFactory();
    resetOfflineStoreForTests();
    localStorage.setItem('crm-offline-role', JSON.stringify(ROLE));
  });
  afterEach(() => {
    setOnline(true);
    localStorage.clear();
  });

  it('one of my own never opened here reads from the change feed’s copy, and its fields are edited into the queue', async () => {
    // The feed brought two leads: Pepper's own (kept) and a colleague's (only its version).
    await applyFeed(
      SCOPE,
      ME.id,
      [
        { id: 'L1', recordType: 'Lead', action: 'CREATED', version: 3, values: { name: 'Justin Hammer', companyName: 'Hammer Tech', createdAt: '2026-01-02T10:00:00+00:00', updatedAt: '2026-01-03T10:00:00+00:00', industry: 'Defence', status: 'NEW', source: 'REFERRAL', owner: ME.id } },
        { id: 'L2', recordType: 'Lead', action: 'CREATED', version: 1, values: { name: 'Ivan Vanko', owner: 'VXNlcjoy' } },
      ],
      (c) => String(c.values?.name ?? ''),
    );
    setOnline(false);
    const { client } = fakeClient((query) => (query.includes('query Session') ? { data: { me: ME, currentTenant: TENANT } } : { unreachable: true }));
    const user = userEvent.setup();
    renderWith(
      <SessionProvider>
        <WhenSignedIn>
          <>
            <OfflineBanner />
            <Routes>
              <Route path="/leads/:id" element={<LeadPage />} />
            </Routes>
          </>
        </WhenSignedIn>
      </SessionProvider>,
      { client, route: '/leads/L1' },
    );
    expect(await screen.findByTestId('record-title')).toHaveTextContent('Justin Hammer');
    expect(screen.getByTestId('offline-banner')).toHaveTextContent(/^Offline — showing the copy saved/);
    expect(screen.getByText('Hammer Tech')).toBeInTheDocument();
    expect(screen.queryByTestId('convert')).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Edit Industry: Defence' }));
    const input = screen.getByRole('textbox', { name: 'Industry' });
    await user.clear(input);
    await user.type(input, 'Energy{Enter}');
    expect(await screen.findByTestId('pending-change')).toHaveTextContent('Industry: Energy');
    expect((await listEdits(SCOPE)).map((e) => [e.recordId, e.input, e.baseVersion])).toEqual([['L1', { industry: 'Energy' }, 3]]);
  });

  it('a colleague’s lead never opened here is not kept: the page says so', async () => {
    await applyFeed(SCOPE, ME.id, [{ id: 'L2', recordType: 'Lead', action: 'CREATED', version: 1, values: { name: 'Ivan Vanko', owner: 'VXNlcjoy' } }], (c) => String(c.values?.name ?? ''));
    setOnline(false);
    const { client } = fakeClient((query) => (query.includes('query Session') ? { data: { me: ME, currentTenant: TENANT } } : { unreachable: true }));
    renderWith(
      <SessionProvider>
        <WhenSignedIn>
          <Routes>
            <Route path="/leads/:id" element={<LeadPage />} />
          </Routes>
        </WhenSignedIn>
      </SessionProvider>,
      { client, route: '/leads/L2' },
    );
    expect(await screen.findByTestId('offline-missing')).toHaveTextContent('You are offline and this record was not opened on this device before');
    expect(screen.queryByText('Ivan Vanko')).not.toBeInTheDocument();
  });
});
