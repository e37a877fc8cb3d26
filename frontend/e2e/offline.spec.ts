import { expect, test, type Page } from '@playwright/test';

import { account, expectAccessible, logIn, shoot, signUp, workspaceUrl } from './helpers';

// Offline mode on the change feed: the records opened here and the member's own are kept on the
// device (IndexedDB), kept current by `changes(since:)`, and shown when the network is gone; fields
// edited offline are queued and replayed with `expectedVersion` once back online, a conflict shown.
const cyberdyne = account('Cyberdyne Systems', 'cyberdyne', 'Miles Dyson');
const tyrell = account('Tyrell Corporation', 'tyrell', 'Eldon Tyrell');

/** How many entries a database of the offline store holds (0 before the app created it). */
async function storeCount(page: Page, name = 'crm-offline', store = 'records'): Promise<number> {
  return page.evaluate(
    async ([dbName, storeName]) => {
      // Never create the database here: the app creates it with its object store.
      if (!(await indexedDB.databases()).some((d) => d.name === dbName)) return 0;
      return new Promise<number>((resolve, reject) => {
        const open = indexedDB.open(dbName);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains(storeName)) {
            db.close();
            resolve(0);
            return;
          }
          const count = db.transaction(storeName).objectStore(storeName).count();
          count.onsuccess = () => {
            db.close();
            resolve(count.result);
          };
          count.onerror = () => reject(count.error);
        };
      });
    },
    [name, store],
  );
}
const savedRecords = (page: Page) => storeCount(page);

/** A contact of the company owned by nobody (in the pool), through the API as the signed-in member. */
async function addPoolContact(page: Page, companyId: string, first: string, last: string): Promise<void> {
  const errors = await page.evaluate(
    async ([company, firstName, lastName]) => {
      const answer = await fetch('/graphql/', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          query: 'mutation ($input: CreateContactInput!) { createContact(input: $input) { contact { id } errors { message } } }',
          variables: { input: { firstName, lastName, companyId: company, ownerId: null } },
        }),
      }).then((r) => r.json());
      return answer.data?.createContact?.errors ?? answer.errors;
    },
    [companyId, first, last],
  );
  expect(errors).toEqual([]);
}

/** Edit a field of the record page in place (click its value, type, Enter). */
async function editField(page: Page, label: string, value: string): Promise<void> {
  await page.getByRole('button', { name: new RegExp(`^Edit ${label}:`) }).click();
  const input = page.getByRole('textbox', { name: label, exact: true });
  await input.fill(value);
  await input.press('Enter');
}

const field = (page: Page, name: string) => page.locator(`dd[data-field="${name}"]`);

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

test('records opened online and my own can be read offline; one neither says so', async ({ page, context }) => {
  await signUp(page, cyberdyne);
  await page.goto(workspaceUrl(cyberdyne.subdomain, '/customers/companies'));
  await page.getByRole('button', { name: 'New company' }).click();
  const dialog = page.getByRole('dialog', { name: 'New company' });
  await dialog.getByRole('textbox', { name: 'Company name' }).fill('Skynet Labs');
  await dialog.getByRole('button', { name: 'Create company' }).click();
  await expect(page.getByTestId('record-title')).toHaveText('Skynet Labs');
  const companyId = decodeURIComponent(page.url().split('/').pop() ?? '');
  // John belongs to nobody (the pool): kept offline only once opened here.
  await addPoolContact(page, companyId, 'John', 'Connor');
  await page.reload();
  await page.getByRole('tab', { name: /Contacts/ }).click();
  await addContact(page, 'Sarah', 'Connor', 'sarah@skynet.example.com');
  await addContact(page, 'Kyle', 'Reese', 'kyle@skynet.example.com');

  // Open Sarah, then go back to the company.
  await page.getByRole('link', { name: 'Sarah Connor' }).click();
  await expect(page.getByTestId('record-title')).toHaveText('Sarah Connor');
  await page.goBack();
  await expect(page.getByTestId('record-title')).toHaveText('Skynet Labs');
  // Kept: the company and Sarah (opened), and Kyle (Miles's own, from the change feed); not John.
  await expect.poll(() => savedRecords(page), { timeout: 20_000 }).toBe(3);

  // The service worker controls the page (it precached the app shell on install).
  await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);

  // The network goes away: the company page falls back to its saved copy at once.
  await context.setOffline(true);
  await expect(page.getByTestId('offline-banner')).toContainText('Offline — showing the copy saved');
  await page.getByRole('tab', { name: /Contacts/ }).click();
  await expect(page.getByRole('button', { name: 'Add contact' })).toHaveCount(0);

  // Sarah, opened by a click (no reload): her saved copy, with the banner; nothing that needs the server.
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
  await expect(page.getByTestId('list-error')).toContainText('You are offline, so this list cannot be loaded. Records kept on this device are under Available offline.');
  await expect(page.getByText('[Network]')).toHaveCount(0);
  await expectAccessible(page, 'contact list offline');

  // Home lists what is available offline, still offline: opened here (newest first), then my own.
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Home' }).click();
  const available = page.getByTestId('available-offline');
  await expect(available.getByRole('link')).toHaveText(['Skynet Labs', 'Sarah Connor', 'Kyle Reese']); // the company was seen again after Sarah
  await expectAccessible(page, 'home offline, available offline');

  // Kyle was never opened here, but he is Miles's own: readable from the feed's copy.
  await available.getByRole('link', { name: 'Kyle Reese' }).click();
  await expect(page.getByTestId('record-title')).toHaveText('Kyle Reese');
  await expect(page.getByText('kyle@skynet.example.com')).toBeVisible();
  await expect(page.getByTestId('offline-banner')).toBeVisible();

  // The offline list: every record kept here.
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Available offline' }).click();
  await expect(page.getByTestId('available-offline-all').getByRole('link')).toHaveText(['Skynet Labs', 'Sarah Connor', 'Kyle Reese']);
  await expectAccessible(page, 'available offline page');
  await page.getByTestId('available-offline-all').getByRole('link', { name: 'Skynet Labs' }).click();
  await expect(page.getByTestId('offline-banner')).toBeVisible();

  // John was never opened here and is not Miles's: a clear message, not "does not exist".
  await page.getByRole('tab', { name: /Contacts/ }).click();
  await page.getByRole('link', { name: 'John Connor' }).click();
  await expect(page.getByTestId('offline-missing')).toContainText('You are offline and this record was not opened on this device before');
  await expectAccessible(page, 'record page offline, never saved');

  // Back online, the page asks the server again by itself.
  await context.setOffline(false);
  await expect(page.getByTestId('record-title')).toHaveText('John Connor');
  await expect(page.getByTestId('offline-banner')).toHaveCount(0);
  await expect.poll(() => savedRecords(page)).toBe(4);

  // Logging out forgets every record kept on the device.
  await page.getByRole('button', { name: /Account menu/ }).click();
  await page.getByRole('menuitem', { name: 'Log out' }).click();
  await page.waitForURL(workspaceUrl(cyberdyne.subdomain, '/login'));
  await expect.poll(() => savedRecords(page)).toBe(0);
  await expect.poll(() => storeCount(page, 'crm-offline-versions', 'versions')).toBe(0);
});

test('fields edited offline are queued and replayed; a conflict shows both values and is settled', async ({ page, context, browser }) => {
  await signUp(page, tyrell);
  await page.goto(workspaceUrl(tyrell.subdomain, '/customers/companies'));
  await page.getByRole('button', { name: 'New company' }).click();
  const dialog = page.getByRole('dialog', { name: 'New company' });
  await dialog.getByRole('textbox', { name: 'Company name' }).fill('Wallace Corp');
  await dialog.getByRole('button', { name: 'Create company' }).click();
  await expect(page.getByTestId('record-title')).toHaveText('Wallace Corp');
  const companyPage = page.url();
  // The feed told this device the company's version (what an offline edit is made against).
  await expect.poll(() => storeCount(page, 'crm-offline-versions', 'versions'), { timeout: 20_000 }).toBe(1);
  await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);

  // Offline, the page reloaded: two fields edited in place, each shown at once and waiting.
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('record-title')).toHaveText('Wallace Corp');
  await editField(page, 'Industry', 'Replicants');
  await editField(page, 'Website', 'https://wallace.example.com');
  await expect(field(page, 'industry')).toHaveText('Replicants');
  const pending = page.getByTestId('pending-change');
  await expect(pending).toHaveText([/Industry: Replicants.*Waiting to be sent/, /Website: https:\/\/wallace\.example\.com.*Waiting to be sent/]);
  await expect(page.getByTestId('offline-banner')).toContainText('2 changes wait to be sent.');
  await expect(page.getByRole('status').filter({ hasText: /offline/i })).toHaveCount(1);
  await expectAccessible(page, 'record page with changes waiting offline');
  await shoot(page, 'offline-edits-waiting');
  // Kept across a reload too.
  await page.reload();
  await expect(page.getByTestId('pending-change')).toHaveCount(2);

  // Meanwhile a colleague's browser (here: the same member elsewhere) changes the industry.
  const other = await browser.newContext();
  const tab = await other.newPage();
  await logIn(tab, tyrell);
  await tab.goto(companyPage);
  await expect(tab.getByTestId('record-title')).toHaveText('Wallace Corp');
  // Saved on the server before going on (the field shows a new value at once, before the server answers).
  const saved = tab.waitForResponse((r) => r.url().includes('/graphql') && (r.request().postData() ?? '').includes('updateCompany'));
  await editField(tab, 'Industry', 'Bioengineering');
  await saved;
  await tab.reload();
  await expect(field(tab, 'industry')).toHaveText('Bioengineering');

  // Back online: the website goes through (nobody else changed it); the industry is a conflict.
  await context.setOffline(false);
  const conflict = page.getByTestId('offline-conflict');
  await expect(conflict).toBeVisible({ timeout: 20_000 });
  await expect(conflict).toContainText('Industry was changed by someone else meanwhile');
  await expect(conflict).toContainText('Yours: Replicants');
  await expect(conflict).toContainText('Now on the server: Bioengineering');
  await expect(page.getByTestId('offline-banner')).toContainText('1 change made offline needs your decision.');
  await expect(page.getByTestId('pending-change')).toHaveCount(1);
  await expect(field(page, 'website')).toContainText('wallace.example.com');
  await expect(field(page, 'industry')).toHaveText('Bioengineering');
  await expectAccessible(page, 'record page with a conflict');
  await shoot(page, 'offline-conflict');

  // Keep mine: sent again on the server's version; the colleague sees it.
  await conflict.getByRole('button', { name: 'Keep mine' }).click();
  await expect(page.getByTestId('pending-changes')).toHaveCount(0);
  await expect(page.getByTestId('offline-banner')).toHaveCount(0);
  await expect(field(page, 'industry')).toHaveText('Replicants');
  await tab.reload();
  await expect(field(tab, 'industry')).toHaveText('Replicants');
  await expect(field(tab, 'website')).toContainText('wallace.example.com');
  await other.close();
});
