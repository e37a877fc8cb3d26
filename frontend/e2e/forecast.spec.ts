import { expect, test } from '@playwright/test';

import { account, api, expectAccessible, shoot, signUp, workspaceUrl } from './helpers';

// Forecast: a quarter's target is set on the targets page; a deal is won from its page; the forecast
// shows the won amount and the attainment against the target change. Commissions: a rule is added
// and the won deal's statement line shows the commission.
const vought = account('Vought International', 'vought-forecast', 'Stan Edgar');

test('set a target, win a deal, see won and attainment change on the forecast', async ({ page }) => {
  await signUp(page, vought);
  const today = new Date().toISOString().slice(0, 10);
  const deal = await api(page, 'mutation ($input: CreateDealInput!) { createDeal(input: $input) { deal { id } errors { message } } }', {
    title: 'Compound V supply',
    amount: { amount: '2500', currency: 'USD' },
    expectedCloseDate: today,
  });
  const dealId = (deal.deal as { id: string }).id;

  await page.goto(workspaceUrl(vought.subdomain, '/forecast/targets'));
  await expect(page.getByRole('heading', { name: 'Sales targets' })).toBeVisible();
  await page.getByLabel('Salesperson', { exact: true }).selectOption({ label: vought.fullName });
  await page.getByLabel('Period', { exact: true }).first().selectOption('QUARTER');
  await page.getByLabel('Target', { exact: true }).fill('10000');
  await page.getByRole('button', { name: 'Add target' }).click();
  const targets = page.getByTestId('targets');
  await expect(targets).toContainText(vought.fullName);
  await expect(targets).toContainText('$10,000.00');
  await expectAccessible(page, 'the targets page');

  await page.goto(workspaceUrl(vought.subdomain, '/forecast'));
  await expect(page.getByTestId('forecast-target')).toContainText('$10,000.00');
  await expect(page.getByTestId('forecast-won')).toContainText('$0.00');
  await expect(page.getByTestId('forecast-attainment')).toContainText('0%');
  await expect(page.getByText('Amounts in USD, converted at the workspace exchange rates.')).toBeVisible();
  await expectAccessible(page, 'the forecast');

  await page.goto(workspaceUrl(vought.subdomain, `/sales/deals/${encodeURIComponent(dealId)}`));
  await page.getByLabel('Stage').selectOption({ label: 'Won' });
  await expect(page.getByTestId('stage-history')).toContainText('Won');

  await page.goto(workspaceUrl(vought.subdomain, '/forecast'));
  await expect(page.getByTestId('forecast-won')).toContainText('$2,500.00');
  await expect(page.getByTestId('forecast-attainment')).toContainText('25%');
  await expect(page.getByTestId('forecast-people')).toContainText(vought.fullName);
  await shoot(page, 'forecast');

  // a deal without an expected close date is not dropped: the forecast shows it apart
  await api(page, 'mutation ($input: CreateDealInput!) { createDeal(input: $input) { deal { id } errors { message } } }', {
    title: 'Undated lead-in',
    amount: { amount: '400', currency: 'USD' },
  });
  await page.goto(workspaceUrl(vought.subdomain, '/forecast'));
  const undated = page.getByTestId('forecast-no-close-date');
  await expect(undated).toContainText('No close date');
  await expect(undated).toContainText('(in no period): 1; commit $0.00, best case $0.00, pipeline $400.00');
  await expect(page.getByTestId('forecast-won')).toContainText('$2,500.00');

  // the deals list filters by the forecast category a deal counts in (the won one counts as commit)
  await page.goto(workspaceUrl(vought.subdomain, '/sales/deals'));
  const deals = page.getByTestId('deals-table');
  await expect(deals).toContainText('Compound V supply');
  await page.getByLabel('Forecast category', { exact: true }).selectOption('PIPELINE');
  await expect(page.getByTestId('filter-chips')).toContainText('Forecast category: Pipeline');
  await expect(deals).toContainText('Undated lead-in');
  await expect(deals).not.toContainText('Compound V supply');
  await page.getByLabel('Forecast category', { exact: true }).selectOption('COMMIT');
  await expect(deals).toContainText('Compound V supply');
  await expect(deals).not.toContainText('Undated lead-in');

  await page.goto(workspaceUrl(vought.subdomain, '/forecast/commissions'));
  await page.getByLabel('Name', { exact: true }).fill('Standard');
  await page.getByLabel('Rate (%)', { exact: true }).fill('5');
  await page.getByLabel('From', { exact: true }).fill('2020-01-01');
  await page.getByRole('button', { name: 'Add rule' }).click();
  await expect(page.getByTestId('commission-rules')).toContainText('Standard');
  const statement = page.getByTestId('commission-statement');
  await expect(statement).toContainText('Compound V supply');
  await expect(statement).toContainText('$125.00'); // 5 % of 2500
  await expectAccessible(page, 'the commissions page');
});
