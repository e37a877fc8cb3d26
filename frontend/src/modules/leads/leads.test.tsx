import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { beforeEach, describe, expect, it } from 'vitest';

import { resetHandoffForTests, SessionProvider, useSession } from '../../auth/session';
import { fakeClient, renderWith, testTenant, type Answer } from '../../test/render';
import '..'; // registers the module's strings
import { LeadsPage } from './LeadsPage';

const ME = { email: 'pepper@stark.example.com', fullName: 'Pepper Potts', role: 'owner' };
const TENANT = testTenant({ name: 'Stark', subdomain: 'stark', url: 'http://stark.localhost:8000' });
const lead = (id: string, name: string, status = 'NEW') => ({
  __typename: 'Lead',
  id,
  name,
  companyName: 'Hammer Tech',
  title: '',
  email: null,
  phone: null,
  status,
  source: 'WEB_FORM',
  score: 15,
  region: '',
  industry: '',
  createdAt: '2026-01-02T10:00:00Z',
  owner: null,
});

function WhenSignedIn({ children }: { children: ReactElement }) {
  const { state } = useSession();
  return state.status === 'signed-in' ? children : <p>status: {state.status}</p>;
}

function signedIn(respond: (query: string, variables: Record<string, unknown>) => Answer) {
  const fake = fakeClient((query, variables) => (query.includes('query Session') ? { data: { me: ME, currentTenant: TENANT } } : respond(query, variables)));
  renderWith(
    <SessionProvider>
      <WhenSignedIn>
        <LeadsPage />
      </WhenSignedIn>
    </SessionProvider>,
    { client: fake.client, route: '/leads' },
  );
  return fake;
}

describe('leads list', () => {
  beforeEach(() => resetHandoffForTests());

  it('exports with the list’s filter, filters by status as a removable chip, deletes the selection', async () => {
    const user = userEvent.setup();
    const { calls } = signedIn((query, variables) => {
      if (query.includes('query Leads(')) {
        const status = ((variables.filter as Record<string, { eq: string }>).status ?? {}).eq;
        const rows = [lead('L1', 'Ada Lovelace'), lead('L2', 'Alan Turing', 'WORKING')].filter((l) => !status || l.status === status);
        return { data: { leads: { totalCount: rows.length, pageInfo: { hasNextPage: false, endCursor: null }, edges: rows.map((node) => ({ node })) } } };
      }
      if (query.includes('query MyRoleAccess'))
        return { data: { myRole: { key: 'owner', permissions: ['UPDATE', 'DELETE', 'EXPORT'].map((action) => ({ recordType: '*', action, scope: 'ALL' })), fieldRules: [] } } };
      if (query.includes('mutation DeleteLeads')) return { data: { deleteLeads: { deletedIds: ['L1'], errors: [] } } };
      return { data: null };
    });
    const table = await screen.findByTestId('leads-table');
    expect(within(table).getByText('Alan Turing')).toBeInTheDocument();
    expect(screen.getByText('2 leads')).toBeInTheDocument();
    // Export: the whole list from the server, with the list's own filter.
    await user.click(await screen.findByTestId('export'));
    expect((await screen.findByRole('menuitem', { name: 'CSV' })).getAttribute('href')).toMatch(/^\/exports\/leads\.csv\?mode=active&filter=%7B%7D/);
    await user.keyboard('{Escape}');

    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'WORKING');
    expect(await screen.findByText('1 lead')).toBeInTheDocument();
    expect(screen.getByTestId('chip-status')).toHaveTextContent('Status: Working');
    await user.click(screen.getByRole('button', { name: 'Remove filter Status: Working' }));
    expect(await screen.findByText('2 leads')).toBeInTheDocument();
    expect(calls.filter((c) => c.query.includes('query Leads(')).at(-1)!.variables.filter).toEqual({});

    await user.click(screen.getByRole('checkbox', { name: 'Select Ada Lovelace' }));
    await user.click(within(screen.getByTestId('bulk-actions')).getByRole('button', { name: 'Delete' }));
    await user.click(await screen.findByRole('button', { name: 'Delete lead' }));
    await waitFor(() => expect(calls.some((c) => c.query.includes('mutation DeleteLeads'))).toBe(true));
    expect(calls.find((c) => c.query.includes('mutation DeleteLeads'))!.variables).toEqual({ input: { leadIds: ['L1'] } });
    await waitFor(() => expect(screen.queryByTestId('bulk-actions')).not.toBeInTheDocument()); // done: selection cleared
  });

  it('shows the custom fields as columns through the kit: sorted and filtered by them', async () => {
    const user = userEvent.setup();
    const grade = { id: 'D1', key: 'grade', label: 'Grade', type: 'PICKLIST', description: '', required: false, choices: ['Hot', 'Cold'], group: '', position: 0, referenceType: '', minValue: null, maxValue: null, regex: '', default: null };
    const { calls } = signedIn((query, variables) => {
      if (query.includes('query CustomFieldDefinitions')) return { data: { customFieldDefinitions: [grade] } };
      if (query.includes('query Leads(')) {
        const wanted = ((variables.filter as { customFields?: { eq: string }[] }).customFields ?? [])[0]?.eq;
        const rows = [{ ...lead('L1', 'Ada Lovelace'), customFields: [{ key: 'grade', value: 'Hot' }] }, { ...lead('L2', 'Alan Turing'), customFields: [{ key: 'grade', value: 'Cold' }] }].filter((l) => !wanted || l.customFields[0].value === wanted);
        return { data: { leads: { totalCount: rows.length, pageInfo: { hasNextPage: false, endCursor: null }, edges: rows.map((node) => ({ node })) } } };
      }
      return { data: null };
    });
    const table = await screen.findByTestId('leads-table');
    expect(await within(table).findByText('Hot')).toBeInTheDocument();
    expect(calls.filter((c) => c.query.includes('query Leads(')).at(-1)!.variables.withCustomFields).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Sort by Grade' }));
    await waitFor(() => expect(calls.filter((c) => c.query.includes('query Leads(')).at(-1)!.variables.orderBy).toEqual([{ customField: { key: 'grade', direction: 'ASC_NULLS_LAST' } }]));
    const filter = screen.getByRole('textbox', { name: 'Grade' });
    await user.click(filter);
    await user.click(within(document.getElementById(filter.getAttribute('aria-controls') ?? '')!).getByRole('option', { name: 'Cold', hidden: true }));
    expect(await screen.findByText('1 lead')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Remove filter Grade: Cold/ })).toBeInTheDocument();
  });
});
