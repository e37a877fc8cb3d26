import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { Link, Route, Routes } from 'react-router';
import type { Client } from 'urql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { resetHandoffForTests, SessionProvider, useSession } from '../../auth/session';
import { listEdits } from '../../offline/queue';
import { listOffline, rememberViewed, resetOfflineStoreForTests } from '../../offline/store';
import { fakeClient, renderWith, testTenant, type Answer } from '../../test/render';
import '..'; // registers the module's strings
import { AvailableOfflineWidget } from '../offline/AvailableOffline';
import { ContactPage } from './RecordPage';
import { OfflineBanner } from '../../shell/OfflineBanner';

const ME = { id: 'VXNlcjox', email: 'pepper@stark.example.com', fullName: 'Pepper Potts', role: 'owner' };
const SCOPE = { workspace: 'stark', viewer: ME.email };
const TENANT = testTenant({ name: 'Stark', subdomain: 'stark', url: 'http://stark.localhost:8000' });
const CONTACT = {
  __typename: 'Contact',
  id: 'P1',
  fullName: 'Justin Hammer',
  firstName: 'Justin',
  lastName: 'Hammer',
  title: 'CEO',
  emails: ['justin@hammer.example.com'],
  phones: [],
  wechatId: '',
  lastInteractionAt: null,
  createdAt: '2026-01-02T10:00:00Z',
  updatedAt: '2026-01-02T10:00:00Z',
  deletedAt: null,
  company: null,
  owner: null,
  tags: [],
  interactions: { edges: [] },
  history: { edges: [] },
};

/** A client whose server answers until `network.down`, then every request fails to reach it. */
function client(network: { down: boolean }): Client {
  return fakeClient((query, variables): Answer => {
    if (query.includes('query Session')) return { data: { me: ME, currentTenant: TENANT } };
    if (network.down) return { unreachable: true };
    if (query.includes('query MyRoleAccess'))
      return { data: { myRole: { key: 'owner', permissions: ['READ', 'UPDATE'].map((action) => ({ recordType: '*', action, scope: 'ALL' })), fieldRules: [] } } };
    if (query.includes('query CustomFieldDefinitions(') && (variables as { type: string }).type === 'Contact')
      return { data: { customFieldDefinitions: [{ id: 'D1', key: 'tier', label: 'Tier', type: 'TEXT', description: '', required: false, choices: [], group: '', position: 1, referenceType: '', minValue: null, maxValue: null, regex: '', default: null }] } };
    if (query.includes('query CustomerContact(')) {
      const id = (variables as { id: string }).id;
      if (id === 'P3') return { data: { node: { ...CONTACT, id: 'P3', customFields: [{ key: 'tier', value: 'Gold' }] } } };
      // P2: a role that hides e-mails: null, with a FORBIDDEN error for the field.
      if (id === 'P2')
        return {
          data: { node: { ...CONTACT, id: 'P2', emails: null } },
          errors: [{ message: 'Forbidden', path: ['node', 'emails'], extensions: { code: 'FORBIDDEN' } }],
        };
      return { data: { node: id === 'P1' ? CONTACT : null } };
    }
    return { data: null };
  }).client;
}

function WhenSignedIn({ children }: { children: ReactElement }) {
  const { state } = useSession();
  return state.status === 'signed-in' ? children : <p>status: {state.status}</p>;
}

function app(network: { down: boolean }, route: string) {
  return renderWith(
    <SessionProvider>
      <WhenSignedIn>
        <Routes>
          <Route path="/" element={<Link to="/customers/contacts/P1">Open Justin</Link>} />
          <Route path="/home" element={<AvailableOfflineWidget />} />
          <Route
            path="/customers/contacts/:id"
            element={
              <>
                <Link to="/">Back</Link>
                <OfflineBanner />
                <ContactPage />
              </>
            }
          />
        </Routes>
      </WhenSignedIn>
    </SessionProvider>,
    { client: client(network), route },
  );
}

function setOnline(online: boolean) {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}

describe('record pages offline', { timeout: 20_000 }, () => {
  beforeEach(() => {
    resetHandoffForTests();
    globalThis.indexedDB = new IDBFactory();
    resetOfflineStoreForTests();
  });
  afterEach(() => setOnline(true));

  it('saves a contact that loaded; when the network fails, shows that copy with a banner, its fields edited into the queue', async () => {
    const user = userEvent.setup();
    const network = { down: false };
    app(network, '/customers/contacts/P1');
    expect(await screen.findByTestId('record-title')).toHaveTextContent('Justin Hammer');
    expect(screen.getByRole('button', { name: 'Log' })).toBeInTheDocument();
    await waitFor(async () => expect((await listOffline(SCOPE)).map((r) => r.label)).toEqual(['Justin Hammer']));

    await user.click(screen.getByRole('link', { name: 'Back' }));
    network.down = true;
    await user.click(await screen.findByRole('link', { name: 'Open Justin' }));
    // One banner, saying which copy is shown (not "You are offline" on top of it).
    expect(await screen.findByTestId('offline-banner')).toHaveTextContent(/^Offline — showing the copy saved just now/);
    expect(screen.getAllByRole('status').filter((s) => /offline/i.test(s.textContent ?? ''))).toHaveLength(1);
    expect(screen.getByTestId('record-title')).toHaveTextContent('Justin Hammer');
    expect(screen.getByText('justin@hammer.example.com')).toBeInTheDocument();
    // Nothing that would send a mutation now…
    expect(screen.queryByRole('button', { name: 'Log' })).not.toBeInTheDocument();
    expect(screen.queryByRole('tab', { name: 'Duplicates' })).not.toBeInTheDocument();

    // …but a field edited in place is queued: shown at once, waiting to be sent, counted in the banner.
    await user.click(screen.getByRole('button', { name: 'Edit Title: CEO' }));
    const input = screen.getByRole('textbox', { name: 'Title' });
    await user.clear(input);
    await user.type(input, 'Chairman{Enter}');
    const pending = await screen.findByTestId('pending-change');
    expect(pending).toHaveTextContent('Title: Chairman');
    expect(pending).toHaveTextContent('Waiting to be sent');
    expect(screen.getByText('Title', { selector: 'dt' }).nextElementSibling).toHaveTextContent('Chairman');
    expect(screen.getByTestId('offline-banner')).toHaveTextContent('1 change waits to be sent.');
    expect((await listEdits(SCOPE)).map((e) => [e.recordId, e.field, e.value, e.before, e.input])).toEqual([['P1', 'title', 'Chairman', 'CEO', { title: 'Chairman' }]]);
  });

  it('offline, custom fields are edited into the queue like built-in ones (definitions kept on the device)', async () => {
    const user = userEvent.setup();
    const network = { down: false };
    const online = app(network, '/customers/contacts/P3');
    expect(await screen.findByText('Tier', { selector: 'dt' })).toBeInTheDocument();
    await waitFor(async () => expect((await listOffline(SCOPE)).map((r) => r.id)).toEqual(['P3']));
    online.unmount();
    // Reloaded with no network: the definitions query cannot reach the server either; the page uses the
    // ones kept with the session copy.
    network.down = true;
    app(network, '/customers/contacts/P3');
    expect(await screen.findByText('Tier', { selector: 'dt' })).toBeInTheDocument();
    const offlinePage = screen.getByTestId('record-fields');
    await user.click(within(offlinePage).getByRole('button', { name: 'Edit Tier: Gold' }));
    const input = within(offlinePage).getByRole('textbox', { name: 'Tier' });
    await user.clear(input);
    await user.type(input, 'Platinum{Enter}');
    await waitFor(async () => expect((await listEdits(SCOPE)).map((e) => [e.recordId, e.field, e.value, e.before, e.input])).toEqual([['P3', 'customFields.tier', 'Platinum', 'Gold', { customFields: [{ key: 'tier', value: 'Platinum' }] }]]));
    // Shown at once as the new value, waiting to be sent.
    await waitFor(() => expect(within(offlinePage).getByText('Tier', { selector: 'dt' }).nextElementSibling).toHaveTextContent('Platinum'));
    expect(screen.getByTestId('pending-change')).toHaveTextContent('Tier: Platinum');
  });

  it('offline, a record never opened here says so clearly', async () => {
    const network = { down: false };
    app(network, '/');
    await screen.findByRole('link', { name: 'Open Justin' });
    network.down = true;
    setOnline(false);
    await userEvent.setup().click(screen.getByRole('link', { name: 'Open Justin' }));
    expect(await screen.findByTestId('offline-missing')).toHaveTextContent('You are offline and this record was not opened on this device before');
    expect(screen.queryByText('This contact does not exist or you may not see it.')).not.toBeInTheDocument();
  });

  it('shows a contact whose e-mails the role hides, the field empty (and keeps that copy)', async () => {
    app({ down: false }, '/customers/contacts/P2');
    expect(await screen.findByTestId('record-title')).toHaveTextContent('Justin Hammer');
    expect(screen.getByText('Email', { selector: 'dt' }).nextElementSibling).toHaveTextContent('—');
    expect(screen.queryByText('justin@hammer.example.com')).not.toBeInTheDocument();
    await waitFor(async () => expect((await listOffline(SCOPE)).map((r) => r.id)).toEqual(['P2']));
  });

  it('lists this member’s records available offline in the workspace, newest first, as links', async () => {
    const saved = { recordType: 'Contact', page: {} };
    await rememberViewed(SCOPE, { ...saved, id: 'P1', label: 'Justin Hammer', viewedAt: Date.now() - 120_000 });
    await rememberViewed(SCOPE, { ...saved, id: 'C1', label: 'Hammer Tech', recordType: 'Company', viewedAt: Date.now() - 60_000 });
    await rememberViewed({ workspace: 'oscorp', viewer: ME.email }, { ...saved, id: 'P9', label: 'Norman Osborn' });
    await rememberViewed({ workspace: 'stark', viewer: 'happy@stark.example.com' }, { ...saved, id: 'P8', label: 'Happy Hogan' });
    app({ down: false }, '/home');
    const list = await screen.findByTestId('available-offline');
    const links = within(list).getAllByRole('link');
    expect(links.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['Hammer Tech', '/customers/companies/C1'],
      ['Justin Hammer', '/customers/contacts/P1'],
    ]);
    expect(list).toHaveTextContent('Company · opened 1 minute ago');
  });

  it('online, a record that is not there is still "not found"', async () => {
    app({ down: false }, '/customers/contacts/P404');
    expect(await screen.findByRole('alert')).toHaveTextContent('This contact does not exist or you may not see it.');
    expect(await listOffline(SCOPE)).toEqual([]);
  });
});
