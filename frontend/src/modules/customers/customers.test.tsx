import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { Route, Routes } from 'react-router';
import { beforeEach, describe, expect, it } from 'vitest';

import { resetHandoffForTests, SessionProvider, useSession } from '../../auth/session';
import { fakeClient, renderWith, testTenant, type Answer } from '../../test/render';
import '..'; // registers the module's strings
import { forgetEntryStatesForTests } from '../../components/list/entryState';
import { moveColumn } from '../../components/SortableColumns';
import { CustomerList, filterOf, filtersFrom, MINE } from './CustomerList';
import { userNodeId } from '../../components/members';
import { toCsv } from './options';
import { CompanyPage } from './RecordPage';

const ME = { email: 'pepper@stark.example.com', fullName: 'Pepper Potts', role: 'owner' };
const TENANT = testTenant({ name: 'Stark', subdomain: 'stark', url: 'http://stark.localhost:8000' });
const OPTIONS = {
  tags: { edges: [{ node: { id: 'T1', name: 'VIP' } }] },
  users: { edges: [{ node: { id: 'M1', userId: 7, email: ME.email, fullName: ME.fullName, isActive: true } }] },
  savedViews: {
    edges: [
      { node: { id: 'V1', name: 'Active accounts', shared: false, columns: ['region'], filter: { lifecycleStage: { eq: 'ACTIVE' } }, ordering: [] } },
      { node: { id: 'V2', name: 'By tier', shared: false, columns: [], filter: {}, ordering: [{ customField: { key: 'tier', direction: 'DESC_NULLS_LAST' } }] } },
    ],
  },
};
const company = (id: string, name: string, stage = 'ACTIVE') => ({
  id,
  name,
  industry: 'Aerospace',
  website: '',
  phone: '',
  region: 'West',
  country: 'US',
  lifecycleStage: stage,
  level: null,
  source: null,
  lastInteractionAt: null,
  createdAt: '2026-01-02T10:00:00Z',
  deletedAt: null,
  owner: { id: userNodeId(7), fullName: ME.fullName, email: ME.email },
  tags: [],
});

function signedIn(ui: ReactElement, respond: (query: string, variables: Record<string, unknown>) => Answer, route = '/') {
  const fake = fakeClient((query, variables) =>
    query.includes('query Session') ? { data: { me: ME, currentTenant: TENANT } } : respond(query, variables),
  );
  renderWith(<SessionProvider>{ui}</SessionProvider>, { client: fake.client, route });
  return fake;
}

function WhenSignedIn({ children }: { children: ReactElement }) {
  const { state } = useSession();
  return state.status === 'signed-in' ? children : <p>status: {state.status}</p>;
}

/** The companies list, signed in; the list's options (tags, owners, views) answered. */
const companyList = (respond: (query: string, variables: Record<string, unknown>) => Answer) =>
  signedIn(
    <WhenSignedIn>
      <CustomerList kind="company" />
    </WhenSignedIn>,
    (query, variables) => (query.includes('query CustomerOptions') ? { data: OPTIONS } : respond(query, variables)),
  );

describe('customers', { timeout: 20_000 }, () => {
  beforeEach(() => {
    resetHandoffForTests();
    forgetEntryStatesForTests();
  });

  it('turns filter controls into the API filter and back (saved views)', () => {
    const filter = filterOf('company', { stage: 'ACTIVE', owner: 'VXNlcjo3', tag: 'T1' });
    expect(filter).toEqual({ lifecycleStage: { eq: 'ACTIVE' }, owner: { eq: 'VXNlcjo3' }, tags: { eq: 'T1' } });
    expect(filtersFrom(filter)).toEqual({ stage: 'ACTIVE', owner: 'VXNlcjo3', tag: 'T1' });
    expect(filterOf('contact', { stage: 'ACTIVE', owner: null, tag: null })).toEqual({});
    // "Mine" is stored as who-is-looking, not as the id of whoever saved the view.
    expect(filterOf('contact', { stage: null, owner: MINE, tag: null })).toEqual({ mine: true });
    expect(filtersFrom({ mine: true, tags: { eq: 'T1' } })).toEqual({ stage: null, owner: MINE, tag: 'T1' });
    expect(userNodeId(7)).toBe(btoa('User:7'));
    expect(toCsv(['Name', 'Notes'], [['Acme, Inc.', 'said "hi"']])).toBe('Name,Notes\r\n"Acme, Inc.","said ""hi"""\r\n');
  });

  it('lists companies, filters by stage and applies a saved view', async () => {
    const user = userEvent.setup();
    const { calls } = companyList((query, variables) => {
      if (query.includes('query CustomerCompanies')) {
        const stage = ((variables.filter as Record<string, { eq: string }>).lifecycleStage ?? {}).eq;
        const rows = [company('C1', 'Hammer Tech'), company('C2', 'Roxxon', 'PROSPECT')].filter((c) => !stage || c.lifecycleStage === stage);
        return { data: { companies: { totalCount: rows.length, edges: rows.map((node) => ({ node })) } } };
      }
      return { data: null };
    });
    const table = await screen.findByTestId('records-table');
    expect(within(table).getByText('Roxxon')).toBeInTheDocument();
    expect(screen.getByText('2 records')).toBeInTheDocument();
    const views = screen.getByRole('textbox', { name: 'Saved view' });
    await user.click(views);
    const listbox = document.getElementById(views.getAttribute('aria-controls') ?? '')!;
    await user.click(within(listbox).getByRole('option', { name: 'Active accounts', hidden: true }));
    expect(await screen.findByText('1 record')).toBeInTheDocument();
    expect(within(screen.getByTestId('records-table')).queryByText('Roxxon')).not.toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: 'Region' })).toBeInTheDocument();
    const last = calls.filter((c) => c.query.includes('query CustomerCompanies')).at(-1)!;
    expect(last.variables).toMatchObject({ filter: { lifecycleStage: { eq: 'ACTIVE' } }, active: true, pool: false, deleted: false });
  });

  it('bulk-transfers selected companies to another owner', async () => {
    const user = userEvent.setup();
    const { calls } = companyList((query) => {
      if (query.includes('transferCustomers')) return { data: { transferCustomers: { errors: [] } } };
      return { data: { companies: { totalCount: 1, edges: [{ node: company('C1', 'Hammer Tech') }] } } };
    });
    await user.click(await screen.findByRole('checkbox', { name: 'Select Hammer Tech' }));
    await user.click(within(screen.getByTestId('bulk-actions')).getByRole('button', { name: 'Transfer' }));
    const owner = await screen.findByRole('textbox', { name: 'New owner' });
    await user.click(owner);
    const listbox = document.getElementById(owner.getAttribute('aria-controls') ?? '')!;
    await user.click(within(listbox).getByRole('option', { name: ME.fullName, hidden: true }));
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(calls.some((c) => c.query.includes('transferCustomers'))).toBe(true));
    expect(calls.find((c) => c.query.includes('transferCustomers'))!.variables).toEqual({
      input: { ownerId: userNodeId(7), companyIds: ['C1'] },
    });
  });

  it('shows a custom field as a sortable, filterable column and tags all matching records, past the loaded page', async () => {
    const user = userEvent.setup();
    const tier = { id: 'D1', key: 'tier', label: 'Tier', type: 'PICKLIST', description: '', required: false, choices: ['Gold', 'Silver'], group: '', position: 0, referenceType: '', minValue: null, maxValue: null, regex: '', default: null };
    const all = [company('C1', 'Hammer Tech'), company('C2', 'Roxxon'), company('C3', 'Oscorp')].map((c, i) => ({ ...c, customFields: [{ key: 'tier', value: i ? 'Silver' : 'Gold' }] }));
    const { calls } = companyList((query, variables) => {
      if (query.includes('query CustomFieldDefinitions')) return { data: { customFieldDefinitions: variables.type === 'Company' ? [tier] : [] } };
      if (query.includes('query MyRoleAccess')) return { data: { myRole: { key: 'owner', permissions: ['UPDATE', 'DELETE'].map((action) => ({ recordType: '*', action, scope: 'ALL' })), fieldRules: [] } } };
      if (query.includes('tagCompanies')) return { data: { tagCompanies: { errors: [] } } };
      if (query.includes('query CustomerCompanies')) {
        const wanted = ((variables.filter as { customFields?: { eq: string }[] }).customFields ?? [])[0]?.eq;
        const found = all.filter((c) => !wanted || c.customFields[0].value === wanted);
        // Two rows a page: the third matching one is not loaded.
        const start = variables.after ? 2 : 0;
        const rows = found.slice(start, start + 2);
        return { data: { companies: { totalCount: found.length, pageInfo: { hasNextPage: start + 2 < found.length, endCursor: 'next' }, edges: rows.map((node) => ({ node })) } } };
      }
      return { data: null };
    });
    const table = await screen.findByTestId('records-table');
    expect(await within(table).findByRole('columnheader', { name: /Tier/ })).toBeInTheDocument();
    expect(within(table).getByText('Gold')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Sort by Tier' }));
    await waitFor(() => expect(calls.filter((c) => c.query.includes('query CustomerCompanies')).at(-1)!.variables.orderBy).toEqual([{ customField: { key: 'tier', direction: 'ASC_NULLS_LAST' } }]));

    // Every matching record: the page ticked, then "select all 3", then a tag for all of them.
    await user.click(screen.getByRole('checkbox', { name: 'Select all' }));
    await user.click(within(screen.getByTestId('bulk-actions')).getByRole('button', { name: 'Select all 3 matching' }));
    await user.click(within(screen.getByTestId('bulk-actions')).getByRole('button', { name: 'Tag' }));
    const tag = within(await screen.findByRole('dialog')).getAllByRole('textbox', { name: 'Tag' })[0];
    await user.click(tag);
    await user.click(within(document.getElementById(tag.getAttribute('aria-controls') ?? '')!).getByRole('option', { name: 'VIP', hidden: true }));
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(calls.some((c) => c.query.includes('tagCompanies'))).toBe(true));
    expect(calls.find((c) => c.query.includes('tagCompanies'))!.variables).toEqual({ input: { companyIds: ['C1', 'C2', 'C3'], addTagIds: ['T1'] } });
    await waitFor(() => expect(screen.queryByTestId('bulk-actions')).not.toBeInTheDocument());

    // The picklist filter: its chip, and the list's filter.
    const filter = screen.getByRole('textbox', { name: 'Tier' });
    await user.click(filter);
    await user.click(within(document.getElementById(filter.getAttribute('aria-controls') ?? '')!).getByRole('option', { name: 'Silver', hidden: true }));
    expect(await screen.findByRole('button', { name: /Remove filter Tier: Silver/ })).toBeInTheDocument();
    expect(await screen.findByText('2 records')).toBeInTheDocument();

    // A view saved while sorted by the custom column comes back sorted by it (descending), header and all.
    const views = screen.getByRole('textbox', { name: 'Saved view' });
    await user.click(views);
    await user.click(within(document.getElementById(views.getAttribute('aria-controls') ?? '')!).getByRole('option', { name: 'By tier', hidden: true }));
    await waitFor(() => expect(calls.filter((c) => c.query.includes('query CustomerCompanies')).at(-1)!.variables.orderBy).toEqual([{ customField: { key: 'tier', direction: 'DESC_NULLS_LAST' } }]));
    expect(within(screen.getByTestId('records-table')).getByRole('columnheader', { name: /Tier/ })).toHaveAttribute('aria-sort', 'descending');
  });

  it('shows a company’s timeline and logs a call', async () => {
    const user = userEvent.setup();
    let logged = false;
    const { calls } = signedIn(
      <WhenSignedIn>
        <Routes>
          <Route path="/customers/companies/:id" element={<CompanyPage />} />
        </Routes>
      </WhenSignedIn>,
      (query) => {
        if (query.includes('logInteraction')) {
          logged = true;
          return { data: { logInteraction: { interaction: { id: 'I1' }, errors: [] } } };
        }
        if (query.includes('companyDuplicates')) return { data: { companyDuplicates: [] } };
        if (query.includes('query CustomerCompany(')) {
          const interactions = logged
            ? [{ id: 'I1', kind: 'CALL', direction: 'OUTBOUND', occurredAt: '2026-01-03T10:00:00Z', subject: 'Intro call', body: 'Went well', outcome: '', performedBy: { id: 'U', fullName: ME.fullName }, contact: null }]
            : [];
          return {
            data: {
              node: {
                __typename: 'Company',
                ...company('C1', 'Hammer Tech'),
                category: '',
                updatedAt: '2026-01-02T10:00:00Z',
                parent: null,
                contacts: { totalCount: 0, edges: [] },
                interactions: { edges: interactions.map((node) => ({ node })) },
                history: { edges: [] },
              },
            },
          };
        }
        if (query.includes('query CustomerOptions')) return { data: OPTIONS };
        return { data: null };
      },
      '/customers/companies/C1',
    );
    expect(await screen.findByTestId('record-title')).toHaveTextContent('Hammer Tech');
    expect(screen.getByText('Nothing logged yet.')).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: 'Subject' }), 'Intro call');
    await user.click(screen.getByRole('button', { name: 'Log' }));
    expect(await screen.findByText('Call · Intro call')).toBeInTheDocument();
    expect(calls.find((c) => c.query.includes('logInteraction'))!.variables).toEqual({
      input: { kind: 'CALL', subject: 'Intro call', body: null, companyId: 'C1', contactId: null },
    });
  });
});

describe('column order', () => {
  it('moves a column to where it was dropped, and ignores unknown ids', () => {
    expect(moveColumn(['a', 'b', 'c'], 'c', 'a')).toEqual(['c', 'a', 'b']);
    expect(moveColumn(['a', 'b', 'c'], 'a', 'b')).toEqual(['b', 'a', 'c']);
    expect(moveColumn(['a', 'b'], 'x', 'a')).toEqual(['a', 'b']);
  });
});
