import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useClient, type Client } from 'urql';

import { graphql } from '../gql/tenant';
import type { SessionQuery } from '../gql/tenant/graphql';
import { isUnauthenticated, UNAUTHENTICATED_EVENT } from '../graphql/client';
import { forgetSession, loadSession, saveSession } from '../offline/session';
import { wipeScope } from '../offline/store';
import { takeHandoff } from './handoff';

export const SessionDocument = graphql(`
  query Session {
    me {
      id
      email
      fullName
      role
    }
    currentTenant {
      name
      subdomain
      url
      locale
      currency
      timeZone
      brandColour
      logoUrl
    }
  }
`);

export const StartSessionDocument = graphql(`
  mutation StartSession {
    startSession {
      me {
        email
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

const LogOutDocument = graphql(`
  mutation LogOut {
    logOut {
      ok
    }
  }
`);

let handoff: Promise<void> | null = null;

/** For tests: forget that this page load already looked for a hand-off token. */
export function resetHandoffForTests(): void {
  handoff = null;
}

/** Trade a `#handoff=` token for a session, once per page load (effects may run twice). */
function consumeHandoff(client: Client): Promise<void> {
  handoff ??= (async () => {
    const { token, rest } = takeHandoff(window.location.hash);
    if (!token) return;
    // Drop the token from the address bar (and history) before anything else.
    window.history.replaceState(null, '', window.location.pathname + window.location.search + rest);
    await client
      .mutation(StartSessionDocument, {}, { fetchOptions: { headers: { Authorization: `Bearer ${token}` } } })
      .toPromise();
  })();
  return handoff;
}

export type Me = SessionQuery['me'];

/** Owners and admins manage the workspace (the server decides; this only picks what to show). */
export const isAdmin = (role: string) => role === 'owner' || role === 'admin';
export type CurrentTenant = SessionQuery['currentTenant'];

export type SessionState =
  | { status: 'loading' }
  /** `ended`: the server ended a session this page had (deactivated, revoked, expired) — say so at sign-in. */
  | { status: 'signed-out'; ended?: boolean }
  | { status: 'error'; message: string }
  /** `offline`: started from the copy saved on this device (src/offline/session.ts), server unreachable. */
  | { status: 'signed-in'; me: Me; tenant: CurrentTenant; offline?: boolean };

interface SessionContextValue {
  state: SessionState;
  /** Ask the server again who is signed in (after logging in). */
  refresh: () => Promise<SessionState>;
  logOut: () => Promise<void>;
}

export const SessionContext = createContext<SessionContextValue | null>(null);

/** Who is signed in to this workspace. First trades a signup hand-off token for a session, if any. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useClient();
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const refresh = useCallback(async (): Promise<SessionState> => {
    const result = await client.query(SessionDocument, {}, { requestPolicy: 'network-only' }).toPromise();
    let next: SessionState;
    const saved = result.error?.networkError ? loadSession<Me, CurrentTenant>() : null;
    if (result.data) {
      next = { status: 'signed-in', me: result.data.me, tenant: result.data.currentTenant };
      saveSession(next.me, next.tenant);
    } else if (isUnauthenticated(result.error)) {
      next = { status: 'signed-out' };
      // Signed out elsewhere (or expired) while this page was closed: the member's offline copies go too.
      endedFor(loadSession<Me, CurrentTenant>());
    } else if (saved) next = { status: 'signed-in', me: saved.me, tenant: saved.tenant, offline: true };
    else next = { status: 'error', message: result.error?.message ?? 'unknown error' };
    setState(next);
    return next;
  }, [client]);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      await consumeHandoff(client);
      if (!cancelled) await refresh();
    })();
    return () => {
      cancelled = true;
    };
  }, [client, refresh]);

  // Started offline from the saved copy: ask the server again as soon as the network is back.
  const startedOffline = state.status === 'signed-in' && state.offline === true;
  useEffect(() => {
    if (!startedOffline) return;
    const again = () => void refresh();
    window.addEventListener('online', again);
    return () => window.removeEventListener('online', again);
  }, [startedOffline, refresh]);

  // Any page's query that finds the session gone sends the member back to the login page, and what
  // was kept on this device for them (records, queued changes) is wiped.
  const current = useRef(state);
  useEffect(() => {
    current.current = state;
  }, [state]);
  useEffect(() => {
    const signedOut = () => {
      const was = current.current;
      endedFor(was.status === 'signed-in' ? was : loadSession<Me, CurrentTenant>());
      setState((now) => (now.status === 'signed-in' ? { status: 'signed-out', ended: true } : now));
    };
    window.addEventListener(UNAUTHENTICATED_EVENT, signedOut);
    return () => window.removeEventListener(UNAUTHENTICATED_EVENT, signedOut);
  }, []);

  const logOut = useCallback(async () => {
    await client.mutation(LogOutDocument, {}).toPromise();
    forgetSession();
    setState({ status: 'signed-out' });
  }, [client]);

  const value = useMemo(() => ({ state, refresh, logOut }), [state, refresh, logOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/**
 * The server ended the session (signed out elsewhere, deactivated, access revoked, expired): forget the
 * saved session and the offline store of that member in that workspace (src/offline/store.ts).
 */
function endedFor(session: { me: Me; tenant: CurrentTenant } | null): void {
  forgetSession();
  if (session) void wipeScope({ workspace: session.tenant.subdomain, viewer: session.me.email });
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in member and workspace; only inside pages behind RequireSession. */
export function useMember(): { me: Me; tenant: CurrentTenant } {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useMember needs a signed-in session');
  return { me: state.me, tenant: state.tenant };
}
