import { expect, test, type Page } from '@playwright/test';

import { account, expectAccessible, shoot, signUp, workspaceUrl } from './helpers';

// Campaigns: one is planned from the list, a lead is captured for it through the public web form (by its
// form key) and another through the lead form; the campaign's figures follow (leads, converted, conversion
// rate), the leads list filters by campaign, and the campaigns list pages past 100, sorts, edits in place,
// exports, and deletes with undo. Every page passes axe.
const stark = account('Stark Expo', 'stark-campaigns', 'Pepper Potts');

async function api(page: Page, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const answer = await page.evaluate(
    async ([q, v]) =>
      fetch('/graphql/', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query: q, variables: v }) }).then((r) => r.json()),
    [query, variables] as const,
  );
  expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
  return answer.data;
}

test('plan a campaign, capture leads for it, see its figures follow, filter leads by it', async ({ page }) => {
  await signUp(page, stark);
  await page.goto(workspaceUrl(stark.subdomain, '/leads/campaigns'));
  await page.getByRole('button', { name: 'New campaign' }).click();
  const dialog = page.getByRole('dialog', { name: 'New campaign' });
  await dialog.getByLabel('Name').fill('Autumn Webinar');
  await dialog.getByLabel('Type').selectOption({ label: 'Webinar' });
  await dialog.getByLabel('Status').selectOption({ label: 'Active' });
  await dialog.getByLabel('Actual cost').fill('500');
  await expectAccessible(page, 'new campaign dialog');
  await dialog.getByRole('button', { name: 'Add campaign' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Autumn Webinar');
  await expect(page.getByTestId('figure-leadsCount')).toContainText('0');
  const formKey = (await page.getByTestId('campaign-form-key').textContent()) ?? '';
  expect(formKey.length).toBeGreaterThan(10);

  // A visitor fills in the workspace's web form on a page of the campaign: the lead counts for it, live.
  const posted = await page.evaluate(async (key) => {
    const form = new URLSearchParams({ name: 'Bruce Banner', company: 'Gamma Labs', email: 'bruce@gamma.example', campaign: key });
    return (await fetch('/forms/leads/', { method: 'POST', body: form, credentials: 'omit' })).status;
  }, formKey);
  expect(posted).toBe(201);
  await expect(page.getByTestId('figure-leadsCount')).toContainText('1');
  await expect(page.getByTestId('campaign-leads-table')).toContainText('Bruce Banner');
  await expectAccessible(page, 'campaign page');
  await shoot(page, 'campaign-page');

  // A lead typed in names the campaign in the lead form.
  await page.goto(workspaceUrl(stark.subdomain, '/leads'));
  await page.getByRole('button', { name: 'New lead' }).click();
  const newLead = page.getByRole('dialog', { name: 'New lead' });
  await newLead.getByLabel('Name').fill('Happy Hogan');
  await newLead.getByLabel('Campaign').selectOption({ label: 'Autumn Webinar' });
  await newLead.getByRole('button', { name: 'Add lead' }).click();
  await expect(page.getByTestId('record-title')).toHaveText('Happy Hogan');
  await api(page, 'mutation { createLead(input: { name: "Not from a campaign" }) { errors { message } } }');

  // The leads list filtered by the campaign.
  await page.goto(workspaceUrl(stark.subdomain, '/leads'));
  await expect(page.getByTestId('lead-row')).toHaveCount(3);
  await page.getByLabel('Campaign', { exact: true }).selectOption({ label: 'Autumn Webinar' });
  await expect(page.getByTestId('lead-row')).toHaveCount(2);
  await expect(page.getByTestId('chip-campaign')).toContainText('Autumn Webinar');
  await expectAccessible(page, 'leads list by campaign');

  // Convert the web-form lead: the campaign's converted count and conversion rate follow.
  await page.getByTestId('lead-row').filter({ hasText: 'Bruce Banner' }).getByRole('link').first().click();
  await expect(page.getByTestId('record-title')).toHaveText('Bruce Banner');
  await page.getByTestId('convert').click();
  await page.getByTestId('convert-submit').click();
  await expect(page.getByTestId('converted-company')).toHaveText('Gamma Labs');

  await page.goto(workspaceUrl(stark.subdomain, '/leads/campaigns'));
  const row = page.getByTestId('campaign-row').filter({ hasText: 'Autumn Webinar' });
  await expect(row.getByTestId('campaign-leads')).toHaveText('2');
  await row.getByRole('link').first().click();
  await expect(page.getByTestId('figure-convertedCount')).toContainText('1');
  await expect(page.getByTestId('figure-conversionRate')).toContainText('50%');
  await expect(page.getByTestId('figure-costPerLead')).toContainText('250');
});

test('the campaigns list pages past 100, sorts, edits in place, exports and deletes with undo', async ({ page }) => {
  test.setTimeout(180_000); // 105 campaigns made first
  const who = account('Stark Lists', 'stark-campaign-list', 'Happy Hogan');
  await signUp(page, who);
  await page.evaluate(async () => {
    const make = (i: number) =>
      fetch('/graphql/', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ query: 'mutation ($name: String!) { createCampaign(input: { name: $name, type: EMAIL }) { errors { message } } }', variables: { name: `Mailing ${String(i).padStart(3, '0')}` } }),
      });
    for (let i = 1; i <= 105; i += 15) await Promise.all(Array.from({ length: Math.min(15, 106 - i) }, (_, k) => make(i + k)));
  });
  await page.goto(workspaceUrl(who.subdomain, '/leads/campaigns'));
  const rows = page.getByTestId('campaign-row');
  await expect(page.getByTestId('record-count')).toHaveText('105 campaigns');
  await page.getByRole('button', { name: 'Sort by Name' }).click();
  await expect(rows.first()).toContainText('Mailing 001');
  await page.getByRole('button', { name: 'Load more' }).click();
  await page.getByTestId('load-more').scrollIntoViewIfNeeded();
  await expect(rows).toHaveCount(105);
  await expectAccessible(page, 'campaigns list');
  await shoot(page, 'campaigns-list');

  // In place: a name.
  await page.getByRole('button', { name: /^Edit Name: Mailing 001/ }).click();
  await page.getByRole('textbox', { name: 'Name: Mailing 001' }).fill('Mailing 000 launch');
  await page.keyboard.press('Enter');
  await expect(rows.first()).toContainText('Mailing 000 launch');

  // Filter by type, export.
  await page.getByLabel('Type', { exact: true }).selectOption({ label: 'Other' });
  await expect(page.getByText('No campaigns match.')).toBeVisible();
  await page.getByRole('button', { name: /Remove filter Type/ }).click();
  await page.getByTestId('export').click();
  const href = await page.getByRole('menuitem', { name: /CSV/ }).getAttribute('href');
  expect(href).toContain('/exports/campaigns.csv');
  const csv = await page.evaluate(async (url) => (await fetch(url!)).text(), href);
  expect(csv.split('\n')[0]).toContain('Actual cost');
  expect(csv).toContain('Mailing 000 launch');
  await page.keyboard.press('Escape');

  // Delete one, then undo.
  await page.getByRole('checkbox', { name: 'Select Mailing 000 launch' }).check();
  await page.getByTestId('bulk-actions').getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete campaign' }).click();
  await expect(page.getByTestId('record-count')).toHaveText('104 campaigns');
  await page.getByTestId('undo-notice').getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByTestId('record-count')).toHaveText('105 campaigns');
});
