import { expect, test, type Page } from '@playwright/test';

import { account, api, expectAccessible, shoot, signUp, workspaceUrl } from './helpers';

// Returns: an invoiced order's customer sends two seats back. The return is requested from the list's dialog,
// approved, received, inspected and refunded on its page; the refund issues a credit note and the customer's
// outstanding balance drops by it. More than is left to return is refused; the list filters, sorts, deletes
// and undoes (one row, a selection), shows a custom field as a sortable column, and its recycle bin restores;
// the company's page lists its returns.
const cyberdyne = account('Cyberdyne Returns', 'cyberdyne-returns', 'Miles Dyson');

const id = (payload: Record<string, unknown>, key: string) => (payload[key] as { id: string }).id;

/** A customer with an issued invoice of their order: 12 seats at 90, VAT 20 % (1,296.00). */
async function seedInvoicedOrder(page: Page): Promise<string> {
  const companyId = id(await api(page, 'mutation ($input: CreateCompanyInput!) { createCompany(input: $input) { company { id } errors { message } } }', { name: 'Skynet Logistics' }), 'company');
  const seat = id(await api(page, 'mutation ($input: CreateProductInput!) { createProduct(input: $input) { product { id } errors { message } } }', { sku: 'SEAT', name: 'Seat licence' }), 'product');
  const book = id(await api(page, 'mutation ($input: CreatePriceBookInput!) { createPriceBook(input: $input) { priceBook { id } errors { message } } }', { name: 'Standard USD', currency: 'USD' }), 'priceBook');
  await api(page, 'mutation ($input: SetPricesInput!) { setPrices(input: $input) { entries { id } errors { message } } }', { priceBookId: book, productId: seat, tiers: [{ minQuantity: '0', unitPrice: '90' }] });
  const dealId = id(await api(page, 'mutation ($input: CreateDealInput!) { createDeal(input: $input) { deal { id } errors { message } } }', { title: 'Seats', amount: { amount: '1296', currency: 'USD' }, companyId }), 'deal');
  const quote = id(await api(page, 'mutation ($input: CreateQuoteInput!) { createQuote(input: $input) { quote { id } errors { message } } }', { dealId, lines: [{ productId: seat, quantity: '12' }], taxes: [{ name: 'VAT', rate: '20' }] }), 'quote');
  await api(page, 'mutation ($input: QuoteIdInput!) { sendQuote(input: $input) { quote { id } errors { message } } }', { id: quote });
  const order = id(await api(page, 'mutation ($input: QuoteIdInput!) { acceptQuote(input: $input) { order { id } errors { message } } }', { id: quote }), 'order');
  const invoice = id(await api(page, 'mutation ($input: InvoiceOrderInput!) { invoiceOrder(input: $input) { invoice { id } errors { message } } }', { orderId: order }), 'invoice');
  await api(page, 'mutation ($input: InvoiceIdInput!) { issueInvoice(input: $input) { invoice { id } errors { message } } }', { id: invoice });
  return companyId;
}

test('a return goes from request to refund: the credit note lowers the balance; the list and company page follow', async ({ page }) => {
  test.setTimeout(120_000); // a long walk: request, receipt, refund, credit note, delete and restore; past 60 s on a loaded 2-core machine
  await signUp(page, cyberdyne);
  const companyId = await seedInvoicedOrder(page);

  await page.goto(workspaceUrl(cyberdyne.subdomain, '/returns'));
  await expect(page.getByRole('heading', { name: 'Returns', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'New return' }).click();
  const dialog = page.getByRole('dialog', { name: 'New return' });
  await dialog.getByRole('combobox', { name: 'Company' }).selectOption({ label: 'Skynet Logistics' });
  await dialog.getByRole('combobox', { name: 'Order' }).selectOption({ label: 'O-1' });
  await dialog.getByRole('textbox', { name: 'Return of Seat licence' }).fill('2');
  await dialog.getByRole('combobox', { name: 'Reason' }).selectOption({ label: 'Damaged' });
  await expectAccessible(page, 'the new return dialog');
  await dialog.getByRole('button', { name: 'Create' }).click();

  await expect(page.getByRole('heading', { name: 'RMA-1' })).toBeVisible();
  const status = page.getByTestId('return-status');
  await expect(status).toHaveText('Requested');
  await expect(page.getByTestId('refund-amount')).toContainText('216.00'); // 2 x 90 + 20 % VAT
  await expect(page.getByTestId('return-lines')).toContainText('Seat licence');
  await page.getByRole('button', { name: 'Approve', exact: true }).click();
  await expect(status).toHaveText('Approved');
  await page.getByRole('button', { name: 'Mark received' }).click();
  await expect(status).toHaveText('Received');
  await page.getByRole('button', { name: 'Mark inspected' }).click();
  await expect(status).toHaveText('Inspected');
  await page.getByRole('textbox', { name: 'Note (optional)' }).fill('Cracked cases confirmed');
  await page.getByRole('button', { name: 'Refund', exact: true }).click();
  await expect(status).toHaveText('Refunded');
  await expect(page.getByTestId('credit-note')).toContainText('INV-00002');
  await expect(page.getByTestId('credit-note')).toContainText('216.00');
  await expect(page.getByTestId('return-moves')).toHaveCount(0); // final: nothing more to do
  const history = page.getByTestId('status-history');
  await expect(history).toContainText('Refunded');
  await expect(history).toContainText('Cracked cases confirmed');
  await expectAccessible(page, 'a refunded return');
  await shoot(page, 'return-page');

  await page.goto(workspaceUrl(cyberdyne.subdomain, `/customers/companies/${encodeURIComponent(companyId)}`));
  await expect(page.getByTestId('outstanding-balance')).toHaveText('Outstanding balance: $1,080.00');
  const panel = page.getByTestId('returns-panel');
  await expect(panel).toContainText('RMA-1');
  await expect(panel).toContainText('Refunded');

  // more than is left to return is refused, with the reason under the line; then a possible one is made
  await panel.getByRole('button', { name: 'New return' }).click();
  const again = page.getByRole('dialog', { name: 'New return' });
  await again.getByRole('combobox', { name: 'Order' }).selectOption({ label: 'O-1' });
  await again.getByRole('textbox', { name: 'Return of Seat licence' }).fill('11');
  await again.getByRole('combobox', { name: 'Reason' }).selectOption({ label: 'Wrong item' });
  await again.getByRole('combobox', { name: 'Resolution' }).selectOption({ label: 'Replacement' });
  await again.getByRole('button', { name: 'Create' }).click();
  await expect(again).toContainText('At most 10 of Seat licence is left to return.');
  await again.getByRole('textbox', { name: 'Return of Seat licence' }).fill('1');
  await again.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('heading', { name: 'RMA-2' })).toBeVisible();

  await page.goto(workspaceUrl(cyberdyne.subdomain, '/returns'));
  const rows = page.getByTestId('return-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('RMA-2'); // newest first
  await page.getByRole('button', { name: 'Sort by Number' }).click();
  await expect(rows.first()).toContainText('RMA-1');
  await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Refunded' });
  await expect(page.getByTestId('filter-chips')).toContainText('Status: Refunded');
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText('Damaged');
  await expectAccessible(page, 'the returns list');
  await page.getByRole('button', { name: 'Remove filter Status: Refunded' }).click();
  await expect(rows).toHaveCount(2);

  await page.getByRole('button', { name: 'Delete: RMA-2' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(rows).toHaveCount(1);
  const notice = page.getByTestId('undo-notice');
  await expect(notice).toContainText('Return deleted');
  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(rows).toHaveCount(2);

  // the workspace's custom field is a column of the list, sortable
  await api(page, 'mutation ($input: DefineCustomFieldInput!) { defineCustomField(input: $input) { customFieldDefinition { id } errors { message } } }', {
    type: 'ReturnRequest',
    key: 'channel',
    label: 'Channel',
    fieldType: 'PICKLIST',
    choices: ['Web', 'Store'],
  });
  const hrefs = await rows.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  const ids = hrefs.map((href) => decodeURIComponent(href.split('/').pop() ?? ''));
  // RMA-1 is refunded (it changes no more): only the open RMA-2 gets a channel
  await api(page, 'mutation ($input: UpdateReturnRequestInput!) { updateReturnRequest(input: $input) { returnRequest { id } errors { message } } }', { id: ids[1], customFields: [{ key: 'channel', value: 'Store' }] });
  await page.reload();
  await expect(page.getByRole('columnheader', { name: /Channel/ })).toBeVisible();
  await page.getByRole('button', { name: 'Sort by Channel' }).click();
  await expect(rows.first()).toContainText('RMA-2');
  await expect(rows.first()).toContainText('Store');
  await expect(rows.last()).toContainText('RMA-1'); // no value: last

  // a selection to the recycle bin and back with undo; one deleted, then restored from the bin
  await page.getByRole('checkbox', { name: 'Select every return shown' }).check();
  const bulk = page.getByTestId('bulk-actions');
  await expect(bulk).toContainText('2 selected');
  await bulk.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog', { name: 'Delete 2 returns?' }).getByRole('button', { name: 'Delete 2 returns' }).click();
  await expect(rows).toHaveCount(0);
  await expect(notice).toContainText('2 returns deleted');
  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(rows).toHaveCount(2);
  await page.getByRole('checkbox', { name: 'Select RMA-1' }).check();
  await bulk.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog', { name: 'Delete 1 return?' }).getByRole('button', { name: 'Delete return' }).click();
  await expect(rows).toHaveCount(1);
  await page.getByRole('radiogroup', { name: 'Show' }).getByText('Recycle bin').click();
  const binned = page.getByTestId('returns-bin').getByTestId('deleted-row');
  await expect(binned).toHaveCount(1);
  await expect(binned).toContainText('RMA-1');
  await expectAccessible(page, 'the returns recycle bin');
  await page.getByRole('button', { name: 'Restore: RMA-1' }).click();
  await expect(page.getByText('Return restored')).toBeVisible();
  await expect(page.getByText('The recycle bin is empty.')).toBeVisible();
  await page.getByRole('radiogroup', { name: 'Show' }).getByText('Current').click();
  await expect(rows).toHaveCount(2);
});
