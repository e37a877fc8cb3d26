import { MantineProvider } from '@mantine/core';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router';
import { Client, CombinedError, makeResult, Provider, type Exchange, type Operation } from 'urql';
import { filter, fromValue, mergeMap, pipe } from 'wonka';

import { theme } from '../theme';

export interface Call {
  query: string;
  variables: Record<string, unknown>;
  headers: Record<string, string>;
}

export type Answer = { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };

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
    <MantineProvider theme={theme}>
      <Provider value={urql}>
        <MemoryRouter initialEntries={[route]}>{ui}</MemoryRouter>
      </Provider>
    </MantineProvider>,
  );
}
