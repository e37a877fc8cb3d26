import { expect, test, type Page } from '@playwright/test';

import { account, api, expectAccessible, shoot, signUp, workspaceUrl } from './helpers';

// Quotes: a quote with two lines and a discount is built on a deal's page; the live totals (computed
// in the browser) are what the server computes; it is sent, accepted, opened as a PDF; its order is
// delivered in two steps on its page, then found in the orders list by status and exported; a second order is
// deleted with undo and comes back from the recycle bin, while the delivered one may not be deleted.
const stark = account('Stark Industries', 'stark', 'Pepper Potts');

async function seedCatalogue(page: Page): Promise<string> {
  const product = (sku: string, name: string) =>
    api(page, 'mutation ($input: CreateProductInput!) { createProduct(input: $input) { product { id } errors { message } } }', { sku, name }).then(
      (p) => (p.product as { id: string }).id,
    );
  const seat = await product('SEAT', 'Seat licence');
  const setup = await product('SETUP', 'Onboarding');
  const book = await api(page, 'mutation ($input: CreatePriceBookInput!) { createPriceBook(input: $input) { priceBook { id } errors { message } } }', { name: 'Standard USD', currency: 'USD' });
  const bookId = (book.priceBook as { id: string }).id;
  const setPrices = 'mutation ($input: SetPricesInput!) { setPrices(input: $input) { entries { id } errors { message } } }';
  await api(page, setPrices, { priceBookId: bookId, productId: seat, tiers: [{ minQuantity: '0', unitPrice: '100' }, { minQuantity: '10', unitPrice: '90' }] });
  await api(page, setPrices, { priceBookId: bookId, productId: setup, tiers: [{ minQuantity: '0', unitPrice: '1999.99' }] });
  const deal = await api(page, 'mutation ($input: CreateDealInput!) { createDeal(input: $input) { deal { id } errors { message } } }', { title: 'Armour upgrade', amount: { amount: '5000', currency: 'USD' } });
  return (deal.deal as { id: string }).id;
}

test('a quote with two lines and a discount: live totals match the server, accepted, its order listed', async ({ page }) => {
  await signUp(page, stark);
  const dealId = await seedCatalogue(page);
  await page.goto(workspaceUrl(stark.subdomain, `/sales/deals/${encodeURIComponent(dealId)}`));
  const panel = page.getByTestId('quote-panel');
  await expect(panel.getByRole('heading', { name: 'Quotes (0)' })).toBeVisible();

  await panel.getByRole('button', { name: 'New quote' }).click();
  await panel.getByLabel('Product, line 1').selectOption({ label: 'Seat licence (SEAT)' });
  await panel.getByLabel('Quantity, line 1').fill('12');
  await expect(panel.getByTestId('live-line-0')).toHaveText('1080.00'); // 12 seats take the 10+ tier: 90
  await panel.getByRole('button', { name: 'Add line' }).click();
  await panel.getByLabel('Product, line 2').selectOption({ label: 'Onboarding (SETUP)' });
  await panel.getByLabel('Discount %, line 2').fill('10');
  await expect(panel.getByTestId('live-line-1')).toHaveText('1799.99'); // 1799.991, rounded half up
  await panel.getByLabel('Quote discount %').fill('5');
  await panel.getByLabel('Tax rate %').fill('20');
  // 2879.99 − 144.00 (143.9995) + 547.20 (20 % of 2735.99) = 3283.19
  await expect(panel.getByTestId('live-subtotal')).toHaveText('$2,879.99');
  await expect(panel.getByTestId('live-discount')).toHaveText('$144.00');
  await expect(panel.getByTestId('live-tax')).toHaveText('$547.20');
  await expect(panel.getByTestId('live-total')).toHaveText('$3,283.19');
  await expectAccessible(page, 'the quote editor');
  await shoot(page, 'quote-editor');

  await panel.getByRole('button', { name: 'Save quote' }).click();
  const quote = panel.getByTestId('quote');
  await expect(quote).toHaveCount(1);
  await expect(quote.getByTestId('quote-total')).toHaveText('$3,283.19'); // the server's figure, in the interface language
  await expect(quote).toContainText('Q-1 v1 · Draft');

  const pdf = quote.getByRole('link', { name: 'Open Q-1 v1 as PDF' });
  const href = (await pdf.getAttribute('href')) ?? '';
  const opened = await page.evaluate(async (url) => {
    const answer = await fetch(url);
    const head = new TextDecoder().decode((await answer.arrayBuffer()).slice(0, 4));
    return { status: answer.status, type: answer.headers.get('content-type'), head };
  }, href);
  expect(opened).toEqual({ status: 200, type: 'application/pdf', head: '%PDF' });

  await quote.getByRole('button', { name: 'Send' }).click();
  await expect(quote).toContainText('Q-1 v1 · Sent');
  await quote.getByRole('button', { name: 'Accept' }).click();
  await expect(quote).toContainText('Q-1 v1 · Accepted');
  await quote.getByTestId('quote-order').click();

  // The order's page: deliveries line by line, the status follows.
  await expect(page.getByTestId('record-title')).toHaveText('O-1');
  await expect(page.getByTestId('order-status')).toHaveText('Open');
  await page.getByLabel('Deliver now: Seat licence').fill('20');
  await page.getByRole('button', { name: 'Record delivery' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'more than is left' })).toBeVisible();
  await page.getByLabel('Deliver now: Seat licence').fill('5');
  await page.getByRole('button', { name: 'Record delivery' }).click();
  await expect(page.getByTestId('order-status')).toHaveText('Partially fulfilled');
  await expect(page.getByTestId('order-line').first().getByTestId('line-delivered')).toHaveText('5');
  await expectAccessible(page, 'an order page');
  await shoot(page, 'order-page');
  await page.getByRole('button', { name: 'Fill in what is left' }).click();
  await expect(page.getByLabel('Deliver now: Seat licence')).toHaveValue('7');
  await page.getByRole('button', { name: 'Record delivery' }).click();
  await expect(page.getByTestId('order-status')).toHaveText('Fulfilled');
  await expect(page.getByRole('button', { name: 'Cancel order' })).toHaveCount(0);
  // Delivered, it is kept: Delete (asked first) says why and the page stays.
  await page.getByTestId('delete-record').click();
  await page.getByRole('dialog', { name: 'Delete O-1?' }).getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Delivered or billed orders stay on record: O-1 (deliveries).' })).toBeVisible();
  await expect(page.getByTestId('record-title')).toHaveText('O-1');

  // The list: the order as it is now, filtered by status, exported as shown.
  await page.getByRole('link', { name: 'All orders' }).click();
  const order = page.getByTestId('order');
  await expect(order).toHaveCount(1);
  await expect(order).toContainText('O-1');
  await expect(order).toContainText('Armour upgrade');
  await expect(order).toContainText('Fulfilled');
  await expect(order).toContainText('$3,283.19');
  await expect(order).toContainText('Seat licence: 12/12');
  await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Open' });
  await expect(page.getByTestId('record-count')).toHaveText('0 orders');
  await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Fulfilled' });
  await expect(order).toHaveCount(1);
  await page.getByTestId('export').click();
  const download = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'CSV' }).click();
  const { readFile } = await import('node:fs/promises');
  const lines = (await readFile((await (await download).path())!, 'utf8')).replace(/^\uFEFF/, '').trim().split(/\r\n/);
  expect(lines[0]).toBe('Order,Deal,Company,Status,Delivered,Total,Created');
  expect(lines.slice(1).map((line) => line.split(',').slice(0, 5).join(','))).toEqual(['O-1,Armour upgrade,,Fulfilled,Seat licence: 12/12; Onboarding: 1/1']);
  await expect(page.locator('[id$="-dropdown"]')).toHaveCount(0); // the export menu has closed
  await expectAccessible(page, 'the orders list');

  // A second order, made by mistake: deleted with undo, then to the recycle bin and back; the delivered O-1 stays.
  await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Any' });
  const found = await api(page, '{ products(first: 5) { edges { node { id sku } } } }', {});
  const seat = (found.edges as { node: { id: string; sku: string } }[]).find((e) => e.node.sku === 'SEAT')!.node.id;
  const made = await api(page, 'mutation ($input: CreateQuoteInput!) { createQuote(input: $input) { quote { id } errors { message } } }', { dealId, lines: [{ productId: seat, quantity: '1' }] });
  const second = { id: (made.quote as { id: string }).id };
  await api(page, 'mutation ($input: QuoteIdInput!) { sendQuote(input: $input) { quote { id } errors { message } } }', second);
  await api(page, 'mutation ($input: QuoteIdInput!) { acceptQuote(input: $input) { order { id } errors { message } } }', second);
  await page.reload();
  await expect(order).toHaveCount(2);
  await page.getByRole('button', { name: 'Delete: O-1' }).click();
  await page.getByRole('dialog', { name: 'Delete O-1?' }).getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText('Delivered or billed orders stay on record: O-1 (deliveries). Cancel them instead.')).toBeVisible();
  await expect(order).toHaveCount(2);
  await page.getByRole('button', { name: 'Delete: O-2' }).click();
  await page.getByRole('dialog', { name: 'Delete O-2?' }).getByRole('button', { name: 'Delete' }).click();
  await expect(order).toHaveCount(1);
  const notice = page.getByTestId('undo-notice');
  await expect(notice).toContainText('1 order deleted');
  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(order).toHaveCount(2);
  await page.getByRole('checkbox', { name: 'Select O-2' }).check();
  await page.getByTestId('bulk-actions').getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog', { name: 'Delete 1 order?' }).getByRole('button', { name: 'Delete order' }).click();
  await expect(order).toHaveCount(1);
  await page.getByRole('radiogroup', { name: 'Show' }).getByText('Recycle bin').click();
  await expect(page.getByRole('heading', { name: 'Deleted orders', level: 1 })).toBeVisible();
  const binned = page.getByTestId('orders-bin').getByTestId('deleted-row');
  await expect(binned).toHaveCount(1);
  await expect(binned).toContainText('O-2');
  await expectAccessible(page, 'the orders recycle bin');
  await page.getByRole('button', { name: 'Restore: O-2' }).click();
  await expect(page.getByText('Order restored')).toBeVisible();
  await expect(page.getByText('The recycle bin is empty.')).toBeVisible();
  await page.getByRole('radiogroup', { name: 'Show' }).getByText('Current').click();
  await expect(order).toHaveCount(2);
  // O-2 deleted from its own page (asked first): back on the list without it, and Undo brings it back.
  await page.getByRole('link', { name: 'O-2', exact: true }).click();
  await expect(page.getByTestId('record-title')).toHaveText('O-2');
  await page.getByTestId('delete-record').click();
  await expectAccessible(page, 'the order delete dialog');
  await page.getByRole('dialog', { name: 'Delete O-2?' }).getByRole('button', { name: 'Delete' }).click();
  await expect(page).toHaveURL(/\/catalog\/orders$/);
  const deleted = page.getByTestId('undo-notice').filter({ hasText: 'O-2 deleted.' }); // the list's notice may still show
  await expect(deleted).toBeVisible();
  await expect(order).toHaveCount(1);
  await deleted.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByText('Restored 1 record.')).toBeVisible();
  await page.reload();
  await expect(order).toHaveCount(2);

  await page.getByRole('link', { name: 'Products' }).click();
  await page.getByRole('link', { name: 'Seat licence' }).click();
  await expect(page.getByTestId('price-tiers')).toContainText('90.0000 USD');
  await expectAccessible(page, 'a product page');
});
