import { expect, test, type Page } from '@playwright/test';

import { account, expectAccessible, shoot, signUp, workspaceUrl } from './helpers';

// Bulk import: 1,000 contacts from a CSV with 5 bad rows. The dry run names the 5 rows; the fixed
// file is imported (live progress, then the result), the contacts are in the list; the import is
// undone and they are gone. The wizard passes axe at each step.
const stark = account('Stark Imports', 'imports', 'Pepper Potts');
const TOTAL = 1000;
const BAD_ROWS = [17, 250, 501, 777, 1000]; // data rows (1-based); the spreadsheet row is one more
const SURNAME = 'Importsmith';

function contactsCsv(fixed: boolean): Buffer {
  const lines = ['First name,Last name,Email,Birthday'];
  for (let i = 1; i <= TOTAL; i++) {
    const birthday = !fixed && BAD_ROWS.includes(i) ? 'someday' : `1990-01-${String((i % 28) + 1).padStart(2, '0')}`;
    lines.push(`Ada${i},${SURNAME},ada${i}@import.example.com,${birthday}`);
  }
  return Buffer.from(lines.join('\n') + '\n', 'utf-8');
}

async function upload(page: Page, name: string, fixed: boolean): Promise<void> {
  await page.getByLabel('File (CSV or XLSX)').setInputFiles({ name, mimeType: 'text/csv', buffer: contactsCsv(fixed) });
  await page.getByRole('button', { name: 'Upload' }).click();
  await expect(page.getByTestId('import-file-summary')).toHaveText(`${name}: 1,000 rows`);
}

test.describe.configure({ mode: 'serial' });

test('import 1,000 contacts: dry-run errors per row, fix and import, see them, undo', async ({ page }) => {
  test.setTimeout(180_000);
  await signUp(page, stark);

  // From the contacts list to the wizard.
  await page.goto(workspaceUrl(stark.subdomain, '/customers/contacts'));
  await page.getByTestId('contact-list-active').getByRole('link', { name: 'Import' }).click();
  await expect(page).toHaveURL(/\/imports\?type=Contact/);
  await expect(page.getByRole('heading', { name: 'Import records' })).toBeVisible();
  await expectAccessible(page, 'import wizard: upload');

  // The bad file: the columns are suggested from the headers; the dry run names the 5 bad rows.
  await upload(page, 'contacts.csv', false);
  const table = page.getByTestId('mapping-table');
  await expect(table.getByRole('textbox', { name: 'Field for column Email' })).toHaveValue('E-mail');
  await expect(table.getByRole('textbox', { name: 'Field for column Birthday' })).toHaveValue('Birthday');
  await expectAccessible(page, 'import wizard: mapping');
  await page.getByLabel('Save this mapping as').fill('Contacts CSV');
  await page.getByRole('button', { name: 'Save mapping' }).click();
  await expect(page.getByText('Mapping “Contacts CSV” saved')).toBeVisible();

  await page.getByRole('button', { name: 'Check the rows (dry run)' }).click();
  const checked = page.getByTestId('dry-run-result');
  await expect(checked.getByTestId('import-error-count')).toHaveText('5 rows with errors');
  await expect(checked.getByText('995 would be created')).toBeVisible();
  const errors = checked.getByTestId('row-error');
  await expect(errors).toHaveCount(5);
  for (const [i, row] of BAD_ROWS.entries()) {
    await expect(errors.nth(i).getByRole('cell').first()).toHaveText(String(row + 1));
    await expect(errors.nth(i)).toContainText('Birthday');
  }
  await expectAccessible(page, 'import wizard: dry run');
  await shoot(page, 'imports-dry-run');

  // Fix the file, upload it again with the saved mapping, import it.
  await page.getByRole('button', { name: 'Start over' }).click();
  await upload(page, 'contacts-fixed.csv', true);
  await page.getByRole('textbox', { name: 'Saved mappings' }).click();
  await page.getByRole('option', { name: 'Contacts CSV' }).click();
  await page.getByRole('button', { name: 'Import now' }).click();
  const result = page.getByTestId('import-result');
  await expect(result.getByRole('heading', { name: 'contacts-fixed.csv imported' })).toBeVisible({ timeout: 60_000 });
  await expect(result.getByText('1,000 created')).toBeVisible();
  await expect(result.getByTestId('import-error-count')).toHaveText('0 rows with errors');
  await expectAccessible(page, 'import wizard: result');

  // The contacts are in the list.
  await result.getByRole('link', { name: 'Open Contacts' }).click();
  const list = page.getByTestId('contact-list-active');
  await expect(list.getByTestId('load-more')).toContainText(`Showing 100 of ${TOTAL}`);
  await list.getByRole('searchbox', { name: 'Search' }).fill('ada777@import.example.com');
  await expect(list.getByRole('link', { name: `Ada777 ${SURNAME}` })).toBeVisible();

  // Undo the last import (asked first): the contacts are gone.
  await page.goto(workspaceUrl(stark.subdomain, '/imports?type=Contact'));
  const last = page.getByTestId('last-import');
  await expect(last).toContainText('contacts-fixed.csv: 1,000 created');
  await last.getByRole('button', { name: 'Undo last import' }).click();
  const confirm = page.getByRole('dialog', { name: 'Undo this import?' });
  await expectAccessible(page, 'import wizard: undo');
  await confirm.getByRole('button', { name: 'Undo import' }).click();
  await expect(page.getByText('Import undone')).toBeVisible();
  await expect(last).toContainText('contacts-fixed.csv: undone.');

  await page.goto(workspaceUrl(stark.subdomain, '/customers/contacts'));
  await expect(page.getByTestId('contact-list-active').getByText('Nothing here yet.')).toBeVisible();
  await expect(page.getByRole('link', { name: `Ada777 ${SURNAME}` })).toHaveCount(0);
});
