import { MantineProvider } from '@mantine/core';
import { render, waitFor, within } from '@testing-library/react';
import type userEvent from '@testing-library/user-event';
import { expect } from 'vitest';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router';
import { cacheExchange, Client, CombinedError, makeErrorResult, makeResult, Provider, type Exchange, type Operation } from 'urql';
import { filter, fromValue, mergeMap, pipe } from 'wonka';

import { resetHandoffForTests, SessionProvider, useSession } from '../auth/session';
import { theme } from '../theme';

/** The workspace every unit test signs in to (as the Session query answers it). */
export function testTenant(overrides: Partial<Record<'name' | 'subdomain' | 'url' | 'locale' | 'currency' | 'timeZone', string>> = {}) {
  return { name: 'Globex Corp', subdomain: 'globex', url: 'http://globex.localhost:8000', locale: 'en-US', currency: 'USD', timeZone: 'UTC', brandColour: '', logoUrl: null, ...overrides };
}

export interface Call {
  query: string;
  variables: Record<string, unknown>;
  headers: Record<string, string>;
}

export type Answer = {
  data?: unknown;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  /** The server could not be reached (offline): a network error, no data. */
  unreachable?: boolean;
};

/**
 * A real urql client whose transport is `respond(query, variables)`: what the server would answer. With
 * `cache`, the app's document cache in front (a mutation's answer refreshes the queries of its types).
 */
export function fakeClient(respond: (query: string, variables: Record<string, unknown>) => Answer = () => ({ data: null }), { cache = false } = {}): {
  client: Client;
  calls: Call[];
} {
  const calls: Call[] = [];
  const transport: Exchange = () => (operations$) =>
    pipe(
      operations$,
      filter((op: Operation) => op.kind !== 'teardown'),
      mergeMap((op: Operation) => {
        const query = op.query.loc?.source.body ?? '';
        const options = op.context.fetchOptions;
        const fetchOptions = typeof options === 'function' ? options() : (options ?? {});
        calls.push({ query, variables: op.variables ?? {}, headers: (fetchOptions.headers ?? {}) as Record<string, string> });
        const answer = respond(query, op.variables ?? {});
        if (answer.unreachable) return fromValue(makeErrorResult(op, new TypeError('Failed to fetch')));
        return fromValue(
          answer.errors
            ? { ...makeResult(op, { data: (answer.data ?? null) as Record<string, unknown> | null }), error: new CombinedError({ graphQLErrors: answer.errors }) }
            : makeResult(op, { data: answer.data as Record<string, unknown> }),
        );
      }),
    );
  const client = new Client({ url: '/graphql/', exchanges: cache ? [cacheExchange, transport] : [transport] });
  return { client, calls };
}

export function renderWith(ui: ReactElement, { client, route = '/' }: { client?: Client; route?: string } = {}) {
  const urql = client ?? fakeClient().client;
  return render(
    // env="test": no transitions (a menu opens at once, however loaded the machine) and no portals.
    <MantineProvider theme={theme} env="test">
      <Provider value={urql}>
        <MemoryRouter initialEntries={[route]}>{ui}</MemoryRouter>
      </Provider>
    </MantineProvider>,
  );
}

/** The member `renderSignedIn` signs in: the workspace's owner, who may do anything. */
export const OWNER = {
  me: { email: 'pepper@stark.example.com', fullName: 'Pepper Potts', role: 'owner' },
  myRole: { key: 'owner', permissions: ['CREATE', 'READ', 'UPDATE', 'DELETE', 'EXPORT'].map((action) => ({ recordType: '*', action, scope: 'ALL' })), fieldRules: [] },
};

function WhenSignedIn({ children }: { children: ReactElement }) {
  const { state } = useSession();
  return state.status === 'signed-in' ? children : <p>status: {state.status}</p>;
}

/** A page as the workspace's owner sees it once signed in; `respond` answers every query but the session's and the role's. */
export function renderSignedIn(ui: ReactElement, respond: (query: string, variables: Record<string, unknown>) => Answer, { route = '/' }: { route?: string } = {}) {
  resetHandoffForTests();
  const fake = fakeClient((query, variables) => {
    if (query.includes('query Session')) return { data: { me: OWNER.me, currentTenant: testTenant() } };
    if (query.includes('query MyRoleAccess')) return { data: { myRole: OWNER.myRole } };
    return respond(query, variables);
  });
  renderWith(
    <SessionProvider>
      <WhenSignedIn>{ui}</WhenSignedIn>
    </SessionProvider>,
    { client: fake.client, route },
  );
  return fake;
}

/** Pick an option of a Mantine Select (its dropdown is the listbox the input controls). */
export async function chooseOption(user: ReturnType<typeof userEvent.setup>, input: HTMLElement, name: string | RegExp) {
  await user.click(input);
  const listbox = await waitFor(() => {
    const found = document.getElementById(input.getAttribute('aria-controls') ?? '');
    expect(found).not.toBeNull();
    return found!;
  });
  await user.click(within(listbox).getByRole('option', { name, hidden: true }));
}
