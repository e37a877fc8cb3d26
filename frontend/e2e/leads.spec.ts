import { expect, test, type Page } from '@playwright/test';

import { account, expectAccessible, shoot, signUp, workspaceUrl } from './helpers';

// Leads: a lead is added in the list, scored by the workspace's rules (its score changes after an edit
// and after a logged call), converted into a company, contact and deal (once matching by name, once
// into an existing company), and the deal's page is where the link leads. Every page passes axe.
const wayne = account('Wayne Enterprises', 'wayne-leads', 'Lucius Fox');
const queen = account('Queen Industries', 'queen-leads', 'Oliver Queen');

/** One GraphQL call from the signed-in page; answers `data`. */
async function api(page: Page, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const answer = await page.evaluate(
    async ([q, v]) =>
      fetch('/graphql/', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query: q, variables: v }) }).then((r) => r.json()),
    [query, variables] as const,
  );
  expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
  return answer.data;
}

async function scoringRule(page: Page, input: Record<string, unknown>): Promise<void> {
  const data = await api(page, 'mutation ($input: CreateScoringRuleInput!) { createScoringRule(input: $input) { errors { message } } }', { input });
  expect((data.createScoringRule as { errors: unknown[] }).errors).toEqual([]);
}

test('add a lead, see its score follow an edit, convert it and land on the deal', async ({ page }) => {
  await signUp(page, wayne);
  await scoringRule(page, { field: 'INDUSTRY', value: 'software', points: 15 });
  await scoringRule(page, { activityKind: 'CALL', points: 10 });

  await page.goto(workspaceUrl(wayne.subdomain, '/leads'));
  await page.getByRole('button', { name: 'New lead' }).click();
  const dialog = page.getByRole('dialog', { name: 'New lead' });
  await dialog.getByLabel('Name').fill('Ada Lovelace');
  await dialog.getByLabel('Company').fill('Analytical Engines Ltd');
  await dialog.getByLabel('E-mail').fill('ada@engines.example');
  await dialog.getByRole('button', { name: 'Add lead' }).click();

  await expect(page.getByTestId('record-title')).toHaveText('Ada Lovelace');
  await expect(page.getByTestId('score')).toHaveText('0');
  await page.getByRole('button', { name: /^Edit Industry/ }).click();
  await page.getByRole('textbox', { name: 'Industry' }).fill('Software');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('score')).toHaveText('15');

  await page.getByLabel('Note').fill('Asked for a demo');
  await page.getByTestId('log-activity').click();
  await expect(page.getByTestId('activities')).toContainText('Asked for a demo');
  await expect(page.getByTestId('score')).toHaveText('25');
  // the score's breakdown: which rule gave how many points
  const breakdown = page.getByTestId('score-breakdown');
  await expect(breakdown.getByRole('row')).toHaveCount(2);
  await expect(breakdown.getByRole('row').nth(0)).toContainText('Industry = software');
  await expect(breakdown.getByRole('row').nth(0)).toContainText('+15');
  await expect(breakdown.getByRole('row').nth(1)).toContainText('1 × Call');
  await expect(breakdown.getByRole('row').nth(1)).toContainText('+10');
  await page.getByRole('tab', { name: 'History' }).click();
  await expect(page.getByTestId('history')).toContainText('Industry');
  await expectAccessible(page, 'lead page');
  await shoot(page, 'leads-record');

  await page.getByTestId('convert').click();
  const convert = page.getByRole('dialog', { name: 'Convert Ada Lovelace' });
  await expect(convert).toContainText('Analytical Engines Ltd');
  await expectAccessible(page, 'convert dialog');
  await convert.getByLabel('Deal title').fill('Difference engine');
  await page.getByTestId('convert-submit').click();
  await expect(page.getByTestId('converted-company')).toHaveText('Analytical Engines Ltd');
  await expect(page.getByTestId('converted-contact')).toHaveText('Ada Lovelace');
  await page.getByTestId('converted-deal').click();
  await expect(page).toHaveURL(/\/sales\/deals\//);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Difference engine');

  // Settings → Leads: the rules made above, one more added here, and the workspace's form address.
  await page.goto(workspaceUrl(wayne.subdomain, '/settings'));
  await page.getByRole('tab', { name: 'Leads' }).click();
  const rules = page.getByTestId('scoring-rules');
  await expect(rules.getByRole('row')).toHaveCount(3);
  await page.getByLabel('Field', { exact: true }).selectOption({ label: 'Region' });
  await page.getByRole('textbox', { name: 'Value', exact: true }).fill('Europe');
  await page.getByRole('textbox', { name: 'Points', exact: true }).fill('5');
  await page.getByRole('button', { name: 'Add rule' }).click();
  await expect(rules.getByRole('row')).toHaveCount(4);
  await expect(rules).toContainText('Europe');
  await expect(page.getByTestId('form-url')).toHaveText(new RegExp(`^https?://${wayne.subdomain}\\.[^/]+/forms/leads/$`));
  await expectAccessible(page, 'settings: leads');
  await shoot(page, 'settings-leads');
});

test('convert a lead into an existing company; the list filters, sorts and passes axe', async ({ page }) => {
  await signUp(page, queen);
  await api(page, 'mutation { createCompany(input: { name: "Star Labs" }) { errors { message } } }');
  const created = await api(page, 'mutation { createLead(input: { name: "Grace Hopper", companyName: "Navy Research", source: REFERRAL }) { lead { id } } }');
  await api(page, 'mutation { createLead(input: { name: "Alan Turing", status: WORKING }) { lead { id } } }');
  const leadId = (created.createLead as { lead: { id: string } }).lead.id;

  await page.goto(workspaceUrl(queen.subdomain, '/leads'));
  await expect(page.getByTestId('lead-row')).toHaveCount(2);
  await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Working' });
  await expect(page.getByTestId('lead-row')).toHaveCount(1);
  await expect(page.getByTestId('chip-status')).toContainText('Working');
  await expectAccessible(page, 'leads list');
  await shoot(page, 'leads-list');
  // Back from a lead finds the list filtered as it was left.
  await page.getByTestId('lead-row').getByRole('link', { name: 'Alan Turing' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Alan Turing');
  await page.goBack();
  await expect(page.getByTestId('chip-status')).toContainText('Working');
  await expect(page.getByTestId('lead-row')).toHaveCount(1);
  // The export is the list as shown: the filtered rows, with the table's columns.
  await page.getByTestId('export').click();
  const download = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'CSV' }).click();
  const { readFile } = await import('node:fs/promises');
  const lines = (await readFile((await (await download).path())!, 'utf8')).replace(/^\uFEFF/, '').trim().split(/\r\n/);
  expect(lines[0]).toBe('Name,Company,Status,Score,Source,Owner,Created');
  expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(['Alan Turing']);
  await page.getByRole('button', { name: 'Remove filter Status: Working' }).click();
  await expect(page.getByTestId('lead-row')).toHaveCount(2);

  await page.goto(workspaceUrl(queen.subdomain, `/leads/${encodeURIComponent(leadId)}`));
  await page.getByTestId('convert').click();
  const convert = page.getByRole('dialog', { name: 'Convert Grace Hopper' });
  await convert.getByTestId('convert-existing').check();
  await convert.getByLabel('Type to search companies').fill('Star');
  await convert.getByLabel('Existing company', { exact: true }).selectOption({ label: 'Star Labs' });
  await page.getByTestId('convert-submit').click();
  await expect(page.getByTestId('converted-company')).toHaveText('Star Labs');
  await page.getByTestId('converted-deal').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Navy Research');
  await expect(page.getByRole('link', { name: 'Star Labs' })).toBeVisible();
});
