import { expect, type Page, test } from '@playwright/test';

import { account, createCompany, expectAccessible, shoot, signUp, workspaceUrl } from './helpers';

// Service entitlements: an incident pack made from the list's dialog for a company; tickets of that company
// arrive under it and each one takes an incident (seen on the ticket's page); a ticket is moved to a block of
// support hours and hours are logged against it; the list edits the allowance in place, filters, exports,
// and a delete is undone, another restored from the recycle bin. The company's page lists its entitlements.
const wayne = account('Wayne Enterprises', 'wayne-entitlements', 'Lucius Fox');

async function graphql(page: Page, query: string, variables: Record<string, unknown>): Promise<Record<string, unknown>> {
  return page.evaluate(
    async ({ query, variables }) => {
      const answer = await fetch('/graphql/', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query, variables }) });
      return (await answer.json()) as Record<string, unknown>;
    },
    { query, variables },
  );
}

/** A ticket of the company, as an e-mail from the customer would open it; its id. */
async function openTicket(page: Page, subject: string, companyId: string): Promise<string> {
  const answer = await graphql(page, 'mutation ($input: CreateTicketInput!) { createTicket(input: $input) { ticket { id } errors { message } } }', { input: { subject, companyId } });
  const id = (answer as { data?: { createTicket?: { ticket?: { id: string } } } }).data?.createTicket?.ticket?.id;
  expect(id, JSON.stringify(answer)).toBeTruthy();
  return id!;
}

function day(offset: number): string {
  const date = new Date();
  date.setDate(date.getDate() + offset);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

test('an entitlement is made for a company, its tickets use it, hours are logged, it is exported, deleted and brought back', async ({ page }) => {
  await signUp(page, wayne);
  const companyId = await createCompany(page, 'Gotham Water');

  await page.goto(workspaceUrl(wayne.subdomain, '/entitlements'));
  await expect(page.getByRole('heading', { name: 'Entitlements', level: 1 })).toBeVisible();
  await expect(page.getByText('No entitlements match.')).toBeVisible();
  await page.getByRole('button', { name: 'New entitlement' }).click();
  const dialog = page.getByRole('dialog', { name: 'New entitlement' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Premium support');
  await dialog.getByRole('combobox', { name: 'Company' }).selectOption({ label: 'Gotham Water' });
  await dialog.getByRole('combobox', { name: 'Kind' }).selectOption({ label: 'Incidents' });
  await dialog.getByRole('textbox', { name: 'Allowance' }).fill('2.5');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog.getByText('Incidents are counted in whole numbers.')).toBeVisible(); // checked before sending
  await dialog.getByRole('textbox', { name: 'Allowance' }).fill('3');
  await dialog.getByLabel('End').fill(day(180));
  await expectAccessible(page, 'the new entitlement dialog');
  await dialog.getByRole('button', { name: 'Create' }).click();

  await expect(page.getByRole('heading', { name: 'Premium support', level: 1 })).toBeVisible();
  await expect(page.getByTestId('entitlement-status')).toHaveText('Active');
  await expect(page.getByTestId('entitlement-left')).toHaveText('3 incidents left');
  await expectAccessible(page, 'an entitlement page');

  // A ticket of the company arrives: it is worked under the pack, which has one incident less.
  const first = await openTicket(page, 'Filtration plant alarm', companyId);
  await page.goto(workspaceUrl(wayne.subdomain, `/service/tickets/${encodeURIComponent(first)}`));
  const panel = page.getByTestId('ticket-entitlement');
  await expect(panel.getByTestId('ticket-entitlement-name')).toHaveText('Premium support');
  await expect(panel.getByTestId('ticket-entitlement-left')).toHaveText('2 incidents left');
  await expect(panel).toContainText('Linked when the ticket arrived');
  await expectAccessible(page, 'a ticket page with its entitlement');
  await shoot(page, 'ticket-entitlement');

  const second = await openTicket(page, 'Meter readings missing', companyId);
  await page.goto(workspaceUrl(wayne.subdomain, `/service/tickets/${encodeURIComponent(second)}`));
  await expect(panel.getByTestId('ticket-entitlement-left')).toHaveText('1 incident left');

  // Unlinked, the ticket gives its incident back; linked again by hand, it takes it again.
  await panel.getByRole('button', { name: 'Unlink' }).click();
  await expect(panel.getByTestId('not-entitled')).toHaveText('Not entitled: the customer has no entitlement covering this ticket.');
  await panel.getByRole('combobox', { name: 'Use entitlement' }).selectOption({ label: 'Premium support (Incidents)' });
  await panel.getByRole('button', { name: 'Link', exact: true }).click();
  await expect(panel.getByTestId('ticket-entitlement-left')).toHaveText('1 incident left');
  await expect(panel).toContainText('Linked by Lucius Fox');

  // A block of support hours: the ticket moves to it (the pack gets its incident back) and hours are logged.
  const hours = await graphql(page, 'mutation ($input: CreateEntitlementInput!) { createEntitlement(input: $input) { entitlement { id } errors { message } } }', {
    input: { name: 'Support hours', companyId, kind: 'HOURS', allowance: '10', startDate: day(0), endDate: day(365) },
  });
  expect(JSON.stringify(hours)).not.toContain('"message"');
  await page.reload();
  await panel.getByRole('combobox', { name: 'Use entitlement' }).selectOption({ label: 'Support hours (Support hours)' });
  await panel.getByRole('button', { name: 'Link', exact: true }).click();
  await expect(panel.getByTestId('ticket-entitlement-name')).toHaveText('Support hours');
  await expect(panel.getByTestId('ticket-entitlement-left')).toHaveText('10 hours left');
  await panel.getByRole('textbox', { name: 'Hours worked' }).fill('12');
  await panel.getByRole('button', { name: 'Log hours' }).click();
  await expect(panel.getByText('More than is left.')).toBeVisible();
  await panel.getByRole('textbox', { name: 'Hours worked' }).fill('1.5');
  await panel.getByRole('textbox', { name: 'What was done' }).fill('Recalibrated the meters');
  await panel.getByRole('button', { name: 'Log hours' }).click();
  await expect(panel.getByTestId('ticket-entitlement-left')).toHaveText('8.5 hours left');

  // The list: what is left of each, the allowance edited in place, a filter, the export.
  await page.goto(workspaceUrl(wayne.subdomain, '/entitlements'));
  const rows = page.getByTestId('entitlement-row');
  await expect(rows).toHaveCount(2);
  const premium = rows.filter({ hasText: 'Premium support' });
  await expect(premium.getByTestId('entitlement-left')).toHaveText('2 incidents left');
  await expect(rows.filter({ hasText: 'Support hours' }).getByTestId('entitlement-left')).toHaveText('8.5 hours left');
  await premium.getByRole('button', { name: 'Edit Allowance: Premium support: 3' }).click();
  await premium.getByRole('spinbutton', { name: 'Allowance: Premium support' }).fill('5');
  await premium.getByRole('spinbutton', { name: 'Allowance: Premium support' }).press('Enter');
  await expect(premium.getByTestId('entitlement-left')).toHaveText('4 incidents left');
  await page.getByRole('button', { name: 'Sort by End' }).click();
  await expect(rows.first()).toContainText('Premium support'); // ends in 180 days, the hours in a year
  await page.getByRole('combobox', { name: 'Kind' }).selectOption({ label: 'Support hours' });
  await expect(page.getByTestId('filter-chips')).toContainText('Kind: Support hours');
  await expect(rows).toHaveCount(1);
  await page.getByRole('button', { name: 'Remove filter Kind: Support hours' }).click();
  await expect(rows).toHaveCount(2);
  await expectAccessible(page, 'the entitlements list');
  await shoot(page, 'entitlements');

  await page.getByTestId('export').click();
  const href = await page.getByRole('menuitem', { name: 'CSV' }).getAttribute('href');
  const csv = await page.evaluate(async (url) => (await fetch(url!)).text(), href);
  expect(csv.split('\n')[0]).toContain('Remaining');
  expect(csv).toContain('Premium support');
  expect(csv).toContain('Gotham Water');
  expect(csv.split('\n').find((line) => line.startsWith('Premium support'))).toContain('Incidents');
  await page.keyboard.press('Escape');

  // Deleted, then undone; deleted again, then restored from the recycle bin.
  await premium.getByRole('button', { name: 'Delete: Premium support' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(rows).toHaveCount(1);
  const notice = page.getByTestId('undo-notice');
  await expect(notice).toContainText('Entitlement deleted');
  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(rows).toHaveCount(2);
  await expect(premium.getByTestId('entitlement-left')).toHaveText('4 incidents left');

  await premium.getByRole('button', { name: 'Delete: Premium support' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(rows).toHaveCount(1);
  await page.getByRole('radiogroup', { name: 'Show' }).getByText('Recycle bin').click();
  const bin = page.getByTestId('entitlements-bin').getByTestId('deleted-row');
  await expect(bin).toHaveCount(1);
  await expect(bin).toContainText('Premium support');
  await expectAccessible(page, 'the entitlements recycle bin');
  await bin.getByRole('button', { name: 'Restore: Premium support' }).click();
  await expect(page.getByText('The recycle bin is empty.')).toBeVisible();
  await page.getByRole('radiogroup', { name: 'Show' }).getByText('Current').click();
  await expect(rows).toHaveCount(2);

  // The company's page lists both, with what is left.
  await page.goto(workspaceUrl(wayne.subdomain, `/customers/companies/${encodeURIComponent(companyId)}`));
  const companyPanel = page.getByTestId('entitlements-panel');
  await expect(companyPanel.getByTestId('company-entitlement')).toHaveCount(2);
  await expect(companyPanel.getByTestId('company-entitlement').filter({ hasText: 'Premium support' })).toContainText('4 incidents left');
  await expect(companyPanel.getByTestId('company-entitlement').filter({ hasText: 'Support hours' })).toContainText('8.5 hours left');
  await expectAccessible(page, 'a company page with entitlements');

  // Settings → Entitlements: new tickets wait for an agent to link them; owners hear at half the allowance.
  await page.goto(workspaceUrl(wayne.subdomain, '/settings/entitlements'));
  const autoLink = page.getByRole('switch', { name: /Link new tickets to an entitlement/ });
  await expect(autoLink).toBeChecked();
  await expect(page.getByLabel('Tell the owner when this share is used')).toHaveValue('80 %');
  await autoLink.click({ force: true });
  await page.getByLabel('Tell the owner when this share is used').fill('50');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Entitlement settings saved')).toBeVisible();
  await expectAccessible(page, 'the entitlement settings');
  await page.reload();
  await expect(page.getByRole('switch', { name: /Link new tickets to an entitlement/ })).not.toBeChecked();
  await expect(page.getByLabel('Tell the owner when this share is used')).toHaveValue('50 %');
});
