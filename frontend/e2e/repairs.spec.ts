import { expect, test, type Page } from '@playwright/test';

import { account, api, createCompany, expectAccessible, shoot, signUp, workspaceUrl } from './helpers';

// Repairs: a warranty (parts only) is registered for a customer's scanner; a repair order for the same unit
// is matched to it; a spare part from the catalogue (at its list price) is covered, a labour line is charged
// with tax, the live figures agree with the server's; the order moves through the workshop with its history
// kept, is invoiced and the draft invoice opened; it is deleted from the list and brought back with undo;
// the company's page shows the warranty, which is then voided, deleted and brought back; with a second one,
// both are deleted at once and brought back with undo.
const umbrella = account('Umbrella Devices', 'umbrella-repairs', 'Jill Valentine');

async function seedCatalogue(page: Page): Promise<void> {
  const product = async (sku: string, name: string) =>
    ((await api(page, 'mutation ($input: CreateProductInput!) { createProduct(input: $input) { product { id } errors { message } } }', { sku, name })).product as { id: string }).id;
  const scanner = await product('SCAN', 'Barcode scanner');
  const battery = await product('BATT', 'Battery pack');
  const book = await api(page, 'mutation ($input: CreatePriceBookInput!) { createPriceBook(input: $input) { priceBook { id } errors { message } } }', { name: 'Standard USD', currency: 'USD' });
  const priceBookId = (book.priceBook as { id: string }).id;
  const setPrices = 'mutation ($input: SetPricesInput!) { setPrices(input: $input) { entries { id } errors { message } } }';
  await api(page, setPrices, { priceBookId, productId: scanner, tiers: [{ minQuantity: '0', unitPrice: '349' }] });
  await api(page, setPrices, { priceBookId, productId: battery, tiers: [{ minQuantity: '0', unitPrice: '39.90' }] });
}

test('a repair under warranty: matched, covered part and charged labour, moved, invoiced, deleted and undone', async ({ page }) => {
  test.setTimeout(120_000); // a long walk: repair, parts, labour, invoice, delete and undo; past 60 s on a loaded 2-core machine
  await signUp(page, umbrella);
  const companyId = await createCompany(page, 'Raccoon Retail');
  await seedCatalogue(page);

  // a warranty on the unit, parts only
  await page.goto(workspaceUrl(umbrella.subdomain, '/repairs/warranties'));
  await expect(page.getByRole('heading', { name: 'Warranties', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'New warranty' }).click();
  const warrantyDialog = page.getByRole('dialog', { name: 'New warranty' });
  await warrantyDialog.getByRole('combobox', { name: 'Company' }).selectOption({ label: 'Raccoon Retail' });
  await warrantyDialog.getByRole('combobox', { name: 'Product' }).selectOption({ label: 'Barcode scanner (SCAN)' });
  await warrantyDialog.getByRole('textbox', { name: 'Serial number' }).fill('SN-1001');
  await warrantyDialog.getByRole('combobox', { name: 'Coverage' }).selectOption({ label: 'Parts' });
  await expectAccessible(page, 'the new warranty dialog');
  await warrantyDialog.getByRole('button', { name: 'Create' }).click();
  const warranties = page.getByTestId('warranty-row');
  await expect(warranties).toHaveCount(1);
  await expect(warranties).toContainText('SN-1001');
  await expect(warranties).toContainText('Active');
  await expectAccessible(page, 'the warranties list');
  // its own page, from the list: the notes edited in place, the change listed
  await warranties.getByRole('link', { name: 'Barcode scanner' }).click();
  await expect(page.getByTestId('record-title')).toHaveText('Barcode scanner · SN-1001');
  await page.getByRole('button', { name: 'Edit Notes: —' }).click();
  await page.getByRole('textbox', { name: 'Notes' }).fill('Shop counter unit');
  await page.keyboard.press('Enter');
  await expect(page.locator('dd[data-field="notes"]')).toHaveText('Shop counter unit');
  await expect(page.locator('[data-testid="record-fields"] [aria-busy="true"]')).toHaveCount(0);
  await page.reload();
  await expect(page.locator('dd[data-field="notes"]')).toHaveText('Shop counter unit');
  await expectAccessible(page, 'the warranty page');
  // deleted from its page (asked first): back on the list without it, and Undo brings it back
  await page.getByTestId('delete-record').click();
  const confirmDelete = page.getByRole('dialog', { name: 'Delete Barcode scanner · SN-1001?' });
  await expectAccessible(page, 'the warranty delete dialog');
  await confirmDelete.getByRole('button', { name: 'Delete' }).click();
  await expect(page).toHaveURL(/\/repairs\/warranties$/);
  await expect(page.getByTestId('undo-notice')).toContainText('Barcode scanner · SN-1001 deleted.');
  await expect(warranties).toHaveCount(0);
  await page.getByTestId('undo-notice').getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByText('Restored 1 record.')).toBeVisible();
  await page.reload();
  await expect(warranties).toHaveCount(1);

  // a repair order for the same unit is matched to it
  await page.goto(workspaceUrl(umbrella.subdomain, '/repairs'));
  await expect(page.getByRole('heading', { name: 'Repair orders', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'New repair order' }).click();
  const dialog = page.getByRole('dialog', { name: 'New repair order' });
  await dialog.getByRole('combobox', { name: 'Company' }).selectOption({ label: 'Raccoon Retail' });
  await dialog.getByRole('combobox', { name: 'Product' }).selectOption({ label: 'Barcode scanner (SCAN)' });
  await dialog.getByRole('textbox', { name: 'Serial number' }).fill('sn-1001'); // matched whatever the case
  await dialog.getByRole('textbox', { name: 'Problem' }).fill('Battery drains within an hour.');
  await dialog.getByRole('textbox', { name: 'Tax rate (%)' }).fill('10');
  await expectAccessible(page, 'the new repair order dialog');
  await dialog.getByRole('button', { name: 'Create' }).click();

  await expect(page.getByRole('heading', { name: 'R-1 Barcode scanner' })).toBeVisible();
  const status = page.getByTestId('repair-status');
  await expect(status).toHaveText('Received');
  await expect(page.getByTestId('repair-warranty')).toContainText('Under warranty: Parts');

  // a covered part at its list price
  const newLine = page.getByTestId('new-repair-line');
  await newLine.getByRole('combobox', { name: 'Part' }).selectOption({ label: 'Battery pack (BATT)' });
  await expect(newLine.getByTestId('list-price')).toContainText('39.90');
  await expect(newLine.getByRole('textbox', { name: 'Unit price' })).toHaveValue('39.90');
  await expect(page.getByTestId('repair-covered')).toContainText('39.90'); // live, before it is saved
  await newLine.getByRole('button', { name: 'Add line' }).click();
  const lines = page.getByTestId('repair-line');
  await expect(lines).toHaveCount(1);
  await expect(lines.first()).toContainText('Battery pack');
  await expect(lines.first()).toContainText('Covered');
  await expect(page.getByTestId('repair-total')).toContainText('0.00');

  // labour: 1.5 h at 60 is charged, with 10% tax; the figures follow the typing
  await newLine.getByRole('combobox', { name: 'Kind' }).selectOption({ label: 'Labour' });
  await newLine.getByRole('textbox', { name: 'Hours' }).fill('1.5');
  await newLine.getByRole('textbox', { name: 'Hourly rate' }).fill('60');
  await expect(page.getByTestId('repair-total')).toContainText('99.00');
  await newLine.getByRole('button', { name: 'Add line' }).click();
  await expect(lines).toHaveCount(2);
  await expect(lines.nth(1)).toContainText('90.00');
  await expect(page.getByTestId('repair-subtotal')).toContainText('129.90');
  await expect(page.getByTestId('repair-covered')).toContainText('39.90');
  await expect(page.getByTestId('repair-tax')).toContainText('9.00');
  await expect(page.getByTestId('repair-total')).toContainText('99.00');

  // an edit of the labour line (2 hours), then through the workshop
  await page.getByRole('button', { name: 'Edit line 2' }).click();
  await page.getByRole('textbox', { name: 'Hours' }).fill('2');
  await expect(page.getByTestId('repair-total')).toContainText('132.00');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(lines.nth(1)).toContainText('120.00');
  await expect(page.getByTestId('repair-total')).toContainText('132.00');

  await page.getByRole('textbox', { name: 'A note for this move (optional)' }).fill('Battery swollen');
  await page.getByRole('button', { name: 'Start diagnosis' }).click();
  await expect(status).toHaveText('Diagnosing');
  await page.getByRole('button', { name: 'Start repair' }).click();
  await expect(status).toHaveText('In repair');
  await page.getByRole('button', { name: 'Mark ready' }).click();
  await expect(status).toHaveText('Ready');
  const history = page.getByTestId('status-history');
  await expect(history.getByRole('row')).toHaveCount(5); // the header, the creation and three moves
  await expect(history).toContainText('Battery swollen');
  await expectAccessible(page, 'a repair order page');
  await shoot(page, 'repair-order');

  // the invoice of what is charged
  await page.getByRole('button', { name: 'Invoice', exact: true }).click();
  const invoiceLink = page.getByRole('link', { name: 'Draft invoice' });
  await expect(invoiceLink).toBeVisible();
  await expect(page.getByTestId('new-repair-line')).toHaveCount(0); // lines frozen while invoiced
  await page.getByRole('button', { name: 'Return to customer' }).click();
  await expect(status).toHaveText('Returned');
  await invoiceLink.click();
  await expect(page.getByTestId('invoice-title')).toHaveText('Draft');
  await expect(page.getByTestId('invoice-total')).toContainText('132.00');
  await expect(page.getByText('Repair R-1').first()).toBeVisible();

  // deleted from the list and brought back
  await page.goto(workspaceUrl(umbrella.subdomain, '/repairs'));
  const rows = page.getByTestId('repair-row');
  await expect(rows).toHaveCount(1);
  await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Returned' });
  await expect(page.getByTestId('filter-chips')).toContainText('Status: Returned');
  await expect(rows).toContainText('R-1');
  await expectAccessible(page, 'the repair orders list');
  await page.getByRole('button', { name: 'Delete: R-1' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText('No repair orders match.')).toBeVisible();
  const notice = page.getByTestId('undo-notice');
  await expect(notice).toContainText('Repair order deleted');
  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(rows).toHaveCount(1);

  // the company's page shows its warranty
  await page.goto(workspaceUrl(umbrella.subdomain, `/customers/companies/${encodeURIComponent(companyId)}`));
  await expect(page.getByTestId('warranties-panel')).toContainText('SN-1001');

  // the warranty is voided with a reason, then deleted and brought back
  await page.goto(workspaceUrl(umbrella.subdomain, '/repairs/warranties'));
  await page.getByRole('button', { name: 'Void: Barcode scanner SN-1001' }).click();
  const voiding = page.getByRole('dialog', { name: 'Void this warranty?' });
  await voiding.getByRole('textbox', { name: 'Why is it voided?' }).fill('Water damage');
  await voiding.getByRole('button', { name: 'Void' }).click();
  await expect(warranties).toContainText('Void');
  await expect(warranties).toContainText('Water damage');
  await page.getByRole('button', { name: 'Delete: Barcode scanner SN-1001' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText('No warranties match.')).toBeVisible();
  await page.getByTestId('undo-notice').getByRole('button', { name: 'Undo' }).click();
  await expect(warranties).toHaveCount(1);

  // a second warranty (the list shows it once created), then both to the bin at once and back with undo
  await page.getByRole('button', { name: 'New warranty' }).click();
  const secondDialog = page.getByRole('dialog', { name: 'New warranty' });
  await secondDialog.getByRole('combobox', { name: 'Company' }).selectOption({ label: 'Raccoon Retail' });
  await secondDialog.getByRole('combobox', { name: 'Product' }).selectOption({ label: 'Battery pack (BATT)' });
  await secondDialog.getByRole('textbox', { name: 'Serial number' }).fill('SN-2002');
  await secondDialog.getByRole('button', { name: 'Create' }).click();
  await expect(warranties).toHaveCount(2);
  await page.getByRole('checkbox', { name: 'Select every warranty shown' }).check();
  const bulk = page.getByTestId('bulk-actions');
  await expect(bulk).toContainText('2 selected');
  await expectAccessible(page, 'the warranties list with a selection');
  await bulk.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog', { name: 'Delete 2 warranties?' }).getByRole('button', { name: 'Delete 2 warranties' }).click();
  await expect(page.getByText('No warranties match.')).toBeVisible();
  const bulkNotice = page.getByTestId('undo-notice').filter({ hasText: '2 warranties deleted' });
  await bulkNotice.getByRole('button', { name: 'Undo' }).click();
  await expect(warranties).toHaveCount(2);
  await expect(bulk).toHaveCount(0);
});
