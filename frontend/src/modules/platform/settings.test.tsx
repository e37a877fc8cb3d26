import { screen, waitFor } from '@testing-library/react';
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
});
