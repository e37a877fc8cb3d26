import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { fakeClient, renderWith, type Answer } from '../../test/render';
import '..'; // registers the module's strings
import { EntitlementSettingsSection } from './EntitlementSettingsSection';

const saved = (autoLinkTickets: boolean, warnAtPercent: number | null) => ({ __typename: 'EntitlementSettings', autoLinkTickets, warnAtPercent });

function section(respond: (query: string, variables: Record<string, unknown>) => Answer) {
  const fake = fakeClient(respond);
  renderWith(<EntitlementSettingsSection />, { client: fake.client });
  return fake;
}

describe('Settings → Entitlements', () => {
  it('shows the settings in force and saves both', async () => {
    const user = userEvent.setup();
    let current = saved(true, 80);
    const fake = section((query, variables) => {
      if (query.includes('mutation UpdateEntitlementSettings')) {
        const input = variables.input as { autoLinkTickets: boolean; warnAtPercent: number | null };
        current = saved(input.autoLinkTickets, input.warnAtPercent);
        return { data: { updateEntitlementSettings: { entitlementSettings: current, errors: [] } } };
      }
      return { data: { entitlementSettings: current } };
    });
    const autoLink = await screen.findByRole('switch', { name: /link new tickets/i });
    expect(autoLink).toBeChecked();
    const warnAt = screen.getByRole('textbox', { name: /tell the owner/i });
    expect(warnAt).toHaveValue('80 %');
    expect(screen.getByText(/set on each entitlement/i)).toBeInTheDocument();

    await user.click(autoLink);
    await user.clear(warnAt);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fake.calls.some((call) => call.query.includes('mutation UpdateEntitlementSettings'))).toBe(true));
    const sent = fake.calls.find((call) => call.query.includes('mutation UpdateEntitlementSettings'));
    expect(sent?.variables).toEqual({ input: { autoLinkTickets: false, warnAtPercent: null } }); // empty: never tell
  });

  it("shows the server's refusal on its field", async () => {
    const user = userEvent.setup();
    section((query) =>
      query.includes('mutation UpdateEntitlementSettings')
        ? { data: { updateEntitlementSettings: { entitlementSettings: null, errors: [{ field: 'warnAtPercent', message: 'A share from 1 to 100 percent, or none to never warn.', code: 'out_of_range' }] } } }
        : { data: { entitlementSettings: saved(true, 80) } },
    );
    await user.click(await screen.findByRole('button', { name: 'Save' }));
    expect(await screen.findByText('A share from 1 to 100 percent, or none to never warn.')).toBeInTheDocument();
  });
});
