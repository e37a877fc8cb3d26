import { expect, test, type Page } from '@playwright/test';

import { account, expectAccessible, logIn, shoot, signUp, workspaceUrl } from './helpers';

// Keyboard: the command menu (Ctrl+K) jumps to a record by name and runs a module's action,
// j/k and Enter move through list rows, `?` lists the shortcuts; axe on the menu and the overlay.
const latveria = account('Latveria Robotics', 'latveria', 'Victor Vonnegut');
const NAMES = ['Keyboard Alpha', 'Keyboard Bravo', 'Keyboard Charlie'];

/** A few companies through the API, from the signed-in page (its session cookie). */
async function seedCompanies(page: Page, names: string[]): Promise<void> {
  const created = await page.evaluate(async (list) => {
    const mutation = `mutation ($input: CreateCompanyInput!) { createCompany(input: $input) { company { id } errors { message } } }`;
    let ok = 0;
    for (const name of list) {
      const answer = await fetch('/graphql/', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ query: mutation, variables: { input: { name, industry: 'Robotics', allowDuplicate: true } } }),
      }).then((r) => r.json());
      if (answer.data?.createCompany?.company) ok += 1;
    }
    return ok;
  }, names);
  expect(created).toBe(names.length);
}

const rows = (page: Page) => page.getByTestId('records-table').locator('tbody tr');
const focusedRow = (page: Page) => page.getByTestId('records-table').locator('tbody tr[data-focused="true"]');
const menu = (page: Page) => page.getByRole('combobox', { name: /Command menu/ });

test.describe.serial('keyboard', () => {
  test('Ctrl+K jumps to a record by name and runs "New company"', async ({ page }) => {
    await signUp(page, latveria);
    await seedCompanies(page, NAMES);

    // From the home page: Ctrl+K, type part of a name, the record comes from the global search.
    await page.keyboard.press('Control+k');
    await expect(menu(page)).toBeFocused();
    await expect(page.getByRole('option', { name: 'Companies', exact: true })).toBeVisible();
    await expectAccessible(page, 'command menu');
    await shoot(page, 'command-menu');
    await menu(page).fill('Bravo');
    const record = page.getByRole('listbox').getByRole('option', { name: /Keyboard Bravo/ });
    await expect(record).toBeVisible();
    await expect(record).toContainText('Company');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/customers\/companies\/[^/?]+$/);
    await expect(page.getByTestId('record-title')).toHaveText('Keyboard Bravo');
    await expect(menu(page)).toBeHidden();

    // An action a module declares: "New company" opens its dialog on the companies page.
    await page.keyboard.press('Control+k');
    await menu(page).fill('new comp');
    await expect(page.getByRole('option', { name: 'New company' })).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/customers\/companies$/);
    const dialog = page.getByRole('dialog', { name: 'New company' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel' }).first().click();
    await expect(dialog).toBeHidden();

    // A page by name; Esc closes the menu without going anywhere.
    await page.keyboard.press('Control+k');
    await menu(page).fill('contacts');
    await expect(page.getByRole('option', { name: 'Contacts', exact: true })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(menu(page)).toBeHidden();
    await expect(page).toHaveURL(/\/customers\/companies$/);
  });

  test('j/k and the arrows move through list rows, Enter opens one; not while typing', async ({ page }) => {
    await logIn(page, latveria);
    await page.goto(workspaceUrl(latveria.subdomain, '/customers/companies'));
    await expect(rows(page)).toHaveCount(NAMES.length);
    const names = await rows(page).locator('td:nth-child(2)').allTextContents();
    expect([...names].sort()).toEqual(NAMES);

    // Typing j and k into the search box types them; no row is picked.
    const search = page.getByTestId('company-list-active').getByRole('searchbox', { name: 'Search' });
    await search.click();
    await page.keyboard.type('jk');
    await expect(search).toHaveValue('jk');
    await expect(focusedRow(page)).toHaveCount(0);
    await search.fill('');
    await search.press('Enter');
    await expect(rows(page)).toHaveCount(NAMES.length);

    await page.getByRole('heading', { name: 'Companies', level: 1 }).click();
    await page.keyboard.press('j');
    await expect(focusedRow(page)).toContainText(names[0]);
    await expect(focusedRow(page)).toBeFocused();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await expect(focusedRow(page)).toContainText(names[2]);
    await page.keyboard.press('k');
    await expect(focusedRow(page)).toContainText(names[1]);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowDown');
    await expect(focusedRow(page)).toContainText(names[1]);
    await expect(focusedRow(page)).toBeFocused();
    await expectAccessible(page, 'companies list with a focused row');
    await shoot(page, 'list-row-focus');

    await page.keyboard.press('Enter');
    await expect(page.getByTestId('record-title')).toHaveText(names[1]);
  });

  test('? opens the shortcuts overlay', async ({ page }) => {
    await logIn(page, latveria);
    await page.keyboard.press('Shift+?');
    const overlay = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(overlay).toBeVisible();
    await expect(overlay.getByRole('cell', { name: 'Open the command menu' })).toBeVisible();
    await expect(overlay.getByRole('cell', { name: 'Next row' })).toBeVisible();
    await expect(overlay.getByRole('cell', { name: 'Open the highlighted row' })).toBeVisible();
    await expectAccessible(page, 'shortcuts overlay');
    await shoot(page, 'shortcuts-overlay');
    await page.keyboard.press('Escape');
    await expect(overlay).toBeHidden();

    // The header button opens the command menu for the mouse.
    await page.getByRole('button', { name: 'Command menu (Ctrl+K)' }).click();
    await expect(menu(page)).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(menu(page)).toBeHidden();

    // In 简体中文 the overlay speaks Chinese.
    await page.getByRole('button', { name: 'Language' }).click();
    await page.getByRole('menuitem', { name: '简体中文' }).click();
    await page.keyboard.press('Shift+?');
    await expect(page.getByRole('dialog', { name: '键盘快捷键' })).toBeVisible();
    await expect(page.getByRole('cell', { name: '打开命令菜单' })).toBeVisible();
  });
});
