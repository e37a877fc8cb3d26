import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { resetHandoffForTests, SessionProvider, useSession } from '../../auth/session';
import { GraphQLError } from 'graphql';
import { CombinedError } from 'urql';

import { billingRefusal, BILLING_EVENT } from '../../graphql/client';
import i18n from '../../i18n';
import { outcome } from '../access/common';
import { fakeClient, renderWith, testTenant, type Answer } from '../../test/render';
import '..'; // registers the module's strings
import { BillingSection, redirect } from './BillingSection';
import { UnpaidBanner } from './UnpaidBanner';

const TENANT = testTenant();
const usage = (name: string, used: number | null, limit: number | null) => ({ name, used, limit });
const BILLING = {
  plan: { code: 'pro', name: 'Pro' },
  status: 'TRIAL',
  standing: 'ACTIVE',
  trialEndsAt: '2026-12-19T10:00:00Z',
  trialDaysLeft: 14,
  seatsUsed: 2,
  currentPeriodEnd: null,
  cancelAtPeriodEnd: false,
  usage: [usage('seats', 2, 25), usage('records', 10, 100000), usage('api_requests_per_day', null, 50000)],
  invoices: [],
  plans: [
    { code: 'free', name: 'Free', purchasable: false, pricePerSeat: { amount: '0', currency: 'USD' } },
    { code: 'pro', name: 'Pro', purchasable: true, pricePerSeat: { amount: '15', currency: 'USD' } },
    { code: 'enterprise', name: 'Enterprise', purchasable: true, pricePerSeat: { amount: '49', currency: 'USD' } },
  ],
};

function WhenSignedIn({ children }: { children: ReactElement }) {
  const { state } = useSession();
  return state.status === 'signed-in' ? children : null;
}

function signedIn(ui: ReactElement, role: string, respond: (query: string, variables: Record<string, unknown>) => Answer) {
  const me = { email: 'ann@acme.example', fullName: 'Ann', role };
  const fake = fakeClient((query, variables) =>
    query.includes('query Session') ? { data: { me, currentTenant: TENANT } } : respond(query, variables),
  );
  renderWith(
    <SessionProvider>
      <WhenSignedIn>{ui}</WhenSignedIn>
    </SessionProvider>,
    { client: fake.client },
  );
  return fake;
}

describe('billing', { timeout: 20_000 }, () => {
  beforeEach(() => {
    resetHandoffForTests();
    window.history.replaceState(null, '', '/');
  });

  it('shows the plan, trial and usage, and upgrades through Checkout', async () => {
    const user = userEvent.setup();
    const go = vi.spyOn(redirect, 'to').mockImplementation(() => {});
    const { calls } = signedIn(<BillingSection />, 'owner', (query) =>
      query.includes('startCheckout')
        ? { data: { startCheckout: { url: 'https://checkout.stripe.com/c/pay/cs_1', errors: [] } } }
        : { data: { billing: BILLING } },
    );
    expect(await screen.findByTestId('billing-plan')).toHaveTextContent('Plan: Pro');
    expect(screen.getByText('14 days of trial left')).toBeInTheDocument();
    expect(screen.getByTestId('usage-seats')).toHaveTextContent('2 of 25');
    expect(screen.getByTestId('usage-api_requests_per_day')).toHaveTextContent('not metered');
    await user.click(screen.getByTestId('choose-enterprise'));
    await waitFor(() => expect(go).toHaveBeenCalledWith('https://checkout.stripe.com/c/pay/cs_1'));
    expect(calls.find((c) => c.query.includes('startCheckout'))!.variables).toEqual({ input: { plan: 'enterprise' } });
    go.mockRestore();
  });

  it('shows a banner when read-only, pointing owners to billing and others to an owner', async () => {
    signedIn(<UnpaidBanner />, 'sales', () => ({ data: { workspaceStanding: 'READ_ONLY' } }));
    const banner = await screen.findByTestId('unpaid-banner');
    expect(banner).toHaveTextContent('read-only');
    expect(banner).toHaveTextContent('Ask an owner');
  });

  it('shows nothing when paid up, and re-reads the standing when a mutation is refused', async () => {
    let standing = 'ACTIVE';
    signedIn(<UnpaidBanner />, 'owner', () => ({ data: { workspaceStanding: standing } }));
    await waitFor(() => expect(screen.queryByTestId('unpaid-banner')).toBeNull());
    standing = 'GRACE';
    window.dispatchEvent(new CustomEvent(BILLING_EVENT, { detail: 'PAYMENT_REQUIRED' }));
    expect(await screen.findByRole('link', { name: 'Go to billing' })).toHaveAttribute('href', '/settings/billing');
  });

  it('tells a form its mutation was refused because the workspace is unpaid', () => {
    const refused = new CombinedError({
      graphQLErrors: [new GraphQLError('read-only', { extensions: { code: 'PAYMENT_REQUIRED' } })],
    });
    const t = i18n.getFixedT('en', 'customers'); // a module's namespace, as forms pass it
    const pick = (d: { createTag: { errors: [] } }) => d.createTag;
    expect(outcome({ error: refused } as never, pick, t)._form).toMatch(/read-only until its payment is made/);
    expect(outcome({ error: new CombinedError({ graphQLErrors: ['boom'] }) } as never, pick, t)._form).toBe(
      'Something went wrong. Please try again.',
    );
  });

  it('recognises billing refusals in answers', () => {
    expect(billingRefusal(undefined, { createCompany: { errors: [{ code: 'plan_limit', message: 'x' }] } })).toBe('plan_limit');
    expect(billingRefusal(undefined, { createCompany: { errors: [] } })).toBeNull();
  });
});
