import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { RequireSession } from '../../auth/RequireSession';
import { SessionProvider } from '../../auth/session';
import { chooseOption, fakeClient, renderWith, testTenant } from '../../test/render';
import { CompanyProfile } from './SettingsPage';

const OWNER = { email: 'owner@globex.example.com', fullName: 'Hank Scorpio', role: 'owner' };

function renderProfile(me = OWNER, answer?: (input: Record<string, unknown>) => unknown) {
  let tenant = testTenant();
  const fake = fakeClient((query, variables) => {
    if (query.includes('query Session')) return { data: { me, currentTenant: tenant } };
    if (query.includes('mutation UpdateWorkspace')) {
      const input = variables.input as Record<string, string>;
      const reply = answer?.(input);
      if (reply) return { data: { updateWorkspace: reply } };
      tenant = { ...tenant, ...input };
      return { data: { updateWorkspace: { tenant, errors: [] } } };
    }
    if (query.includes('mutation UpdateBusinessHours')) {
      const input = variables.input as { businessHours: { weekday: number; opensAt: string; closesAt: string }[] };
      const reply = answer?.(input);
      if (reply) return { data: { updateWorkspace: reply } };
      const businessHours = Array.from({ length: 7 }, (_, weekday) => {
        const day = input.businessHours.find((d) => d.weekday === weekday);
        return day ? { ...day, open: true } : { weekday, open: false, opensAt: null, closesAt: null };
      });
      tenant = { ...tenant, businessHours };
      return { data: { updateWorkspace: { tenant: { businessHours }, errors: [] } } };
    }
    return { data: null };
  });
  renderWith(
    <SessionProvider>
      <RequireSession>
        <CompanyProfile />
      </RequireSession>
    </SessionProvider>,
    { client: fake.client },
  );
  return fake;
}

describe('workspace settings', { timeout: 20_000 }, () => {
  it('formats with the workspace locale and currency, and follows a change at once', async () => {
    const user = userEvent.setup();
    const fake = renderProfile();
    expect(await screen.findByTestId('format-example')).toHaveTextContent('Jan 31, 2026 · 1,234,567.89 · $1,234.50');

    await chooseOption(user, screen.getByRole('textbox', { name: 'Locale' }), /zh-CN/);
    await chooseOption(user, screen.getByRole('textbox', { name: 'Currency' }), 'CNY');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(screen.getByTestId('format-example')).toHaveTextContent('2026年1月31日 · 1,234,567.89 · ¥1,234.50'));
    const saved = fake.calls.find((c) => c.query.includes('mutation UpdateWorkspace'));
    expect(saved?.variables.input).toEqual({ name: 'Globex Corp', locale: 'zh-CN', currency: 'CNY', timeZone: 'UTC' });
  });

  it("shows the server's refusal next to the field", async () => {
    const user = userEvent.setup();
    renderProfile(OWNER, () => ({ tenant: null, errors: [{ field: 'name', message: 'Enter the company’s name.', code: 'required' }] }));
    const name = await screen.findByRole('textbox', { name: /Company name/ });
    await user.clear(name);
    await user.type(name, ' ');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Enter the company’s name.')).toBeInTheDocument();
  });

  it('members other than owners and admins only read the settings', async () => {
    renderProfile({ ...OWNER, role: 'sales' });
    expect(await screen.findByTestId('company-profile')).toHaveTextContent('Globex Corp');
    expect(screen.queryByRole('button', { name: 'Save' })).not.toBeInTheDocument();
  });

  it('an owner opens Saturday morning and closes Friday; the week shown follows', async () => {
    const user = userEvent.setup();
    const fake = renderProfile();
    expect(await screen.findByTestId('business-hours')).toHaveTextContent('Monday 09:00–17:00 · Tuesday 09:00–17:00');
    expect(screen.getByTestId('business-hours')).toHaveTextContent('Saturday Closed · Sunday Closed');
    const form = screen.getByRole('form', { name: 'Business hours' });
    expect(within(form).getByLabelText('Saturday opens')).toBeDisabled();

    await user.click(within(form).getByRole('checkbox', { name: 'Open on Saturday' }));
    fireEvent.change(within(form).getByLabelText('Saturday opens'), { target: { value: '10:00' } });
    fireEvent.change(within(form).getByLabelText('Saturday closes'), { target: { value: '13:30' } });
    await user.click(within(form).getByRole('checkbox', { name: 'Open on Friday' }));
    await user.click(within(form).getByRole('button', { name: 'Save hours' }));

    await waitFor(() => expect(screen.getByTestId('business-hours')).toHaveTextContent('Friday Closed · Saturday 10:00–13:30 · Sunday Closed'));
    const saved = fake.calls.find((c) => c.query.includes('mutation UpdateBusinessHours'));
    expect(saved?.variables.input).toEqual({
      businessHours: [0, 1, 2, 3].map((weekday) => ({ weekday, opensAt: '09:00', closesAt: '17:00' })).concat([{ weekday: 5, opensAt: '10:00', closesAt: '13:30' }]),
    });
  });

  it("shows the server's refusal on the weekday it is about", async () => {
    const user = userEvent.setup();
    renderProfile(OWNER, (input) =>
      'businessHours' in input ? { tenant: null, errors: [{ field: 'businessHours.1.closesAt', message: 'A day closes after it opens.', code: 'invalid' }] } : null,
    );
    const form = await screen.findByRole('form', { name: 'Business hours' });
    fireEvent.change(within(form).getByLabelText('Tuesday closes'), { target: { value: '08:00' } });
    await user.click(within(form).getByRole('button', { name: 'Save hours' }));
    expect(await screen.findByText('A day closes after it opens.')).toBeInTheDocument();
    expect(within(form).getByLabelText('Tuesday closes')).toHaveAttribute('aria-invalid', 'true');
    expect(within(form).getByLabelText('Monday closes')).toHaveAttribute('aria-invalid', 'false');
  });

  it('members other than owners and admins read the business hours but cannot change them', async () => {
    renderProfile({ ...OWNER, role: 'sales' });
    expect(await screen.findByTestId('business-hours')).toHaveTextContent('Friday 09:00–17:00 · Saturday Closed');
    expect(screen.queryByRole('form', { name: 'Business hours' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save hours' })).not.toBeInTheDocument();
  });
});
