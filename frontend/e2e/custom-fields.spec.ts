import { expect, test } from '@playwright/test';

import { account, expectAccessible, shoot, signUp, workspaceUrl } from './helpers';

// Custom fields: an admin defines a picklist field on companies in Settings, the record page shows
// it by itself and edits it in place; a second browser context sees the value live; the field is
// then deleted and leaves the page.
const pym = account('Pym Technologies', 'pym', 'Hope van Dyne');

test('define a picklist field, fill it in place on a record, see it live elsewhere, delete it', async ({ page, browser }) => {
  await signUp(page, pym);
  await page.goto(workspaceUrl(pym.subdomain, '/settings'));
  await page.getByRole('tab', { name: 'Custom fields' }).click();
  await page.locator('label[for$="-Company"]').click(); // the segmented control's Companies
  await page.getByRole('textbox', { name: 'Label' }).fill('Tier');
  await page.getByRole('textbox', { name: 'Key' }).fill('tier');
  await page.getByRole('combobox', { name: 'Type' }).selectOption({ label: 'Picklist' });
  await page.getByRole('textbox', { name: 'Choices' }).fill('Gold, Silver');
  await page.getByRole('textbox', { name: 'Group' }).fill('Account plan');
  await page.getByRole('button', { name: 'Add field' }).click();
  await expect(page.getByTestId('custom-field-list')).toContainText('Tier');
  await expect(page.getByTestId('custom-field-list')).toContainText('Gold, Silver');
  await expectAccessible(page, 'settings: custom fields');
  await shoot(page, 'settings-custom-fields');

  await page.goto(workspaceUrl(pym.subdomain, '/customers/companies'));
  await page.getByRole('button', { name: 'New company' }).click();
  const dialog = page.getByRole('dialog', { name: 'New company' });
  await dialog.getByRole('textbox', { name: 'Company name' }).fill('Quantum Realm Labs');
  await dialog.getByRole('button', { name: 'Create company' }).click();
  await expect(page.getByTestId('record-title')).toHaveText('Quantum Realm Labs');
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

  // Deleted in Settings: gone from the record page at once.
  await page.goto(workspaceUrl(pym.subdomain, '/settings'));
  await page.getByRole('tab', { name: 'Custom fields' }).click();
  await page.locator('label[for$="-Company"]').click(); // the segmented control's Companies
  await page.getByRole('button', { name: 'Delete field Tier' }).click();
  await expect(page.getByText('No custom fields yet.')).toBeVisible();
  await page.goto(recordUrl);
  await expect(page.getByTestId('record-title')).toHaveText('Quantum Realm Labs');
  await expect(page.locator('dd[data-field="customFields.tier"]')).toHaveCount(0);
});
