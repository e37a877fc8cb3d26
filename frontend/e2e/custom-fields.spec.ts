import { expect, test } from '@playwright/test';

import { account, expectAccessible, shoot, signUp, workspaceUrl } from './helpers';

// Custom fields: an admin defines a picklist field and a required number field with bounds on
// companies in Settings; the create form asks for them and checks the bounds; the record page shows
// them by themselves and edits them in place; a second browser context sees the value live; the list
// shows them as columns, filters and sorts by them; the picklist field is then deleted and leaves the page.
const pym = account('Pym Technologies', 'pym', 'Hope van Dyne');

test('define a picklist field, fill it in place on a record, see it live elsewhere, delete it', async ({ page, browser }) => {
  test.setTimeout(120_000); // a long walk with two browser contexts on a shared machine
  await signUp(page, pym);
  await page.goto(workspaceUrl(pym.subdomain, '/settings'));
  await page.getByRole('tab', { name: 'Custom fields' }).click();
  await page.getByRole('combobox', { name: 'Record type' }).selectOption({ label: 'Companies' });
  await page.getByRole('textbox', { name: 'Label' }).fill('Tier');
  await page.getByRole('textbox', { name: 'Key' }).fill('tier');
  await page.getByRole('combobox', { name: 'Type', exact: true }).selectOption({ label: 'Picklist' });
  await page.getByRole('textbox', { name: 'Choices' }).fill('Gold, Silver');
  await page.getByRole('textbox', { name: 'Group' }).fill('Account plan');
  await page.getByRole('button', { name: 'Add field' }).click();
  await expect(page.getByTestId('custom-field-list')).toContainText('Tier');
  await expect(page.getByTestId('custom-field-list')).toContainText('Gold, Silver');
  await page.getByRole('textbox', { name: 'Label' }).fill('Seats');
  await page.getByRole('textbox', { name: 'Key' }).fill('seats');
  await page.getByRole('combobox', { name: 'Type', exact: true }).selectOption({ label: 'Number' });
  await page.getByRole('textbox', { name: 'Min' }).fill('1');
  await page.getByRole('textbox', { name: 'Max' }).fill('500');
  await page.getByRole('checkbox', { name: 'Required' }).check();
  await page.getByRole('button', { name: 'Add field' }).click();
  await expect(page.getByTestId('custom-field-list')).toContainText('Seats');
  await expectAccessible(page, 'settings: custom fields');
  await shoot(page, 'settings-custom-fields');

  await page.goto(workspaceUrl(pym.subdomain, '/customers/companies'));
  await page.getByRole('button', { name: 'New company' }).click();
  const dialog = page.getByRole('dialog', { name: 'New company' });
  await dialog.getByRole('textbox', { name: 'Company name' }).fill('Quantum Realm Labs');
  // The create form asks for the custom fields and holds their rules: required, then at least 1.
  await dialog.getByRole('button', { name: 'Create company' }).click();
  await expect(dialog.getByText('Seats is required.')).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Seats' }).fill('0');
  await dialog.getByRole('button', { name: 'Create company' }).click();
  await expect(dialog.getByText('At least 1.')).toBeVisible();
  await expectAccessible(page, 'new company with a field refused');
  await dialog.getByRole('textbox', { name: 'Seats' }).fill('25');
  await expect(dialog.getByText('At least 1.')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Create company' }).click();
  await expect(page.getByTestId('record-title')).toHaveText('Quantum Realm Labs');
  await expect(page.locator('dd[data-field="customFields.seats"]')).toHaveText('25');
  const recordUrl = page.url();

  // A second browser context (the same person on another device) keeps the record open.
  const context = await browser.newContext({ storageState: await page.context().storageState() });
  const other = await context.newPage();
  await other.goto(recordUrl);
  await expect(other.getByTestId('record-title')).toHaveText('Quantum Realm Labs');
  const otherValue = other.locator('dd[data-field="customFields.tier"]');
  await expect(otherValue).toHaveText('—');

  await expect(page.getByRole('heading', { name: 'Account plan' })).toBeVisible();
  await page.getByRole('button', { name: 'Edit Tier: —' }).click();
  await page.getByRole('combobox', { name: 'Tier' }).selectOption({ label: 'Gold' });
  await page.getByRole('button', { name: 'Save Tier' }).click();
  await expect(page.locator('dd[data-field="customFields.tier"]')).toHaveText('Gold');
  await expect(page.locator('[data-testid="record-fields"] [aria-busy="true"]')).toHaveCount(0);
  await expect(otherValue).toHaveText('Gold'); // live: recordChanged reloads the other page
  await page.reload();
  await expect(page.locator('dd[data-field="customFields.tier"]')).toHaveText('Gold');
  await expectAccessible(page, 'company page with custom fields');
  await context.close();

  // A second company, its picklist value chosen in the create form.
  await page.goto(workspaceUrl(pym.subdomain, '/customers/companies'));
  await page.getByRole('button', { name: 'New company' }).click();
  await dialog.getByRole('textbox', { name: 'Company name' }).fill('Ant Hill Works');
  await dialog.getByRole('textbox', { name: 'Seats' }).fill('3');
  await dialog.getByRole('combobox', { name: 'Tier' }).selectOption('Silver');
  await dialog.getByRole('button', { name: 'Create company' }).click();
  await expect(page.getByTestId('record-title')).toHaveText('Ant Hill Works');
  await expect(page.locator('dd[data-field="customFields.tier"]')).toHaveText('Silver');

  // The list: the custom fields are columns by themselves, filter chips and sortable headers.
  await page.goto(workspaceUrl(pym.subdomain, '/customers/companies'));
  const rows = page.getByTestId('records-table').locator('tbody tr');
  await expect(page.locator('th[data-column="customFields.tier"]')).toBeVisible();
  await expect(rows).toHaveCount(2);
  await page.getByRole('button', { name: 'Sort by Seats' }).click();
  await expect(rows.first()).toContainText('Ant Hill Works');
  await page.getByRole('button', { name: 'Sort by Seats' }).click();
  await expect(rows.first()).toContainText('Quantum Realm Labs');
  await page.getByRole('textbox', { name: 'Tier' }).click();
  await page.getByRole('option', { name: 'Silver', exact: true }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Ant Hill Works');
  await expect(page.getByRole('button', { name: /Remove filter Tier: Silver/ })).toBeVisible();

  // Deleted in Settings: gone from the record page at once.
  await page.goto(workspaceUrl(pym.subdomain, '/settings'));
  await page.getByRole('tab', { name: 'Custom fields' }).click();
  await page.getByRole('combobox', { name: 'Record type' }).selectOption({ label: 'Companies' });
  await page.getByRole('button', { name: 'Delete field Tier' }).click();
  await expect(page.getByTestId('custom-field-list')).not.toContainText('Tier');
  await expect(page.getByTestId('custom-field-list')).toContainText('Seats');
  await page.goto(recordUrl);
  await expect(page.getByTestId('record-title')).toHaveText('Quantum Realm Labs');
  await expect(page.locator('dd[data-field="customFields.tier"]')).toHaveCount(0);
});

// Beyond customers: Settings offers every record type with custom fields. A picklist field on deals is
// set in place on a deal page (a second browser context sees it live), then the deals list shows it as
// a column by itself, filters by it (with its chip) and sorts by it.
const stark = account('Stark Industries', 'stark', 'Pepper Potts');

test('a picklist field on deals: set in place on the deal page, seen live elsewhere, filter and sort the list by it', async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signUp(page, stark);
  await page.goto(workspaceUrl(stark.subdomain, '/settings'));
  await page.getByRole('tab', { name: 'Custom fields' }).click();
  const recordTypes = page.getByRole('combobox', { name: 'Record type' });
  for (const type of ['Deals', 'Contracts', 'Invoices', 'Tickets', 'Knowledge base articles']) await expect(recordTypes.locator('option', { hasText: type })).toHaveCount(1);
  await recordTypes.selectOption({ label: 'Deals' });
  await page.getByRole('textbox', { name: 'Label' }).fill('Region');
  await page.getByRole('textbox', { name: 'Key' }).fill('region');
  await page.getByRole('combobox', { name: 'Type', exact: true }).selectOption({ label: 'Picklist' });
  await page.getByRole('textbox', { name: 'Choices' }).fill('North, South');
  await page.getByRole('button', { name: 'Add field' }).click();
  await expect(page.getByTestId('custom-field-list')).toContainText('Region');
  await expect(page.getByTestId('custom-field-list')).toContainText('North, South');
  await recordTypes.selectOption({ label: 'Companies' });
  await expect(page.getByTestId('custom-field-list')).toHaveCount(0); // the field is the deals' own

  await page.goto(workspaceUrl(stark.subdomain, '/sales/deals'));
  const rows = page.getByTestId('deals-table').locator('tbody tr');
  for (const title of ['Arc reactor', 'Repulsor']) {
    await page.getByRole('textbox', { name: 'New deal' }).fill(title);
    await page.getByRole('button', { name: 'Add deal' }).click();
    await expect(page.getByTestId('deals-table')).toContainText(title);
  }
  await expect(rows).toHaveCount(2);
  await expect(page.locator('th[data-column="customFields.region"]')).toBeVisible(); // a column by itself

  // The deal page shows the field and edits it in place; a second browser context has the deal open.
  await page.getByRole('link', { name: 'Open Arc reactor' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Arc reactor' })).toBeVisible();
  const dealUrl = page.url();
  const context = await browser.newContext({ storageState: await page.context().storageState() });
  const other = await context.newPage();
  await other.goto(dealUrl);
  await expect(other.getByRole('heading', { level: 1, name: 'Arc reactor' })).toBeVisible();
  const otherValue = other.locator('dd[data-field="customFields.region"]');
  await expect(otherValue).toHaveText('—');
  await page.getByRole('button', { name: 'Edit Region: —' }).click();
  await page.getByRole('combobox', { name: 'Region' }).selectOption({ label: 'North' });
  await page.getByRole('button', { name: 'Save Region' }).click();
  await expect(page.locator('dd[data-field="customFields.region"]')).toHaveText('North');
  await expect(page.locator('[data-testid="record-fields"] [aria-busy="true"]')).toHaveCount(0);
  await expect(otherValue).toHaveText('North'); // live: recordChanged reloads the other page
  await page.reload();
  await expect(page.locator('dd[data-field="customFields.region"]')).toHaveText('North');
  await expectAccessible(page, 'deal page with custom fields');
  await context.close();

  await page.goto(workspaceUrl(stark.subdomain, '/sales/deals'));
  await page.getByRole('link', { name: 'Open Repulsor' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Repulsor' })).toBeVisible();
  await page.getByRole('button', { name: 'Edit Region: —' }).click();
  await page.getByRole('combobox', { name: 'Region' }).selectOption({ label: 'South' });
  await page.getByRole('button', { name: 'Save Region' }).click();
  await expect(page.locator('dd[data-field="customFields.region"]')).toHaveText('South');
  await expect(page.locator('[data-testid="record-fields"] [aria-busy="true"]')).toHaveCount(0); // saved before leaving

  // The list: sorted by the field both ways, then filtered by it, with its chip.
  await page.goto(workspaceUrl(stark.subdomain, '/sales/deals'));
  await expect(rows).toHaveCount(2);
  await page.getByRole('button', { name: 'Sort by Region' }).click();
  await expect(rows.first()).toContainText('Arc reactor');
  await expect(rows.first()).toContainText('North');
  await page.getByRole('button', { name: 'Sort by Region' }).click();
  await expect(rows.first()).toContainText('Repulsor');
  await expect(rows.first()).toContainText('South');
  await page.getByRole('textbox', { name: 'Region' }).click();
  await page.getByRole('listbox', { name: 'Region' }).getByRole('option', { name: 'South', exact: true }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Repulsor');
  await expect(page.getByRole('button', { name: /Remove filter Region: South/ })).toBeVisible();
  await expectAccessible(page, 'deals list with a custom column');
  await shoot(page, 'deals-custom-fields');
  await page.getByRole('button', { name: /Remove filter Region: South/ }).click();
  await expect(rows).toHaveCount(2);

  // A layout of deals for owners drives the deal page's own fields too: the next step moves to the top of
  // its group, ahead of the title, the probability is left off and the competitors move to a new group.
  await page.goto(workspaceUrl(stark.subdomain, '/settings'));
  await page.getByRole('tab', { name: 'Layouts' }).click();
  await page.getByRole('combobox', { name: 'Record type' }).selectOption({ label: 'Deals' });
  await page.getByRole('combobox', { name: 'Role' }).selectOption('owner');
  const layoutRow = (field: string) => page.getByTestId('layout-fields').locator('tr', { has: page.locator('code', { hasText: new RegExp(`^${field}$`) }) });
  // Offered: the fields the deal page lays out (and its custom ones); not the columns it shows no field for.
  await expect(layoutRow('currency')).toHaveCount(0);
  await expect(layoutRow('updatedAt')).toHaveCount(0);
  await expect(layoutRow('★ region')).toHaveCount(1);
  await layoutRow('probability').getByRole('checkbox', { name: 'Leave off' }).check();
  await layoutRow('competitors').getByRole('textbox', { name: 'Group of competitors' }).fill('Forecast');
  const up = page.getByRole('button', { name: 'Move nextStep up' });
  while (await up.isEnabled()) await up.click();
  await expect(page.getByTestId('layout-fields').locator('tr').first()).toContainText('nextStep');
  await page.getByRole('button', { name: 'Save layout' }).click();
  await expect(page.getByText('Layout saved.')).toBeVisible();

  await page.goto(dealUrl);
  await expect(page.getByRole('heading', { level: 1, name: 'Arc reactor' })).toBeVisible();
  const details = page.getByTestId('field-group-details');
  await expect(details.locator('dd[data-field]').first()).toHaveAttribute('data-field', 'nextStep');
  await expect(details.locator('dd[data-field]').nth(1)).toHaveAttribute('data-field', 'title');
  await expect(page.locator('dd[data-field="probability"]')).toHaveCount(0);
  // A group of the layout's own, with the field it moved there.
  await expect(page.getByTestId('field-group-layout-forecast').getByRole('heading', { name: 'Forecast' })).toBeVisible();
  await expect(page.getByTestId('field-group-layout-forecast').locator('dd[data-field="competitors"]')).toHaveCount(1);
  await expect(page.getByTestId('field-group-customer').locator('dd[data-field="competitors"]')).toHaveCount(0);
  await expect(page.locator('dd[data-field="customFields.region"]')).toHaveText('North');
  // Still edited in place where the layout put it.
  await details.getByRole('button', { name: 'Edit Next step: —' }).click();
  await page.getByRole('textbox', { name: 'Next step' }).fill('Send the proposal');
  await page.keyboard.press('Enter');
  await expect(page.locator('dd[data-field="nextStep"]')).toHaveText('Send the proposal');
  await expect(page.locator('[data-testid="record-fields"] [aria-busy="true"]')).toHaveCount(0);
  // The amount is the kit's money field: typed as the reader writes it, in the workspace's currency, shown formatted.
  await details.getByRole('button', { name: 'Edit Amount: —' }).click();
  await expect(page.getByRole('combobox', { name: 'Currency of Amount' })).toHaveValue('USD');
  await page.getByRole('textbox', { name: 'Amount' }).fill('2,500');
  await page.keyboard.press('Enter');
  await expect(page.locator('dd[data-field="amount"]')).toHaveText('$2,500.00');
  await page.reload();
  await expect(page.locator('dd[data-field="amount"]')).toHaveText('$2,500.00');
  await expectAccessible(page, 'deal page laid out by a layout');
});

// The oldest pages on the kit: a picklist field on contacts is set in place on the contact page (the kit's
// custom fields panel), shown as a column on the contacts list by itself, sorted and filtered by. Then a
// layout of a non-customer type (leads) leaves a field off the page for the role that has it.
const osborn = account('Oscorp', 'oscorp', 'Norman Osborn');

test('a picklist field on contacts: set in place on the contact page, a column, sort and filter on the list; a lead layout hides a field', async ({ page }) => {
  test.setTimeout(120_000);
  await signUp(page, osborn);
  await page.goto(workspaceUrl(osborn.subdomain, '/settings'));
  await page.getByRole('tab', { name: 'Custom fields' }).click();
  await page.getByRole('combobox', { name: 'Record type' }).selectOption({ label: 'Contacts' });
  await page.getByRole('textbox', { name: 'Label' }).fill('Segment');
  await page.getByRole('textbox', { name: 'Key' }).fill('segment');
  await page.getByRole('combobox', { name: 'Type', exact: true }).selectOption({ label: 'Picklist' });
  await page.getByRole('textbox', { name: 'Choices' }).fill('Enterprise, SMB');
  await page.getByRole('button', { name: 'Add field' }).click();
  await expect(page.getByTestId('custom-field-list')).toContainText('Segment');

  const rows = page.getByTestId('records-table').locator('tbody tr');
  for (const [first, last, segment] of [
    ['Harry', 'Osborn', 'SMB'],
    ['Otto', 'Octavius', 'Enterprise'],
  ]) {
    await page.goto(workspaceUrl(osborn.subdomain, '/customers/contacts'));
    await page.getByRole('button', { name: 'New contact' }).click();
    const dialog = page.getByRole('dialog', { name: 'New contact' });
    await dialog.getByRole('textbox', { name: 'First name' }).fill(first);
    await dialog.getByRole('textbox', { name: 'Last name' }).fill(last);
    await dialog.getByRole('button', { name: 'Create contact' }).click();
    await expect(dialog).toBeHidden();
    await page.getByTestId('records-table').getByRole('link', { name: `${first} ${last}` }).click();
    await expect(page.getByTestId('record-title')).toHaveText(`${first} ${last}`);
    // In place, through the kit's panel.
    await page.getByTestId('record-fields').getByRole('button', { name: 'Edit Segment: —' }).click();
    await page.getByRole('combobox', { name: 'Segment' }).selectOption({ label: segment });
    await page.getByRole('button', { name: 'Save Segment' }).click();
    await expect(page.locator('dd[data-field="customFields.segment"]')).toHaveText(segment);
    await expect(page.locator('[data-testid="record-fields"] [aria-busy="true"]')).toHaveCount(0);
  }
  await page.reload();
  await expect(page.locator('dd[data-field="customFields.segment"]')).toHaveText('Enterprise');
  await expectAccessible(page, 'contact page with custom fields');

  await page.goto(workspaceUrl(osborn.subdomain, '/customers/contacts'));
  await expect(page.locator('th[data-column="customFields.segment"]')).toBeVisible(); // a column by itself
  await expect(rows).toHaveCount(2);
  await page.getByRole('button', { name: 'Sort by Segment' }).click();
  await expect(rows.first()).toContainText('Otto Octavius');
  await expect(rows.first()).toContainText('Enterprise');
  await page.getByRole('button', { name: 'Sort by Segment' }).click();
  await expect(rows.first()).toContainText('Harry Osborn');
  // Saved while sorted by the custom column (descending), the view brings that sort back on a fresh list.
  await page.getByRole('button', { name: 'Save view' }).click();
  const saveView = page.getByRole('dialog', { name: 'Save view' });
  await saveView.getByRole('textbox', { name: 'View name' }).fill('By segment');
  await saveView.getByRole('button', { name: 'Save view' }).click();
  await expect(saveView).toBeHidden();
  await page.goto(workspaceUrl(osborn.subdomain, '/'));
  await page.goto(workspaceUrl(osborn.subdomain, '/customers/contacts'));
  await expect(rows).toHaveCount(2);
  await expect(page.locator('th[data-column="customFields.segment"]')).not.toHaveAttribute('aria-sort', /.+/);
  await page.getByRole('textbox', { name: 'Saved view' }).click();
  await page.getByRole('option', { name: 'By segment' }).click();
  await expect(page.locator('th[data-column="customFields.segment"]')).toHaveAttribute('aria-sort', 'descending');
  await expect(rows.first()).toContainText('Harry Osborn');
  await page.getByRole('textbox', { name: 'Segment' }).click();
  await page.getByRole('option', { name: 'SMB', exact: true }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Harry Osborn');
  await expect(page.getByRole('button', { name: /Remove filter Segment: SMB/ })).toBeVisible();
  await expectAccessible(page, 'contacts list with a custom column');

  // A lead shows its industry; the owners' layout of leads leaves it off.
  await page.goto(workspaceUrl(osborn.subdomain, '/leads'));
  await page.getByRole('button', { name: 'New lead' }).click();
  const leadDialog = page.getByRole('dialog', { name: 'New lead' });
  await leadDialog.getByLabel('Name').fill('Peter Parker');
  await leadDialog.getByRole('button', { name: 'Add lead' }).click();
  await expect(page.getByTestId('record-title')).toHaveText('Peter Parker');
  const leadUrl = page.url();
  await expect(page.locator('dd[data-field="industry"]')).toBeVisible();

  await page.goto(workspaceUrl(osborn.subdomain, '/settings'));
  await page.getByRole('tab', { name: 'Layouts' }).click();
  const types = page.getByRole('combobox', { name: 'Record type' });
  for (const type of ['Contacts', 'Companies', 'Leads', 'Deals', 'Warranties']) await expect(types.locator('option', { hasText: type })).toHaveCount(1);
  await types.selectOption({ label: 'Leads' });
  await page.getByRole('combobox', { name: 'Role' }).selectOption('owner');
  const industry = page.getByTestId('layout-fields').locator('tr', { has: page.locator('code', { hasText: /^industry$/ }) });
  await industry.getByRole('checkbox', { name: 'Leave off' }).check();
  await page.getByRole('button', { name: 'Save layout' }).click();
  await expect(page.getByText('Layout saved.')).toBeVisible();
  await expectAccessible(page, 'settings: layouts');

  await page.goto(leadUrl);
  await expect(page.getByTestId('record-title')).toHaveText('Peter Parker');
  await expect(page.locator('dd[data-field="companyName"]')).toBeVisible();
  await expect(page.locator('dd[data-field="industry"]')).toHaveCount(0);
});
