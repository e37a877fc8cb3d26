import { MantineProvider } from '@mantine/core';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router';
import { Client, Provider } from 'urql';
import { fromValue, never } from 'wonka';

import { theme } from '../theme';

/** A urql client whose every operation answers with `respond(operation)` (or never). */
export function fakeClient(respond?: (query: string, variables: Record<string, unknown>) => unknown): {
  client: Client;
  calls: { query: string; variables: Record<string, unknown> }[];
} {
  const calls: { query: string; variables: Record<string, unknown> }[] = [];
  const execute = (request: { query: unknown; variables?: unknown }) => {
    const source = (request.query as { loc?: { source: { body: string } } }).loc?.source.body ?? '';
    const variables = (request.variables ?? {}) as Record<string, unknown>;
    calls.push({ query: source, variables });
    if (!respond) return never;
    return fromValue({ data: respond(source, variables), stale: false, hasNext: false });
  };
  const client = { executeQuery: execute, executeMutation: execute, executeSubscription: execute } as unknown as Client;
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
