import { expect, test, type Page } from '@playwright/test';

import { account, expectAccessible, shoot, signUp, workspaceUrl } from './helpers';

// Offline reading: record pages opened online are saved on the device (IndexedDB) and shown,
// read-only and flagged, when the network is gone; a record never opened says so.
const cyberdyne = account('Cyberdyne Systems', 'cyberdyne', 'Miles Dyson');

/** How many records this origin keeps for offline reading (0 before the store exists). */
async function savedRecords(page: Page): Promise<number> {
  return page.evaluate(async () => {
    // Never create the database here: the app creates it with its object store.
    if (!(await indexedDB.databases()).some((d) => d.name === 'crm-offline')) return 0;
    return new Promise<number>((resolve, reject) => {
      const open = indexedDB.open('crm-offline');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains('recent-records')) {
          db.close();
          resolve(0);
          return;
        }
        const count = db.transaction('recent-records').objectStore('recent-records').count();
        count.onsuccess = () => {
          db.close();
          resolve(count.result);
        };
        count.onerror = () => reject(count.error);
      };
    });
  });
}

async function addContact(page: Page, first: string, last: string, email: string): Promise<void> {
  await page.getByRole('button', { name: 'Add contact' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add contact' });
  await dialog.getByRole('textbox', { name: 'First name' }).fill(first);
  await dialog.getByRole('textbox', { name: 'Last name' }).fill(last);
  await dialog.getByRole('textbox', { name: 'Email' }).fill(email);
  await dialog.getByRole('button', { name: 'Create contact' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('link', { name: `${first} ${last}` })).toBeVisible();
}

test('a contact opened online can be read offline; one never opened says so', async ({ page, context }) => {
  await signUp(page, cyberdyne);
  await page.goto(workspaceUrl(cyberdyne.subdomain, '/customers/companies'));
  await page.getByRole('button', { name: 'New company' }).click();
  const dialog = page.getByRole('dialog', { name: 'New company' });
  await dialog.getByRole('textbox', { name: 'Company name' }).fill('Skynet Labs');
  await dialog.getByRole('button', { name: 'Create company' }).click();
  await expect(page.getByTestId('record-title')).toHaveText('Skynet Labs');
  await page.getByRole('tab', { name: /Contacts/ }).click();
  await addContact(page, 'Sarah', 'Connor', 'sarah@skynet.example.com');
  await addContact(page, 'Kyle', 'Reese', 'kyle@skynet.example.com');

  // Open Sarah (saved on the device), then go back to the company.
  await page.getByRole('link', { name: 'Sarah Connor' }).click();
  await expect(page.getByTestId('record-title')).toHaveText('Sarah Connor');
  await expect.poll(() => savedRecords(page)).toBe(2); // the company and Sarah
  await page.goBack();
  await expect(page.getByTestId('record-title')).toHaveText('Skynet Labs');

  // The service worker controls the page (it precached the app shell on install).
  await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);

  // The network goes away: the company page falls back to its saved copy at once.
  await context.setOffline(true);
  await expect(page.getByTestId('offline-banner')).toContainText('Offline — showing the copy saved');
  await page.getByRole('tab', { name: /Contacts/ }).click();
  await expect(page.getByRole('button', { name: 'Add contact' })).toHaveCount(0);

  // Sarah, opened by a click (no reload): her saved copy, read-only, with the banner.
  await page.getByRole('link', { name: 'Sarah Connor' }).click();
  await expect(page.getByTestId('record-title')).toHaveText('Sarah Connor');
  await expect(page.getByTestId('offline-banner')).toHaveText(/^Offline — showing the copy saved (just now|1 minute ago)\./);
  await expect(page.getByText('sarah@skynet.example.com')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Log' })).toHaveCount(0);
  await expect(page.getByRole('tab', { name: 'Duplicates' })).toHaveCount(0);
  // One banner only: the shell's, saying which copy is shown.
  await expect(page.getByRole('status').filter({ hasText: /offline/i })).toHaveCount(1);
  await expectAccessible(page, 'contact page offline');
  await shoot(page, 'contact-offline');

  // Reloading with no network: the service worker's shell starts the app, the session saved on
  // this device signs the member in, and the page shows the saved copy (no "Cannot reach the server").
  await page.reload();
  await expect(page.getByTestId('record-title')).toHaveText('Sarah Connor');
  await expect(page.getByTestId('offline-banner')).toContainText('Offline — showing the copy saved');
  await expect(page.getByText('sarah@skynet.example.com')).toBeVisible();
  await expect(page.getByText('Cannot reach the server')).toHaveCount(0);
  await expectAccessible(page, 'contact page reloaded offline');

  // A list offline: one friendly message, not "[Network] Failed to fetch".
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Contacts' }).click();
  // The record page's panels (tasks, attachments) have list errors of their own until it is gone.
  await expect(page.getByTestId('task-panel')).toHaveCount(0);
  await expect(page.getByTestId('list-error')).toContainText('You are offline, so this list cannot be loaded.');
  await expect(page.getByText('[Network]')).toHaveCount(0);
  await expectAccessible(page, 'contact list offline');

  // Home lists what was opened here, still offline; the company opens from there.
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Home' }).click();
  const recent = page.getByTestId('recently-viewed');
  await expect(recent.getByRole('link')).toHaveText(['Skynet Labs', 'Sarah Connor']); // newest first: the company was seen again after Sarah
  await expectAccessible(page, 'home offline, recently viewed');
  await recent.getByRole('link', { name: 'Skynet Labs' }).click();
  await expect(page.getByTestId('offline-banner')).toBeVisible();

  // Kyle was never opened here: a clear message, not "does not exist".
  await page.getByRole('tab', { name: /Contacts/ }).click();
  await page.getByRole('link', { name: 'Kyle Reese' }).click();
  await expect(page.getByTestId('offline-missing')).toContainText('You are offline and this record was not opened on this device before');
  await expectAccessible(page, 'record page offline, never saved');

  // Back online, the page asks the server again by itself.
  await context.setOffline(false);
  await expect(page.getByTestId('record-title')).toHaveText('Kyle Reese');
  await expect(page.getByTestId('offline-banner')).toHaveCount(0);
  await expect.poll(() => savedRecords(page)).toBe(3);

  // Logging out forgets every saved record.
  await page.getByRole('button', { name: /Account menu/ }).click();
  await page.getByRole('menuitem', { name: 'Log out' }).click();
  await page.waitForURL(workspaceUrl(cyberdyne.subdomain, '/login'));
  await expect.poll(() => savedRecords(page)).toBe(0);
});
