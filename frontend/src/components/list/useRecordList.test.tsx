import { Table } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import '../../modules';
import type { ClaimsQuery } from '../../gql/tenant/graphql';
import { ClaimsDocument, DeleteClaimDocument, RestoreClaimDocument } from '../../modules/returns/operations';
import { fakeClient, renderWith } from '../../test/render';
import { useRecordList } from './useRecordList';

type Row = ClaimsQuery['claims']['edges'][number]['node'];

const REGION = { id: 'd1', key: 'region', label: 'Region', type: 'PICKLIST', description: '', required: false, choices: ['North', 'South'], group: '', position: 0, referenceType: null, minValue: null, maxValue: null, regex: '', default: null };

function claim(n: number, region: string) {
  return {
    id: `c${n}`,
    number: n,
    kind: 'WARRANTY',
    status: 'SUBMITTED',
    description: `Claim ${n}`,
    currency: 'USD',
    createdAt: '2026-12-01T10:00:00Z',
    amountClaimed: null,
    amountApproved: null,
    company: null,
    order: null,
    warranty: null,
    owner: null,
    customFields: [{ key: 'region', value: region }],
  };
}

function server() {
  return fakeClient((query, variables) => {
    if (query.includes('CustomFieldDefinitions')) return { data: { customFieldDefinitions: [REGION] } };
    if (query.includes('query Claims')) {
      const rows = variables.withCustomFields ? [claim(1, 'North'), claim(2, 'South')] : [];
      return { data: { claims: { totalCount: rows.length, pageInfo: { hasNextPage: false, endCursor: null }, edges: rows.map((node) => ({ node })) } } };
    }
    if (query.includes('DeleteClaims')) return { data: { deleteClaims: { deletedIds: (variables.input as { claimIds: string[] }).claimIds, errors: [] } } };
    if (query.includes('RestoreClaims')) return { data: { restoreClaims: { restoredIds: (variables.input as { claimIds: string[] }).claimIds, errors: [] } } };
    return { data: null };
  });
}

function Claims() {
  const records = useRecordList<ClaimsQuery, Row>({
    recordType: 'Claim',
    name: 'claims',
    ns: 'returns',
    keys: 'claimBulk',
    query: ClaimsDocument as never,
    pick: (d) => d.claims,
    filter: { status: { eq: 'SUBMITTED' } },
    sort: [{ field: 'customFields.region', desc: false }],
    search: null,
    remove: [DeleteClaimDocument, 'deleteClaim'],
    restore: [RestoreClaimDocument, 'restoreClaim', 'claim'],
    bulk: {},
  });
  return (
    <>
      {records.bulkActions(true)}
      {records.custom.filters}
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{records.selectPage}</Table.Th>
            {records.custom.headers([], () => undefined)}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {records.rows.map((row) => (
            <Table.Tr key={row.id} data-testid="row">
              <Table.Td>{records.selectRow(row, `CL-${row.number}`)}</Table.Td>
              {records.custom.cells(row.customFields)}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {records.dialogs(() => ({ title: 'Delete this claim?', message: '', confirmLabel: 'Delete' }))}
    </>
  );
}

describe('useRecordList', () => {
  it('asks again for a list that shows none of its type when a mutation answers one (a record created)', async () => {
    const none = { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] };
    const { client, calls } = fakeClient(
      (query) => {
        if (query.includes('CustomFieldDefinitions')) return { data: { customFieldDefinitions: [] } };
        if (query.includes('query Claims')) return { data: { claims: none } };
        return { data: { createClaim: { __typename: 'ClaimPayload', claim: { __typename: 'Claim', id: 'c9' } } } };
      },
      { cache: true },
    );
    renderWith(<Claims />, { client });
    const asked = () => calls.filter((c) => c.query.includes('query Claims')).length;
    await waitFor(() => expect(asked()).toBe(1));
    const before = asked();
    await client.mutation('mutation CreateClaim($input: CreateClaimInput!) { createClaim(input: $input) { claim { id } } }', { input: {} }).toPromise();
    await waitFor(() => expect(asked()).toBeGreaterThan(before));
  });

  it('shows custom fields as columns, asked for with the sort by one of them and the filter kept', async () => {
    const { client, calls } = server();
    renderWith(<Claims />, { client });
    const rows = await screen.findAllByTestId('row');
    expect(rows.map((r) => r.textContent)).toEqual(['North', 'South']);
    expect(screen.getByRole('columnheader', { name: /Region/ })).toBeInTheDocument();
    const asked = calls.filter((c) => c.query.includes('query Claims')).at(-1)!;
    expect(asked.variables).toMatchObject({
      withCustomFields: true,
      filter: { status: { eq: 'SUBMITTED' } },
      orderBy: [{ customField: { key: 'region', direction: 'ASC_NULLS_LAST' } }],
    });
  });

  it('deletes a selection after asking with the count, and Undo brings the same records back', async () => {
    const user = userEvent.setup();
    const { client, calls } = server();
    renderWith(
      <>
        <Notifications />
        <Claims />
      </>,
      { client },
    );
    await screen.findAllByTestId('row');
    await user.click(screen.getByRole('checkbox', { name: 'Select every claim shown' }));
    const bar = screen.getByTestId('bulk-actions');
    expect(bar).toHaveTextContent('2 selected');
    await user.click(within(bar).getByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete 2 claims?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete 2 claims' }));
    await waitFor(() => expect(calls.find((c) => c.query.includes('DeleteClaims'))?.variables).toEqual({ input: { claimIds: ['c1', 'c2'] } }));
    expect(await screen.findByTestId('undo-notice')).toHaveTextContent('2 claims deleted');
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(calls.find((c) => c.query.includes('RestoreClaims'))?.variables).toEqual({ input: { claimIds: ['c1', 'c2'] } }));
  });
});
