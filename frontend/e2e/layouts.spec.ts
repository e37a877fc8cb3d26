import { expect, test, type Page } from '@playwright/test';

import { account, api, expectAccessible, shoot, signUp, workspaceUrl } from './helpers';

// Record page layouts order a page's groups too, and bring an order's and an article's own fields under
// them: an order's custom field is edited in place on its page, then the owners' layout of orders puts the
// dates first; the owners' layout of articles puts the text first and leaves the category off, and the
// text edited there is still saved as a new version.
const wayne = account('Wayne Enterprises', 'wayne', 'Lucius Fox');

const fieldGroups = (page: Page) => page.getByTestId('record-fields').locator('[data-testid^="field-group-"]');

async function newOrder(page: Page): Promise<string> {
  const created = (query: string, input: Record<string, unknown>, key: string) => api(page, query, input).then((p) => (p[key] as { id: string }).id);
  const product = await created('mutation ($input: CreateProductInput!) { createProduct(input: $input) { product { id } errors { message } } }', { sku: 'CAPE', name: 'Cape' }, 'product');
  const book = await created('mutation ($input: CreatePriceBookInput!) { createPriceBook(input: $input) { priceBook { id } errors { message } } }', { name: 'USD', currency: 'USD' }, 'priceBook');
  await api(page, 'mutation ($input: SetPricesInput!) { setPrices(input: $input) { entries { id } errors { message } } }', { priceBookId: book, productId: product, tiers: [{ minQuantity: '0', unitPrice: '250' }] });
  const deal = await created('mutation ($input: CreateDealInput!) { createDeal(input: $input) { deal { id } errors { message } } }', { title: 'Capes for the board', amount: { amount: '500', currency: 'USD' } }, 'deal');
  const quote = await created('mutation ($input: CreateQuoteInput!) { createQuote(input: $input) { quote { id } errors { message } } }', { dealId: deal, lines: [{ productId: product, quantity: '2' }] }, 'quote');
  await api(page, 'mutation ($input: QuoteIdInput!) { sendQuote(input: $input) { quote { id } errors { message } } }', { id: quote });
  const accepted = await api(page, 'mutation ($input: QuoteIdInput!) { acceptQuote(input: $input) { order { id } errors { message } } }', { id: quote });
  return (accepted.order as { id: string }).id;
}

async function openLayouts(page: Page, type: string) {
  await page.goto(workspaceUrl(wayne.subdomain, '/settings'));
  await page.getByRole('tab', { name: 'Layouts' }).click();
  await page.getByRole('combobox', { name: 'Record type' }).selectOption({ label: type });
  await page.getByRole('combobox', { name: 'Role' }).selectOption('owner');
}

test('an order’s custom field in place; layouts order the groups of the order page and lay out an article’s versioned text', async ({ page }) => {
  test.setTimeout(120_000);
  await signUp(page, wayne);
  await api(page, 'mutation ($input: DefineCustomFieldInput!) { defineCustomField(input: $input) { customFieldDefinition { id } errors { message } } }', {
    type: 'Order',
    key: 'po_number',
    label: 'PO number',
    fieldType: 'TEXT',
    maxValue: 12,
  });
  const orderId = await newOrder(page);
  const orderUrl = workspaceUrl(wayne.subdomain, `/catalog/orders/${encodeURIComponent(orderId)}`);

  // In place: a value too long is refused next to the field and rolled back; a good one stays after a reload.
  await page.goto(orderUrl);
  await expect(page.getByTestId('order-status')).toHaveText('Open');
  const fields = page.getByTestId('record-fields');
  await fields.getByRole('button', { name: 'Edit PO number: —' }).click();
  await page.getByRole('textbox', { name: 'PO number' }).fill('PO-2026-000001');
  await page.keyboard.press('Enter');
  await expect(fields.getByRole('alert')).toBeVisible();
  await expect(page.locator('dd[data-field="customFields.po_number"]')).toContainText('—');
  await fields.getByRole('button', { name: 'Edit PO number: —' }).click();
  await page.getByRole('textbox', { name: 'PO number' }).fill('PO-2026-1');
  await page.keyboard.press('Enter');
  await expect(page.locator('dd[data-field="customFields.po_number"]')).toHaveText('PO-2026-1');
  await page.reload();
  await expect(page.locator('dd[data-field="customFields.po_number"]')).toHaveText('PO-2026-1');
  await expect(fieldGroups(page)).toHaveCount(3);
  await expect(fieldGroups(page).first()).toHaveAttribute('data-testid', 'field-group-details');

  // The owners' layout of orders: dates first, then the custom fields, then the details.
  await openLayouts(page, 'Orders');
  const groups = page.getByTestId('layout-groups').locator('tr > td:first-child');
  await expect(groups).toHaveText(['Details', 'Dates', 'Custom fields']);
  await page.getByRole('button', { name: 'Move Details down' }).click();
  await page.getByRole('button', { name: 'Move Details down' }).click();
  await expect(groups).toHaveText(['Dates', 'Custom fields', 'Details']);
  await page.getByRole('button', { name: 'Save layout' }).click();
  await expect(page.getByText('Layout saved.')).toBeVisible();
  await expectAccessible(page, 'settings: layouts with the group order');
  await page.reload();
  await page.getByRole('tab', { name: 'Layouts' }).click();
  await page.getByRole('combobox', { name: 'Record type' }).selectOption({ label: 'Orders' });
  await page.getByRole('combobox', { name: 'Role' }).selectOption('owner');
  await expect(page.getByTestId('layout-groups').locator('tr > td:first-child')).toHaveText(['Dates', 'Custom fields', 'Details']);

  await page.goto(orderUrl);
  await expect(page.getByTestId('order-status')).toHaveText('Open');
  await expect(fieldGroups(page).nth(0)).toHaveAttribute('data-testid', 'field-group-dates');
  await expect(fieldGroups(page).nth(1)).toHaveAttribute('data-testid', 'field-group-custom-fields');
  await expect(fieldGroups(page).nth(2)).toHaveAttribute('data-testid', 'field-group-details');
  await expectAccessible(page, 'order page laid out, custom field editable');

  // An article: its text first, its category left off; the text is still edited as a draft and saved as a version.
  const article = await api(page, 'mutation ($input: CreateArticleInput!) { createArticle(input: $input) { article { id } errors { message } } }', { title: 'Cleaning the cape', category: 'Care' });
  const articleUrl = workspaceUrl(wayne.subdomain, `/service/articles/${encodeURIComponent((article.article as { id: string }).id)}`);
  await openLayouts(page, 'Knowledge base articles');
  const row = (field: string) => page.getByTestId('layout-fields').locator('tr', { has: page.locator('code', { hasText: new RegExp(`^${field}$`) }) });
  await row('category').getByRole('checkbox', { name: 'Leave off' }).check();
  const up = page.getByRole('button', { name: 'Move body up' });
  while (await up.isEnabled()) await up.click();
  await page.getByRole('button', { name: 'Save layout' }).click();
  await expect(page.getByText('Layout saved.')).toBeVisible();

  await page.goto(articleUrl);
  await expect(page.getByTestId('article-title')).toHaveText('Cleaning the cape');
  const content = page.getByTestId('field-group-content');
  await expect(content.locator('dd[data-field]')).toHaveCount(2);
  await expect(content.locator('dd[data-field]').first()).toHaveAttribute('data-field', 'body');
  await expect(page.locator('dd[data-field="category"]')).toHaveCount(0);
  await page.getByLabel('Text', { exact: true }).fill('Cold water, **no** bleach.');
  await expect(page.getByText('Unsaved changes')).toBeVisible();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('article-notice')).toHaveText('Saved as version 2');
  await expect(page.getByTestId('article-version')).toHaveCount(2);
  await expectAccessible(page, 'article laid out by a layout');
  await shoot(page, 'article-laid-out');
});
