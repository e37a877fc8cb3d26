import { expect, test, type Page } from '@playwright/test';

import { account, expectAccessible, logIn, shoot, signUp, workspaceUrl } from './helpers';

// A day of record work on a list of 250 companies (issue 12): paging past 100 rows, header sorting,
// search and filter chips, export of all 250 rows, editing in place (in a cell and on the record page,
// Enter saves, Esc cancels, a refused edit rolling back), select-all-matching bulk tagging, delete with
// undo, merge with a value picked per field, return to the pool with undo, the command menu reaching a
// record never loaded, and a saved record reloaded offline.
const wakanda = account('Wakanda Design Group', 'wakanda', 'Shuri Udaku');
const TOTAL = 250;
const STAGES = ['PROSPECT', 'ACTIVE', 'DORMANT', 'LOST'];
const nameOf = (i: number) => `Firm ${String(i).padStart(3, '0')}`;

/** 250 companies through the API, from the signed-in page (its session cookie), a few at a time. */
async function seedCompanies(page: Page): Promise<void> {
  const created = await page.evaluate(
    async ({ total, stages }) => {
      const mutation = `mutation ($input: CreateCompanyInput!) { createCompany(input: $input) { company { id } errors { message } } }`;
      let ok = 0;
      for (let start = 1; start <= total; start += 10) {
        const batch = Array.from({ length: Math.min(10, total - start + 1) }, (_, k) => start + k);
        const answers = await Promise.all(
          batch.map((i) =>
            fetch('/graphql/', {
              method: 'POST',
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({
                query: mutation,
                variables: {
                  input: { name: `Firm ${String(i).padStart(3, '0')}`, industry: i % 2 ? 'Textiles' : 'Mining', lifecycleStage: stages[i % 4], allowDuplicate: true },
                },
              }),
            }).then((r) => r.json()),
          ),
        );
        ok += answers.filter((a) => a.data?.createCompany?.company).length;
      }
      return ok;
    },
    { total: TOTAL, stages: STAGES },
  );
  expect(created).toBe(TOTAL);
}

/** Companies through the API (allowing duplicates); their ids in the order given. */
async function createCompanies(page: Page, inputs: Record<string, string>[]): Promise<string[]> {
  const ids = await page.evaluate(async (list) => {
    const mutation = `mutation ($input: CreateCompanyInput!) { createCompany(input: $input) { company { id } errors { message } } }`;
    const found: string[] = [];
    for (const input of list) {
      const answer = await fetch('/graphql/', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ query: mutation, variables: { input: { ...input, allowDuplicate: true } } }),
      }).then((r) => r.json());
      found.push(answer.data?.createCompany?.company?.id ?? '');
    }
    return found;
  }, inputs);
  expect(ids.every(Boolean)).toBe(true);
  return ids;
}

const rows = (page: Page) => page.getByTestId('records-table').locator('tbody tr');
const firstName = (page: Page) => rows(page).first().locator('td').nth(1);

test.describe.serial('record work', () => {
  test('a list of 250: load past row 100, sort from the header, search and filter chips', async ({ page }) => {
    test.setTimeout(180_000);
    await signUp(page, wakanda);
    await seedCompanies(page);
    await page.goto(workspaceUrl(wakanda.subdomain, '/customers/companies'));
    await expect(page.getByTestId('record-count')).toHaveText(`${TOTAL} records`);
    await expect(rows(page)).toHaveCount(100);
    await expect(page.getByTestId('load-more')).toContainText(`Showing 100 of ${TOTAL}`);

    // Sort by name from the header: ascending, then descending.
    await page.getByRole('button', { name: 'Sort by Name' }).click();
    await expect(page.getByRole('columnheader', { name: /Name/ }).first()).toHaveAttribute('aria-sort', 'ascending');
    await expect(firstName(page)).toHaveText(nameOf(1));
    await page.getByRole('button', { name: 'Sort by Name' }).click();
    await expect(firstName(page)).toHaveText(nameOf(TOTAL));

    // Shift-click adds Stage as a second key; a plain click on Stage sorts by it alone.
    await page.getByRole('button', { name: 'Sort by Stage' }).click({ modifiers: ['Shift'] });
    await expect(page.locator('th[data-column="lifecycleStage"]')).toHaveAttribute('aria-sort', 'ascending');
    await expect(page.locator('th[data-column="name"]')).toHaveAttribute('aria-sort', 'descending');

    // Row 101 and beyond: load more pages (the end of the list loads the next one too).
    await page.getByRole('button', { name: 'Sort by Name' }).click(); // plain click: name alone, ascending
    await expect(firstName(page)).toHaveText(nameOf(1));
    await page.getByRole('button', { name: 'Load more' }).click();
    // Scrolling to the button may already have loaded the page (the end of the list loads the next).
    await expect.poll(() => rows(page).count()).toBeGreaterThanOrEqual(200);
    await page.getByTestId('load-more').scrollIntoViewIfNeeded();
    await expect(rows(page)).toHaveCount(TOTAL);
    await expect(page.getByTestId('load-more')).toContainText(`Showing ${TOTAL} of ${TOTAL}`);
    const row137 = page.getByTestId('records-table').getByRole('link', { name: nameOf(137) });
    await row137.scrollIntoViewIfNeeded();
    await expect(row137).toBeVisible();
    await expect(rows(page).nth(200).locator('td').nth(1)).toHaveText(nameOf(201));

    // Open a record far down the list, then come Back: the same rows, sorted the same, scrolled to it.
    await row137.click();
    await expect(page.getByRole('heading', { name: nameOf(137) })).toBeVisible();
    await page.goBack();
    await expect(rows(page)).toHaveCount(TOTAL);
    await expect(page.locator('th[data-column="name"]')).toHaveAttribute('aria-sort', 'ascending');
    await expect(row137).toBeInViewport();

    // Search as you type (debounced), and Enter.
    const search = page.getByTestId('company-list-active').getByRole('searchbox', { name: 'Search' });
    await search.fill('Firm 137');
    await expect(page.getByTestId('record-count')).toHaveText('1 record');
    await search.fill('');
    await search.press('Enter');
    await expect(page.getByTestId('record-count')).toHaveText(`${TOTAL} records`);

    // A filter becomes a removable chip.
    await page.getByRole('textbox', { name: 'Lifecycle stage' }).click();
    await page.getByRole('option', { name: 'Active', exact: true }).click();
    await expect(page.getByTestId('chip-stage')).toHaveText('Lifecycle stage: Active');
    await expect(page.getByTestId('record-count')).toHaveText('63 records');
    await expectAccessible(page, 'companies list with a filter chip, sorted');
    await shoot(page, 'companies-250-sorted-filtered');
    await page.getByRole('button', { name: 'Remove filter Lifecycle stage: Active' }).click();
    await expect(page.getByTestId('filter-chips')).toHaveCount(0);
    await expect(page.getByTestId('record-count')).toHaveText(`${TOTAL} records`);

    // Export the whole list from the server: all 250 rows, sorted as shown, the columns shown.
    const csvDownload = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Export CSV' }).click();
    const csv = await csvDownload;
    expect(csv.suggestedFilename()).toBe('companies.csv');
    const { readFile } = await import('node:fs/promises');
    const lines = (await readFile((await csv.path())!, 'utf8')).replace(/^\uFEFF/, '').trim().split(/\r\n/);
    expect(lines).toHaveLength(1 + TOTAL);
    expect(lines[0]).toBe('Name,Industry,Stage,Owner,Tags,Created');
    expect(lines[1].startsWith(`${nameOf(1)},`)).toBe(true);
    expect(lines[TOTAL].startsWith(`${nameOf(TOTAL)},`)).toBe(true);
    const xlsxDownload = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Export XLSX' }).click();
    expect((await xlsxDownload).suggestedFilename()).toBe('companies.xlsx');
  });

  test('edit in place: a list cell, the record page, a refused edit rolls back', async ({ page }) => {
    await logIn(page, wakanda);
    await page.goto(workspaceUrl(wakanda.subdomain, '/customers/companies'));
    await page.getByRole('button', { name: 'Sort by Name' }).click();
    await expect(firstName(page)).toHaveText(nameOf(1));

    // In a list cell: Enter saves.
    await page.getByRole('button', { name: `Edit Industry — ${nameOf(1)}: Textiles` }).click();
    const cell = page.getByRole('textbox', { name: `Industry — ${nameOf(1)}` });
    await cell.fill('Vibranium');
    await cell.press('Enter');
    await expect(page.getByRole('button', { name: `Edit Industry — ${nameOf(1)}: Vibranium` })).toBeVisible();
    // Esc cancels.
    await page.getByRole('button', { name: `Edit Industry — ${nameOf(2)}: Mining` }).click();
    await page.getByRole('textbox', { name: `Industry — ${nameOf(2)}` }).fill('Nothing');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('button', { name: `Edit Industry — ${nameOf(2)}: Mining` })).toBeVisible();

    // On the record page: every field group, edits saved for good.
    await page.getByTestId('records-table').getByRole('link', { name: nameOf(1) }).click();
    await expect(page.getByTestId('record-title')).toHaveText(nameOf(1));
    for (const group of ['Company', 'Classification', 'Ownership', 'Location', 'Record'])
      await expect(page.getByTestId('record-fields').getByRole('heading', { name: group })).toBeVisible();
    await expect(page.locator('dd[data-field="industry"]')).toHaveText('Vibranium');
    await page.getByRole('button', { name: 'Edit Phone: —' }).click();
    await page.getByRole('textbox', { name: 'Phone' }).fill('+27 11 555 0100');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: /^Edit Level: / }).click();
    await page.getByRole('combobox', { name: 'Level' }).selectOption({ label: 'Strategic' });
    await page.getByRole('button', { name: 'Save Level' }).click();
    await expect(page.locator('dd[data-field="level"]')).toHaveText('Strategic');
    // Saved (not only shown): nothing is waiting for the server any more.
    await expect(page.locator('[data-testid="record-fields"] [aria-busy="true"]')).toHaveCount(0);
    await page.reload();
    await expect(page.locator('dd[data-field="phone"]')).toContainText('27');
    await expect(page.locator('dd[data-field="level"]')).toHaveText('Strategic');

    // Refused by the server (a company needs a name): the old name comes back, the reason shows
    // next to the field.
    await page.getByRole('button', { name: `Edit Company name: ${nameOf(1)}` }).click();
    await page.getByRole('textbox', { name: 'Company name', exact: true }).fill('');
    await page.keyboard.press('Enter');
    const nameField = page.locator('dd[data-field="name"]');
    await expect(nameField.getByTestId('field-error')).toHaveText('This field is required.');
    await expect(nameField.getByTestId('inline-value')).toHaveText(nameOf(1));
    await expect(page.getByTestId('record-title')).toHaveText(nameOf(1));
    await expectAccessible(page, 'company page with a refused edit');
    await shoot(page, 'company-inline-edit-refused');
  });

  test('delete asks with the count and can be undone; tag all 250 matching', async ({ page }) => {
    test.setTimeout(180_000);
    await logIn(page, wakanda);
    await page.goto(workspaceUrl(wakanda.subdomain, '/customers/companies'));
    await page.getByRole('button', { name: 'Sort by Name' }).click();
    await expect(firstName(page)).toHaveText(nameOf(1));

    await page.getByRole('checkbox', { name: `Select ${nameOf(2)}` }).check();
    await page.getByRole('checkbox', { name: `Select ${nameOf(3)}` }).check();
    await page.getByTestId('bulk-actions').getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete 2 companies?' });
    await expect(confirm).toBeVisible();
    await expectAccessible(page, 'delete confirmation');
    await confirm.getByRole('button', { name: 'Delete 2 records' }).click();
    await expect(page.getByTestId('record-count')).toHaveText(`${TOTAL - 2} records`);
    const notice = page.getByTestId('undo-notice');
    await expect(notice).toContainText('Deleted 2 companies.');
    await notice.getByRole('button', { name: 'Undo' }).click();
    await expect(page.getByText('Restored 2 records.')).toBeVisible();
    await expect(page.getByTestId('record-count')).toHaveText(`${TOTAL} records`);
    await expect(page.getByTestId('records-table').getByRole('link', { name: nameOf(2) })).toBeVisible();

    // Select all 250 matching (only 100 are loaded) and tag them.
    await page.getByRole('checkbox', { name: 'Select all' }).check();
    await page.getByRole('button', { name: `Select all ${TOTAL} matching` }).click();
    await expect(page.getByTestId('all-matching')).toHaveText(`All ${TOTAL} matching records are selected.`);
    await page.getByTestId('bulk-actions').getByRole('button', { name: 'Tag' }).click();
    const dialog = page.getByRole('dialog', { name: 'Tag' });
    await dialog.getByRole('textbox', { name: 'Or a new tag' }).fill('Key account');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await expect(dialog).toBeHidden({ timeout: 60_000 });
    await page.getByRole('textbox', { name: 'Tag', exact: true }).click();
    await page.getByRole('option', { name: 'Key account', exact: true }).click();
    await expect(page.getByTestId('chip-tag')).toHaveText('Tag: Key account');
    await expect(page.getByTestId('record-count')).toHaveText(`${TOTAL} records`);
  });

  test('merge two records side by side, picking the value that survives per field', async ({ page }) => {
    await logIn(page, wakanda);
    // Two records of one company, each knowing something the other does not.
    const [keptId] = await createCompanies(page, [
      { name: 'Umbrella Holdings', industry: 'Pharmaceuticals', lifecycleStage: 'ACTIVE' },
      { name: 'Umbrella Holdings', industry: 'Biotech', phone: '+44 20 7946 0000', lifecycleStage: 'PROSPECT' },
    ]);
    await page.goto(workspaceUrl(wakanda.subdomain, `/customers/companies/${encodeURIComponent(keptId)}`));
    await expect(page.getByTestId('record-title')).toHaveText('Umbrella Holdings');
    await page.getByRole('tab', { name: 'Duplicates' }).click();
    await page.getByRole('button', { name: 'Merge Umbrella Holdings into this one' }).click();

    const dialog = page.getByRole('dialog', { name: 'Merge records' });
    const table = dialog.getByTestId('merge-dialog');
    // Only the fields that differ, both values side by side; by default the kept record's, its blanks filled.
    await expect(table.locator('tr[data-field="industry"]')).toBeVisible();
    await expect(table.locator('tr[data-field="name"]')).toHaveCount(0);
    await expect(dialog.getByRole('radio', { name: 'Industry: Pharmaceuticals' })).toBeChecked();
    await expect(dialog.getByRole('radio', { name: 'Phone: +44 20 7946 0000' })).toBeChecked();
    await expect(dialog.getByRole('radio', { name: 'Stage: Active' })).toBeChecked();
    await expectAccessible(page, 'merge dialog');
    await shoot(page, 'merge-dialog');
    // The member picks the other record's industry; the rest stays as proposed.
    await dialog.getByRole('radio', { name: 'Industry: Biotech' }).check();
    await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
    await expect(dialog).toBeHidden();

    await expect(page.locator('dd[data-field="industry"]')).toHaveText('Biotech');
    await expect(page.locator('dd[data-field="phone"]')).toContainText('7946');
    await expect(page.locator('dd[data-field="lifecycleStage"]')).toHaveText('Active');
    await page.getByRole('tab', { name: 'Duplicates' }).click();
    await expect(page.getByText('No likely duplicates.')).toBeVisible();
    // The other record is gone from the list; the kept one stays.
    await page.goto(workspaceUrl(wakanda.subdomain, '/customers/companies'));
    const search = page.getByTestId('company-list-active').getByRole('searchbox', { name: 'Search' });
    await search.fill('Umbrella');
    await search.press('Enter');
    await expect(page.getByTestId('record-count')).toHaveText('1 record');
  });

  test('return a record to the public pool, then undo', async ({ page }) => {
    await logIn(page, wakanda);
    await page.goto(workspaceUrl(wakanda.subdomain, '/customers/companies'));
    await page.getByRole('button', { name: 'Sort by Name' }).click();
    await page.getByTestId('records-table').getByRole('link', { name: nameOf(5) }).click();
    await expect(page.getByTestId('record-title')).toHaveText(nameOf(5));
    // Created by the owner without naming one, it sits in the pool: she takes it by editing the owner.
    const owner = page.locator('dd[data-field="owner"]');
    await expect(owner).toHaveText('Public pool');
    await expect(page.getByTestId('return-to-pool')).toHaveCount(0);
    await page.getByRole('button', { name: 'Edit Owner: Public pool' }).click();
    await page.getByRole('combobox', { name: 'Owner' }).selectOption({ label: wakanda.fullName });
    await page.getByRole('button', { name: 'Save Owner' }).click();
    await expect(owner).toHaveText(wakanda.fullName);

    await page.getByTestId('return-to-pool').click();
    const confirm = page.getByRole('dialog', { name: 'Return 1 record to the public pool?' });
    await expect(confirm).toBeVisible();
    await confirm.getByRole('button', { name: 'Return to pool' }).click();
    await expect(owner).toHaveText('Public pool');
    const notice = page.getByTestId('undo-notice').filter({ hasText: '1 record returned to the public pool.' });
    await expect(notice).toBeVisible();
    await expect(page.getByTestId('return-to-pool')).toHaveCount(0); // nobody's to return any more

    await notice.getByRole('button', { name: 'Undo' }).click();
    await expect(owner).toHaveText(wakanda.fullName);
    await expect(page.getByTestId('return-to-pool')).toBeVisible();
    // The pool holds nothing of it after the undo (the page asks the server).
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Public pool' }).click();
    await expect(page.getByRole('link', { name: nameOf(5) })).toHaveCount(0);
  });

  test('the command menu reaches a record never loaded; a saved record reloads offline', async ({ page, context }) => {
    await logIn(page, wakanda);
    await page.goto(workspaceUrl(wakanda.subdomain, '/customers/companies'));
    await expect(rows(page)).toHaveCount(100);
    // Row 240 is not on the loaded page: the menu finds it through the server's search.
    await page.keyboard.press('Control+k');
    const menu = page.getByRole('combobox', { name: /Command menu/ });
    await expect(menu).toBeFocused();
    await menu.fill(nameOf(240));
    await page.getByRole('listbox').getByRole('option', { name: new RegExp(nameOf(240)) }).click();
    await expect(page.getByTestId('record-title')).toHaveText(nameOf(240));
    await expect(page.locator('dd[data-field="industry"]')).toHaveText('Mining');

    // Opened online, so saved on the device: with no network, a reload shows the saved copy.
    await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
    await context.setOffline(true);
    await page.reload();
    await expect(page.getByTestId('record-title')).toHaveText(nameOf(240));
    await expect(page.getByTestId('offline-banner')).toContainText('Offline — showing the copy saved');
    await expect(page.locator('dd[data-field="industry"]')).toHaveText('Mining');
    await expect(page.getByText('Cannot reach the server')).toHaveCount(0);
    await context.setOffline(false);
    await expect(page.getByTestId('offline-banner')).toHaveCount(0);
  });
});
