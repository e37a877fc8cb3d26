import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { beforeEach, describe, expect, it } from 'vitest';

import { resetHandoffForTests, SessionProvider, useSession } from '../../auth/session';
import { fakeClient, renderWith, testTenant, type Answer } from '../../test/render';
import '..'; // registers the module's strings
import { ForecastPage } from './ForecastPage';

const ME = { email: 'stan@vought.example.com', fullName: 'Stan Edgar', role: 'owner' };
const TENANT = testTenant({ name: 'Vought', subdomain: 'vought', url: 'http://vought.localhost:8000' });
const figures = (won: string | null, target: string | null, attainment: number | null) => ({
  won,
  commit: won === null ? null : '5000.00',
  bestCase: won === null ? null : '880.00',
  pipeline: won === null ? null : '0.00',
  weightedPipeline: won === null ? null : '2240.00',
  target,
  attainment,
  wonCount: 4,
  openCount: 3,
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
        <ForecastPage />
      </WhenSignedIn>
    </SessionProvider>,
    { client: fake.client, route: '/forecast' },
  );
  return fake;
}

const forecast = (hidden: boolean) => ({
  currency: 'USD',
  amountsHidden: hidden,
  trendSlope: hidden ? null : '600.00',
  buckets: [{ period: { label: 'FY2027 Q3', start: '2026-10-01', end: '2026-12-31' }, projected: hidden ? null : '1800.00', figures: hidden ? figures(null, null, null) : figures('1585.92', '3240.00', 48.9) }],
  total: hidden ? figures(null, null, null) : figures('1585.92', '3240.00', 48.9),
  noCloseDate: { ...(hidden ? figures(null, null, null) : figures('0.00', null, null)), commit: hidden ? null : '700.00', openCount: 2 },
  trend: [{ period: { label: 'FY2027 Q2' }, won: hidden ? null : '1200.00' }],
  people: [{ name: 'Stan Edgar', user: { id: 'VXNlcjox' }, figures: hidden ? figures(null, null, null) : figures('1000.00', '2000.00', 50) }],
  unconverted: hidden ? [] : [{ amount: '300.00', currency: 'GBP' }],
});

describe('forecast page', () => {
  beforeEach(() => resetHandoffForTests());

  it('shows won, target and attainment in the workspace currency, and asks again for another period', async () => {
    const user = userEvent.setup();
    const { calls } = signedIn((query) => (query.includes('query Forecast(') ? { data: { forecast: forecast(false) } } : { data: null }));
    expect(await screen.findByTestId('forecast-won')).toHaveTextContent('$1,585.92');
    expect(screen.getByTestId('forecast-target')).toHaveTextContent('$3,240.00');
    expect(screen.getByTestId('forecast-attainment')).toHaveTextContent('48.9%');
    expect(screen.getByText('Amounts in USD, converted at the workspace exchange rates.')).toBeInTheDocument();
    expect(screen.getByText('Left out (no exchange rate): £300.00')).toBeInTheDocument();
    expect(screen.getByTestId('forecast-people')).toHaveTextContent('Stan Edgar');
    expect(screen.getByTestId('forecast-no-close-date')).toHaveTextContent('Open deals without an expected close date (in no period): 2; commit $700.00');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Period' }), 'MONTH');
    await waitFor(() => expect(calls.filter((c) => c.query.includes('query Forecast(')).at(-1)!.variables.period).toBe('MONTH'));
  });

  it('says so when the role hides deal amounts', async () => {
    signedIn((query) => (query.includes('query Forecast(') ? { data: { forecast: forecast(true) } } : { data: null }));
    expect(await screen.findByText('Your role may not see deal amounts: only the numbers of deals are shown.')).toBeInTheDocument();
    expect(screen.getByTestId('forecast-won')).toHaveTextContent('—');
    expect(screen.getByTestId('forecast-no-close-date')).toHaveTextContent(': 2; commit —');
  });
});
