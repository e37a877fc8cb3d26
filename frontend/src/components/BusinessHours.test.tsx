import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { RequireSession } from '../auth/RequireSession';
import { SessionProvider, useSession } from '../auth/session';
import { fakeClient, renderWith, testTenant, type Answer } from '../test/render';
import { BusinessHoursSection, hoursInput, weekRows } from './BusinessHours';

const OWNER = { email: 'owner@globex.example.com', fullName: 'Hank Scorpio', role: 'owner' };
type Day = { weekday: number; opensAt: string; closesAt: string };
const WEEK: Day[] = [0, 1, 2, 3, 4].map((weekday) => ({ weekday, opensAt: '09:00', closesAt: '17:00' }));

let refreshSession: () => Promise<unknown> = async () => undefined;
function Refresher() {
  refreshSession = useSession().refresh;
  return null;
}

/** Company profile's business hours as `me`, against a server keeping `week`; `refuse` answers a save instead. */
function renderHours(me = OWNER, { refuse, week = WEEK }: { refuse?: Answer; week?: Day[] } = {}) {
  const server = { week: [...week] };
  const fake = fakeClient((query, variables) => {
    if (query.includes('query Session')) return { data: { me, currentTenant: testTenant({ timeZone: 'Asia/Shanghai' }) } };
    if (query.includes('query BusinessHours')) return { data: { businessHours: server.week } };
    if (query.includes('mutation SetBusinessHours')) {
      if (refuse) return refuse;
      const days = (variables.input as { days: Day[] }).days;
      server.week = days.map((d) => ({ ...d, opensAt: d.opensAt.slice(0, 5), closesAt: d.closesAt.slice(0, 5) }));
      return { data: { setBusinessHours: { businessHours: server.week, errors: [] } } };
    }
    return { data: null };
  });
  renderWith(
    <SessionProvider>
      <RequireSession>
        <Refresher />
        <BusinessHoursSection />
      </RequireSession>
    </SessionProvider>,
    { client: fake.client },
  );
  return { ...fake, server };
}

const rowOf = (day: string) => screen.getByRole('rowheader', { name: day }).closest('tr') as HTMLElement;

describe('business hours rows', () => {
  it('show the week from Monday, closed days offered 09:00-17:00, and send open days only', () => {
    const rows = weekRows([{ weekday: 1, opensAt: '08:30', closesAt: '18:00' }]);
    expect(rows).toHaveLength(7);
    expect(rows[1]).toEqual({ open: true, opensAt: '08:30', closesAt: '18:00' });
    expect(rows[0]).toEqual({ open: false, opensAt: '09:00', closesAt: '17:00' });
    rows[4] = { open: true, opensAt: '10:00', closesAt: '09:00' };
    expect(hoursInput(rows)).toEqual({
      days: [
        { weekday: 1, opensAt: '08:30:00', closesAt: '18:00:00' },
        { weekday: 4, opensAt: '10:00:00', closesAt: '09:00:00' },
      ],
      weekdays: [1, 4],
    });
  });
});

describe('the workspace’s business hours', { timeout: 20_000 }, () => {
  it('members other than owners and admins read them, with nothing to edit', async () => {
    renderHours({ ...OWNER, role: 'sales' });
    expect(await screen.findByTestId('business-hours')).toBeInTheDocument();
    expect(rowOf('Friday')).toHaveTextContent('09:00–17:00');
    expect(rowOf('Saturday')).toHaveTextContent('Closed');
    expect(screen.getByText(/workspace’s time zone \(Asia\/Shanghai\)/)).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Business hours' })).not.toBeInTheDocument();
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save hours' })).not.toBeInTheDocument();
  });

  it('with no hours at all, members read that the workspace counts around the clock', async () => {
    const fake = renderHours({ ...OWNER, role: 'sales' }, { week: [] });
    expect(await screen.findByTestId('business-hours')).toHaveTextContent('None set: the workspace counts every hour, around the clock.');
    expect(fake.calls.some((c) => c.query.includes('mutation'))).toBe(false);
  });

  it('a member’s view follows a colleague’s change once the workspace is read again', async () => {
    const fake = renderHours({ ...OWNER, role: 'read_only' });
    await screen.findByTestId('business-hours');
    expect(rowOf('Saturday')).toHaveTextContent('Closed');
    fake.server.week = [...WEEK, { weekday: 5, opensAt: '10:00', closesAt: '14:30' }];
    // What `workspace_changed` (a colleague saved) makes the live kit do: read the session again.
    await act(async () => {
      await refreshSession();
    });
    await waitFor(() => expect(rowOf('Saturday')).toHaveTextContent('10:00–14:30'));
  });

  it('an owner opens Saturday, closes Friday and saves: the server gets the open days, the form the new week', async () => {
    const user = userEvent.setup();
    const fake = renderHours();
    const form = await screen.findByRole('form', { name: 'Business hours' });
    expect(within(form).getByRole('checkbox', { name: 'Open on Monday' })).toBeChecked();
    expect(within(form).getByLabelText('Saturday opens')).toBeDisabled();

    await user.click(within(form).getByRole('checkbox', { name: 'Open on Saturday' }));
    fireEvent.change(within(form).getByLabelText('Saturday opens'), { target: { value: '10:00' } });
    fireEvent.change(within(form).getByLabelText('Saturday closes'), { target: { value: '14:30' } });
    await user.click(within(form).getByRole('checkbox', { name: 'Open on Friday' }));
    await user.click(within(form).getByRole('button', { name: 'Save hours' }));

    await waitFor(() => expect(fake.calls.filter((c) => c.query.includes('query BusinessHours')).length).toBeGreaterThan(1));
    const saved = fake.calls.find((c) => c.query.includes('mutation SetBusinessHours'));
    expect(saved?.variables.input).toEqual({
      days: [0, 1, 2, 3].map((weekday) => ({ weekday, opensAt: '09:00:00', closesAt: '17:00:00' })).concat([{ weekday: 5, opensAt: '10:00:00', closesAt: '14:30:00' }]),
    });
    const again = screen.getByRole('form', { name: 'Business hours' });
    await waitFor(() => expect(within(again).getByLabelText('Saturday opens')).toHaveValue('10:00'));
    expect(within(again).getByRole('checkbox', { name: 'Open on Friday' })).not.toBeChecked();
  });

  it("shows the server's refusal on the weekday it is about, and keeps what was typed", async () => {
    const user = userEvent.setup();
    renderHours(OWNER, {
      refuse: { data: { setBusinessHours: { businessHours: null, errors: [{ field: 'days.1.closesAt', message: 'A day closes after it opens.', code: 'invalid' }] } } },
    });
    const form = await screen.findByRole('form', { name: 'Business hours' });
    fireEvent.change(within(form).getByLabelText('Tuesday closes'), { target: { value: '08:00' } });
    await user.click(within(form).getByRole('button', { name: 'Save hours' }));
    expect(await screen.findByText('A day closes after it opens.')).toBeInTheDocument();
    expect(within(form).getByLabelText('Tuesday closes')).toHaveAttribute('aria-invalid', 'true');
    expect(within(form).getByLabelText('Tuesday closes')).toHaveValue('08:00');
    expect(within(form).getByLabelText('Monday closes')).toHaveAttribute('aria-invalid', 'false');
  });

  it('a refusal of the whole request (not an owner or admin any more) shows above the button', async () => {
    const user = userEvent.setup();
    renderHours(OWNER, {
      refuse: { data: { setBusinessHours: { businessHours: null, errors: [{ field: null, message: 'Only owners and admins change the workspace settings.', code: 'permission_denied' }] } } },
    });
    const form = await screen.findByRole('form', { name: 'Business hours' });
    await user.click(within(form).getByRole('button', { name: 'Save hours' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('Only owners and admins change the workspace settings.');
  });
});
