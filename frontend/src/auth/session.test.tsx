import 'fake-indexeddb/auto';
import { screen, waitFor } from '@testing-library/react';
import { IDBFactory } from 'fake-indexeddb';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { beforeEach, describe, expect, it } from 'vitest';

import { UNAUTHENTICATED_EVENT } from '../graphql/client';
import { listEdits, queueEdit } from '../offline/queue';
import { listOffline, loadPosition, rememberViewed, resetOfflineStoreForTests, savePosition, type Scope } from '../offline/store';
import { fakeClient, testTenant, type Answer } from '../test/render';
import { renderWith } from '../test/render';
import { LoginPage } from './LoginPage';
import { RequireSession } from './RequireSession';
import { resetHandoffForTests, SessionProvider, useSession } from './session';

const ME = { email: 'hank@globex.example.com', fullName: 'Hank Scorpio', role: 'owner' };
const TENANT = testTenant();
const UNAUTHENTICATED: Answer = { errors: [{ message: 'Sign in', extensions: { code: 'UNAUTHENTICATED' } }] };

function Status() {
  const { state } = useSession();
  return <p>status: {state.status === 'signed-in' ? `${state.me.fullName} @ ${state.tenant.name}` : state.status}</p>;
}

function app() {
  return (
    <SessionProvider>
      <Status />
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route
          path="/*"
          element={
            <RequireSession>
              <p>workspace page</p>
            </RequireSession>
          }
        />
      </Routes>
    </SessionProvider>
  );
}

describe('session', () => {
  beforeEach(() => {
    resetHandoffForTests();
    window.history.replaceState(null, '', '/');
    localStorage.clear();
    globalThis.indexedDB = new IDBFactory();
    resetOfflineStoreForTests();
  });

  it('starts offline from the session saved on this device, and asks again once back online', async () => {
    let answer: Answer = { data: { me: ME, currentTenant: TENANT } };
    const { client, calls } = fakeClient(() => answer);
    const first = renderWith(app(), { client });
    expect(await screen.findByText('status: Hank Scorpio @ Globex Corp')).toBeInTheDocument();
    first.unmount();

    // A reload with no network: the saved copy, not "Cannot reach the server".
    answer = { unreachable: true };
    resetHandoffForTests();
    renderWith(app(), { client });
    expect(await screen.findByText('workspace page')).toBeInTheDocument();
    expect(screen.getByText('status: Hank Scorpio @ Globex Corp')).toBeInTheDocument();

    // Back online, and the server now says the session is gone: signed out.
    answer = UNAUTHENTICATED;
    const asked = calls.length;
    window.dispatchEvent(new Event('online'));
    await waitFor(() => expect(screen.getByText('status: signed-out')).toBeInTheDocument());
    expect(calls.length).toBe(asked + 1);
    expect(localStorage.getItem('crm-offline-session')).toBeNull();
  });

  it('without a saved session, an unreachable server is said plainly', async () => {
    const { client } = fakeClient(() => ({ unreachable: true }));
    renderWith(app(), { client });
    expect(await screen.findByRole('alert')).toHaveTextContent('Cannot reach the server');
  });

  it('forgets the saved session when the server says it is gone', async () => {
    const { client } = fakeClient(() => ({ data: { me: ME, currentTenant: TENANT } }));
    renderWith(app(), { client });
    expect(await screen.findByText('workspace page')).toBeInTheDocument();
    expect(localStorage.getItem('crm-offline-session')).toContain(ME.email);
    window.dispatchEvent(new Event(UNAUTHENTICATED_EVENT));
    await waitFor(() => expect(screen.getByText('status: signed-out')).toBeInTheDocument());
    expect(localStorage.getItem('crm-offline-session')).toBeNull();
  });

  it('trades the signup hand-off token for a session, and wipes it from the address bar', async () => {
    window.history.replaceState(null, '', '/#handoff=tok-123');
    let started = false;
    const { client, calls } = fakeClient((query) => {
      if (query.includes('startSession')) {
        started = true;
        return { data: { startSession: { me: { email: ME.email }, errors: [] } } };
      }
      return started ? { data: { me: ME, currentTenant: TENANT } } : UNAUTHENTICATED;
    });
    renderWith(app(), { client });

    expect(await screen.findByText('status: Hank Scorpio @ Globex Corp')).toBeInTheDocument();
    expect(screen.getByText('workspace page')).toBeInTheDocument();
    expect(calls[0].query).toContain('startSession');
    expect(calls[0].headers.Authorization).toBe('Bearer tok-123');
    expect(window.location.hash).toBe('');
  });

  it('sends a visitor to log in, then back to where they were going', async () => {
    const user = userEvent.setup();
    let signedIn = false;
    const { client, calls } = fakeClient((query) => {
      if (query.includes('logIn')) {
        signedIn = true;
        return { data: { logIn: { me: { email: ME.email }, errors: [] } } };
      }
      return signedIn ? { data: { me: ME, currentTenant: TENANT } } : UNAUTHENTICATED;
    });
    renderWith(app(), { client, route: '/settings' });

    await user.type(await screen.findByLabelText(/Email/), ME.email);
    await user.type(screen.getByLabelText(/Password/, { selector: 'input' }), 'secret-password');
    await user.click(screen.getByRole('button', { name: 'Log in' }));

    expect(await screen.findByText('workspace page')).toBeInTheDocument();
    expect(calls.find((c) => c.query.includes('logIn'))!.variables).toEqual({
      input: { email: ME.email, password: 'secret-password' },
    });
  });

  it('asks for the authenticator code when two-step sign-in is on', async () => {
    const user = userEvent.setup();
    let signedIn = false;
    const { client, calls } = fakeClient((query, variables) => {
      if (query.includes('logIn')) {
        const input = variables.input as { otpCode?: string };
        if (input.otpCode !== '123456')
          return { data: { logIn: { me: null, errors: [{ field: 'otpCode', message: 'Enter the code from your authenticator app.', code: 'otp_required' }] } } };
        signedIn = true;
        return { data: { logIn: { me: { email: ME.email }, errors: [] } } };
      }
      return signedIn ? { data: { me: ME, currentTenant: TENANT } } : UNAUTHENTICATED;
    });
    renderWith(app(), { client, route: '/login' });
    await user.type(await screen.findByLabelText(/Email/), ME.email);
    await user.type(screen.getByLabelText(/Password/, { selector: 'input' }), 'secret-password');
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    const code = await screen.findByRole('textbox', { name: /Authenticator code/ });
    expect(screen.getByText('Enter the code from your authenticator app.')).toBeInTheDocument();
    await user.type(code, '123456');
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByText('workspace page')).toBeInTheDocument();
    expect(calls.filter((c) => c.query.includes('logIn')).at(-1)!.variables).toEqual({
      input: { email: ME.email, password: 'secret-password', otpCode: '123456' },
    });
  });

  it('shows the server’s refusal on the login form', async () => {
    const user = userEvent.setup();
    const { client } = fakeClient((query) =>
      query.includes('logIn')
        ? { data: { logIn: { me: null, errors: [{ field: null, message: 'Email or password is wrong.', code: 'invalid_credentials' }] } } }
        : UNAUTHENTICATED,
    );
    renderWith(app(), { client, route: '/login' });
    await user.type(await screen.findByLabelText(/Email/), ME.email);
    await user.type(screen.getByLabelText(/Password/, { selector: 'input' }), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Email or password is wrong.');
  });

  it('signs out when any answer says the session is gone', async () => {
    const { client } = fakeClient(() => ({ data: { me: ME, currentTenant: TENANT } }));
    renderWith(app(), { client });
    expect(await screen.findByText('workspace page')).toBeInTheDocument();
    window.dispatchEvent(new Event(UNAUTHENTICATED_EVENT));
    await waitFor(() => expect(screen.getByText('status: signed-out')).toBeInTheDocument());
    expect(await screen.findByRole('button', { name: 'Log in' })).toBeInTheDocument();
    // The page says why it is asking to log in again.
    expect(screen.getByRole('alert')).toHaveTextContent('You were signed out');
    expect(screen.queryByText('workspace page')).not.toBeInTheDocument();
    expect(localStorage.length).toBe(0);
  });

  it('a visitor who was never signed in is not told they were signed out', async () => {
    const { client } = fakeClient(() => UNAUTHENTICATED);
    renderWith(app(), { client });
    expect(await screen.findByRole('button', { name: 'Log in' })).toBeInTheDocument();
    expect(screen.queryByText('You were signed out')).not.toBeInTheDocument();
  });

  describe('a session the server ended wipes what was kept offline for that member of that workspace', () => {
    const mine: Scope = { workspace: TENANT.subdomain, viewer: ME.email };
    const colleague: Scope = { workspace: TENANT.subdomain, viewer: 'smithers@globex.example.com' };
    const otherWorkspace: Scope = { workspace: 'initech', viewer: ME.email };
    async function keepFor(scope: Scope) {
      await rememberViewed(scope, { id: 'Q29tcGFueTox', recordType: 'Company', label: 'Globex', page: { node: { id: 'Q29tcGFueTox' } } });
      await queueEdit(scope, { recordType: 'Company', recordId: 'Q29tcGFueTox', recordLabel: 'Globex', field: 'name', fieldLabel: 'Name', value: 'Globex 2', before: 'Globex', input: { name: 'Globex 2' } });
      await savePosition(scope, { cursor: 'c1', types: 'COMPANY' });
    }
    const kept = async (scope: Scope) => [(await listOffline(scope)).length, (await listEdits(scope)).length, (await loadPosition(scope))?.cursor ?? null];

    it('when any answer says the session is gone (signed out elsewhere, deactivated, 401)', async () => {
      const { client } = fakeClient(() => ({ data: { me: ME, currentTenant: TENANT } }));
      renderWith(app(), { client });
      expect(await screen.findByText('workspace page')).toBeInTheDocument();
      for (const scope of [mine, colleague, otherWorkspace]) await keepFor(scope);
      window.dispatchEvent(new Event(UNAUTHENTICATED_EVENT));
      await waitFor(async () => expect(await kept(mine)).toEqual([0, 0, null]));
      // Another member's or another workspace's store is theirs: the server ended this member's session only.
      expect(await kept(colleague)).toEqual([1, 1, 'c1']);
      expect(await kept(otherWorkspace)).toEqual([1, 1, 'c1']);
    });

    it('when the page opens and the server says the saved session ended meanwhile', async () => {
      let answer: Answer = { data: { me: ME, currentTenant: TENANT } };
      const first = fakeClient(() => answer);
      const { unmount } = renderWith(app(), { client: first.client });
      expect(await screen.findByText('workspace page')).toBeInTheDocument();
      await keepFor(mine);
      await keepFor(colleague);
      unmount();
      answer = UNAUTHENTICATED;
      renderWith(app(), { client: fakeClient(() => answer).client });
      expect(await screen.findByRole('button', { name: 'Log in' })).toBeInTheDocument();
      await waitFor(async () => expect(await kept(mine)).toEqual([0, 0, null]));
      expect(await kept(colleague)).toEqual([1, 1, 'c1']);
    });
  });
});
