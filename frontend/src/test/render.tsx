import { MantineProvider } from '@mantine/core';
import { render, waitFor, within } from '@testing-library/react';
import type userEvent from '@testing-library/user-event';
import { expect } from 'vitest';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router';
import { Client, CombinedError, makeErrorResult, makeResult, Provider, type Exchange, type Operation } from 'urql';
import { filter, fromValue, mergeMap, pipe } from 'wonka';

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

/** A real urql client whose transport is `respond(query, variables)`: what the server would answer. */
export function fakeClient(respond: (query: string, variables: Record<string, unknown>) => Answer = () => ({ data: null })): {
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
  const client = new Client({ url: '/graphql/', exchanges: [transport] });
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
