import { Notifications } from '@mantine/notifications';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { renderSignedIn } from '../../test/render';
import '..'; // registers the module's strings
import { ContractsPage } from './ContractsPage';

const deleted = {
  id: 'K7',
  number: 7,
  title: 'Support 2026',
  status: 'ACTIVE',
  startDate: '2026-01-01',
  endDate: '2026-12-31',
  daysLeft: 30,
  autoRenew: false,
  billingFrequency: 'YEARLY',
  value: null,
  company: { id: 'C1', name: 'Hammer Tech' },
  owner: null,
  deletedAt: '2026-12-01T10:00:00Z',
};
const none = { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] };

describe('contracts list', { timeout: 20_000 }, () => {
  it('switches to its recycle bin and brings a contract back', async () => {
    const user = userEvent.setup();
    let binned = [deleted];
    const { calls } = renderSignedIn(
      <>
        <Notifications />
        <ContractsPage />
      </>,
      (query) => {
        if (query.includes('query Contracts')) return { data: { contracts: none } };
        if (query.includes('query DeletedContracts')) return { data: { deletedContracts: { ...none, totalCount: binned.length, edges: binned.map((node) => ({ node })) } } };
        if (query.includes('mutation RestoreContract')) {
          binned = [];
          return { data: { restoreContract: { contract: { id: 'K7' }, errors: [] } } };
        }
        return { data: null };
      },
      { route: '/contracts' },
    );
    expect(await screen.findByText('No contracts match.')).toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: 'Recycle bin' }));
    expect(await screen.findByRole('heading', { name: 'Deleted contracts' })).toBeInTheDocument();
    const row = await screen.findByTestId('deleted-row');
    expect(row).toHaveTextContent('C-7');
    expect(row).toHaveTextContent('Support 2026');
    await user.click(within(row).getByRole('button', { name: 'Restore: C-7' }));
    await waitFor(() => expect(calls.find((c) => c.query.includes('mutation RestoreContract'))?.variables).toEqual({ input: { id: 'K7' } }));
    expect(await screen.findByText('Contract restored')).toBeInTheDocument();
    expect(await screen.findByText('The recycle bin is empty.')).toBeInTheDocument();
  });
});
