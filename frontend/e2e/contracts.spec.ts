import { expect, test } from '@playwright/test';

import { account, createCompany, expectAccessible, shoot, signUp, workspaceUrl } from './helpers';

// Contracts: one is made from the list's dialog, activated and renewed on its page; the follow-on shows in
// the list filtered by "ending soon"; both are deleted at once from the list and brought back with undo. On the company's page, its contracts, and a development plan whose
// step is ticked done.
const wayne = account('Wayne Enterprises', 'wayne-contracts', 'Lucius Fox');

function day(offset: number): string {
  const date = new Date();
  date.setDate(date.getDate() + offset);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

test('a contract is made, activated, renewed and found ending soon; a development plan step is ticked', async ({ page }) => {
  test.setTimeout(120_000); // a long walk: contract, renewal, plan; 39-65 s alone on a loaded 2-core machine
  await signUp(page, wayne);
  const companyId = await createCompany(page, 'Gotham Water');

  await page.goto(workspaceUrl(wayne.subdomain, '/contracts'));
  await expect(page.getByRole('heading', { name: 'Contracts', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'New contract' }).click();
  const dialog = page.getByRole('dialog', { name: 'New contract' });
  await dialog.getByRole('textbox', { name: 'Title' }).fill('Filtration support');
  await dialog.getByRole('combobox', { name: 'Company' }).selectOption({ label: 'Gotham Water' });
  await dialog.getByLabel('Start').fill(day(0));
  await dialog.getByLabel('End').fill(day(29)); // 30 days
  await dialog.getByRole('textbox', { name: 'Value' }).fill('12000');
  await expectAccessible(page, 'the new contract dialog');
  await dialog.getByRole('button', { name: 'Create' }).click();

  await expect(page.getByRole('heading', { name: 'C-1 Filtration support' })).toBeVisible();
  const status = page.getByTestId('contract-status');
  await expect(status).toHaveText('Draft');
  await page.getByRole('button', { name: 'Activate', exact: true }).click();
  await expect(status).toHaveText('Active');
  await expectAccessible(page, 'a contract page');
  await shoot(page, 'contract-page');

  await page.getByRole('button', { name: 'Renew', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'C-2 Filtration support' })).toBeVisible();
  await expect(status).toHaveText('Active');
  await expect(page.getByRole('link', { name: 'Renews C-1' })).toBeVisible();
  await page.getByRole('link', { name: 'Renews C-1' }).click();
  await expect(status).toHaveText('Renewed');
  await expect(page.getByTestId('status-history')).toContainText('Renewed');

  await page.goto(workspaceUrl(wayne.subdomain, '/contracts'));
  await expect(page.getByTestId('contract-row')).toHaveCount(2);
  await page.getByRole('button', { name: 'Ending soon' }).click();
  await expect(page.getByTestId('filter-chips')).toContainText('Ending within 90 days');
  const rows = page.getByTestId('contract-row');
  await expect(rows).toHaveCount(1); // the renewed C-1 has ended; its follow-on ends in two months
  await expect(rows).toContainText('C-2');
  await expect(rows).toContainText('Active');
  await expectAccessible(page, 'the contracts list');
  await shoot(page, 'contracts-ending-soon');

  // bulk delete: both contracts selected, deleted at once, then brought back with undo
  await page.getByRole('button', { name: 'Remove filter Ending within 90 days' }).click();
  await expect(rows).toHaveCount(2);
  await page.getByRole('checkbox', { name: 'Select every contract shown' }).check();
  const bulk = page.getByTestId('bulk-actions');
  await expect(bulk).toContainText('2 selected');
  await bulk.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete 2 contracts' }).click();
  await expect(page.getByText('No contracts match.')).toBeVisible();
  const notice = page.getByTestId('undo-notice');
  await expect(notice).toContainText('2 contracts deleted');
  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(rows).toHaveCount(2);
  await expect(bulk).toHaveCount(0);

  // one contract to the recycle bin, and back from the bin
  await page.getByRole('checkbox', { name: 'Select C-1' }).check();
  await bulk.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog', { name: 'Delete 1 contract?' }).getByRole('button', { name: 'Delete contract' }).click();
  await expect(rows).toHaveCount(1);
  await page.getByRole('radiogroup', { name: 'Show' }).getByText('Recycle bin').click();
  await expect(page.getByRole('heading', { name: 'Deleted contracts', level: 1 })).toBeVisible();
  const binned = page.getByTestId('contracts-bin').getByTestId('deleted-row');
  await expect(binned).toHaveCount(1);
  await expect(binned).toContainText('C-1');
  await expectAccessible(page, 'the contracts recycle bin');
  await page.getByRole('button', { name: 'Restore: C-1' }).click();
  await expect(page.getByText('Contract restored')).toBeVisible();
  await expect(page.getByText('The recycle bin is empty.')).toBeVisible();
  await page.getByRole('radiogroup', { name: 'Show' }).getByText('Current').click();
  await expect(rows).toHaveCount(2);

  await page.goto(workspaceUrl(wayne.subdomain, `/customers/companies/${encodeURIComponent(companyId)}`));
  await expect(page.getByTestId('contracts-panel')).toContainText('C-2 Filtration support');
  const plans = page.getByTestId('plans-panel');
  await plans.getByRole('textbox', { name: 'Goal' }).fill('Supply every district');
  await plans.getByRole('button', { name: 'Add plan' }).click();
  const plan = plans.getByTestId('plan');
  await expect(plan).toContainText('Supply every district');
  await plan.getByRole('textbox', { name: 'New step' }).fill('Meet the mayor');
  await plan.getByRole('button', { name: 'Add step' }).click();
  await expect(plan.getByRole('checkbox', { name: 'Done: Meet the mayor' })).toBeVisible();
  await expect(plan.getByRole('textbox', { name: 'New step' })).toHaveValue(''); // cleared once the step is added
  await plan.getByRole('textbox', { name: 'New step' }).fill('Pilot in the Narrows');
  await plan.getByRole('button', { name: 'Add step' }).click();
  await expect(plan.getByTestId('plan-progress')).toHaveText('0 of 2 steps done');
  await plan.getByRole('checkbox', { name: 'Done: Meet the mayor' }).click(); // ticked once the server answers
  await expect(plan.getByTestId('plan-progress')).toHaveText('1 of 2 steps done');
  await expect(plan.getByRole('checkbox', { name: 'Done: Meet the mayor' })).toBeChecked();
  await expectAccessible(page, 'a company page with contracts and development plans');
});
