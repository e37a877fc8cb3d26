import { expect, test, type Page } from '@playwright/test';

import { account, api, expectAccessible, shoot, signUp, workspaceUrl } from './helpers';

// Invoices: an accepted quote's order is invoiced from the deal page, the invoice is issued, a partial
// payment moves it to "Partially paid" and the customer's outstanding balance down, then the rest pays it.
const soylent = account('Soylent Billing', 'soylent-invoices', 'Sol Roth');

const id = (payload: Record<string, unknown>, key: string) => (payload[key] as { id: string }).id;

/** A customer, a deal of theirs with an accepted quote (12 seats at 90, VAT 20 %: 1,296.00) and so an order. */
async function seedOrder(page: Page): Promise<{ dealId: string; companyId: string }> {
  const companyId = id(await api(page, 'mutation ($input: CreateCompanyInput!) { createCompany(input: $input) { company { id } errors { message } } }', { name: 'Tessier-Ashpool' }), 'company');
  const seat = id(await api(page, 'mutation ($input: CreateProductInput!) { createProduct(input: $input) { product { id } errors { message } } }', { sku: 'SEAT', name: 'Seat licence' }), 'product');
  const book = id(await api(page, 'mutation ($input: CreatePriceBookInput!) { createPriceBook(input: $input) { priceBook { id } errors { message } } }', { name: 'Standard USD', currency: 'USD' }), 'priceBook');
  await api(page, 'mutation ($input: SetPricesInput!) { setPrices(input: $input) { entries { id } errors { message } } }', { priceBookId: book, productId: seat, tiers: [{ minQuantity: '0', unitPrice: '90' }] });
  const dealId = id(
    await api(page, 'mutation ($input: CreateDealInput!) { createDeal(input: $input) { deal { id } errors { message } } }', { title: 'Orbital seats', amount: { amount: '1296', currency: 'USD' }, companyId }),
    'deal',
  );
  const quote = id(
    await api(page, 'mutation ($input: CreateQuoteInput!) { createQuote(input: $input) { quote { id } errors { message } } }', { dealId, lines: [{ productId: seat, quantity: '12' }], taxes: [{ name: 'VAT', rate: '20' }] }),
    'quote',
  );
  await api(page, 'mutation ($input: QuoteIdInput!) { sendQuote(input: $input) { quote { id } errors { message } } }', { id: quote });
  await api(page, 'mutation ($input: QuoteIdInput!) { acceptQuote(input: $input) { order { id } errors { message } } }', { id: quote });
  return { dealId, companyId };
}

test('invoice an order, issue it, a partial payment then the rest: status and outstanding balance follow', async ({ page }) => {
  await signUp(page, soylent);
  const { dealId, companyId } = await seedOrder(page);

  await page.goto(workspaceUrl(soylent.subdomain, `/sales/deals/${encodeURIComponent(dealId)}`));
  const orders = page.getByTestId('order-invoices');
  await expect(orders).toContainText('Order O-1');
  await orders.getByRole('button', { name: 'Invoice this order' }).click();

  await expect(page).toHaveURL(/\/invoices\/[^/]+$/);
  await expect(page.getByTestId('invoice-title')).toHaveText('Draft');
  await expect(page.getByTestId('invoice-total')).toContainText('1,296.00');
  // the draft's lines are editable, with live totals computed as the server does
  await page.getByLabel('Qty 1').fill('10');
  await expect(page.getByTestId('invoice-total')).toContainText('1,080.00');
  await page.getByLabel('Qty 1').fill('12');
  await expect(page.getByTestId('invoice-total')).toContainText('1,296.00');
  await expectAccessible(page, 'a draft invoice');

  await page.getByRole('button', { name: 'Issue invoice' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Issue invoice' }).click();
  await expect(page.getByTestId('invoice-title')).toHaveText('INV-00001');
  await expect(page.getByTestId('invoice-status')).toHaveText('Issued');
  await expect(page.getByTestId('invoice-balance')).toContainText('1,296.00');

  await page.getByRole('button', { name: 'Record payment' }).click();
  const dialog = page.getByRole('dialog', { name: 'Record payment' });
  await dialog.getByLabel('Amount').fill('2000');
  await dialog.getByLabel('Reference').fill('wire 42');
  await dialog.getByRole('button', { name: 'Record' }).click();
  await expect(dialog).toContainText('1296.00 USD is outstanding'); // overpayment refused
  await dialog.getByLabel('Amount').fill('500');
  await dialog.getByRole('button', { name: 'Record' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('invoice-status')).toHaveText('Partially paid');
  await expect(page.getByTestId('invoice-paid')).toContainText('500.00');
  await expect(page.getByTestId('invoice-balance')).toContainText('796.00');
  await expect(page.getByTestId('payment')).toContainText('wire 42');
  await expectAccessible(page, 'an invoice with a payment');
  await shoot(page, 'invoice');

  await page.goto(workspaceUrl(soylent.subdomain, `/customers/companies/${encodeURIComponent(companyId)}`));
  const balance = page.getByTestId('balance-panel');
  await expect(balance.getByTestId('balance-outstanding')).toContainText('796.00');
  await expect(balance.getByTestId('outstanding-balance')).toHaveText('Outstanding balance: $796.00');
  await balance.getByRole('link', { name: 'INV-00001' }).click();

  await page.getByRole('button', { name: 'Record payment' }).click();
  await expect(page.getByRole('dialog', { name: 'Record payment' }).getByLabel('Amount')).toHaveValue('796.00');
  await page.getByRole('dialog', { name: 'Record payment' }).getByRole('button', { name: 'Record' }).click();
  await expect(page.getByTestId('invoice-status')).toHaveText('Paid');
  await expect(page.getByTestId('invoice-balance')).toContainText('0.00');
  await expect(page.getByTestId('payment')).toHaveCount(2);

  await page.getByRole('link', { name: 'Invoices' }).first().click();
  await expect(page.getByTestId('invoice-row')).toHaveCount(1);
  await expect(page.getByTestId('invoice-row')).toContainText('Paid');
  await page.getByLabel('Overdue only').check();
  await expect(page.getByTestId('filter-chips')).toContainText('Overdue only');
  await expect(page.getByText('No invoices match.')).toBeVisible();
  await expectAccessible(page, 'the invoices list');
});

test('a draft is deleted with undo, an issued invoice only voided; the export has the balance due', async ({ page }) => {
  const initech = account('Initech Billing', 'initech-invoices', 'Bill Lumbergh');
  await signUp(page, initech);
  const companyId = id(await api(page, 'mutation ($input: CreateCompanyInput!) { createCompany(input: $input) { company { id } errors { message } } }', { name: 'Initrode' }), 'company');
  const line = { description: 'Consulting', quantity: '2', unitPrice: '150' };
  const invoice = (input: Record<string, unknown>) => api(page, 'mutation ($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { id } errors { message } } }', input);
  const issuedId = id(await invoice({ companyId, lines: [line] }), 'invoice');
  await api(page, 'mutation ($input: InvoiceIdInput!) { issueInvoice(input: $input) { invoice { id } errors { message } } }', { id: issuedId });
  const draftId = id(await invoice({ companyId, lines: [line], notes: 'Second thoughts' }), 'invoice');

  await page.goto(workspaceUrl(initech.subdomain, `/invoices/${encodeURIComponent(draftId)}`));
  await expect(page.getByTestId('invoice-title')).toHaveText('Draft');
  await page.getByRole('button', { name: 'Delete draft' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete draft' }).click();
  await expect(page).toHaveURL(/\/invoices$/);
  await expect(page.getByTestId('invoice-row')).toHaveCount(1);
  const notice = page.getByTestId('undo-notice');
  await expect(notice).toContainText('Draft deleted');
  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByTestId('invoice-row')).toHaveCount(2);

  // an issued invoice offers void, not delete
  await page.goto(workspaceUrl(initech.subdomain, `/invoices/${encodeURIComponent(issuedId)}`));
  await expect(page.getByTestId('invoice-title')).toHaveText('INV-00001');
  await expect(page.getByRole('button', { name: 'Void' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Delete draft' })).toHaveCount(0);

  await page.goto(workspaceUrl(initech.subdomain, `/customers/companies/${encodeURIComponent(companyId)}`));
  await expect(page.getByTestId('outstanding-balance')).toHaveText('Outstanding balance: $300.00');

  await page.goto(workspaceUrl(initech.subdomain, '/invoices'));
  await page.getByTestId('export').click();
  const href = await page.getByRole('menuitem', { name: /CSV/ }).getAttribute('href');
  const csv = await page.evaluate(async (url) => (await fetch(url!)).text(), href);
  expect(csv.split('\n')[0]).toContain('Balance due');
  expect(csv).toContain('INV-00001');
});
