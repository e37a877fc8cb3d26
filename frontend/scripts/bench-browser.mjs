// The browser half of bench/bench_browser.py: Debian's chromium, driven by Playwright, against a
// running server. Prints one JSON object: every timing in milliseconds.
//   node scripts/bench-browser.mjs '{"workspace": "http://x.localhost:8000", "email": "...", "password": "...",
//                                    "listPath": "/customers/companies", "recordPath": "/customers/companies/<id>",
//                                    "rows": 100, "loads": 15, "edits": 10}'
import { chromium } from '@playwright/test';

const config = JSON.parse(process.argv[2]);
const url = (pathname) => new URL(pathname, config.workspace).toString();

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});

/** A context signed in through the login page, as a member would. */
async function signedIn() {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await page.goto(url('/login'));
  await page.getByLabel('Email').fill(config.email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(config.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('company-name').waitFor();
  return page;
}

const rowCount = () => document.querySelectorAll('[data-testid="records-table"] tbody tr').length;

/**
 * Navigation start (the page's time origin) to the moment the list's first page of `rows` rows is in
 * the document: a MutationObserver installed before any of the page's scripts runs notes the time.
 */
async function listLoad(page) {
  await page.goto(url(config.listPath), { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__rowsAt !== undefined, null, { timeout: 30_000, polling: 50 });
  return page.evaluate(() => window.__rowsAt);
}

const reader = await signedIn();
await reader.addInitScript((rows) => {
  const observer = new MutationObserver(() => {
    if (document.querySelectorAll('[data-testid="records-table"] tbody tr').length >= rows) {
      window.__rowsAt = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
}, config.rows);

const loads = [];
await listLoad(reader); // warm-up: the first visit also fills the service worker's cache
for (let i = 0; i < config.loads; i += 1) loads.push(await listLoad(reader));
if ((await reader.evaluate(rowCount)) < config.rows) throw new Error('the list did not show its first page');

// Live: the reader keeps the list open; the writer edits a cell of the same record in place on its page.
const writer = await signedIn();
await writer.goto(url(config.recordPath));
await writer.getByTestId('record-title').waitFor();
await reader.goto(url(config.listPath));
await reader.waitForFunction((rows) => document.querySelectorAll('[data-testid="records-table"] tbody tr').length >= rows, config.rows);
await reader.waitForTimeout(1000); // its subscription is open

const edits = [];
for (let i = 0; i <= config.edits; i += 1) {
  const value = `Bench industry ${Date.now().toString(36)}-${i}`;
  // The reader notes (in the page, with the same clock) when the new value appears in its table.
  const seen = reader.evaluate(
    (text) =>
      new Promise((resolve, reject) => {
        const table = document.querySelector('[data-testid="records-table"]');
        const check = () => {
          if (table.textContent.includes(text)) {
            observer.disconnect();
            resolve(Date.now());
          }
        };
        const observer = new MutationObserver(check);
        observer.observe(table, { childList: true, subtree: true, characterData: true });
        setTimeout(() => reject(new Error(`"${text}" never appeared`)), 20_000);
      }),
    value,
  );
  await writer.getByRole('button', { name: /^Edit Industry: / }).click();
  await writer.getByRole('textbox', { name: 'Industry' }).fill(value);
  // The writer's page notes when Enter reaches it (the same machine's clock as the reader's).
  await writer.evaluate(() => {
    window.__enterAt = undefined;
    window.addEventListener('keydown', (event) => event.key === 'Enter' && (window.__enterAt ??= Date.now()), { capture: true, once: true });
  });
  await writer.keyboard.press('Enter');
  const seenAt = await seen;
  const pressedAt = await writer.evaluate(() => window.__enterAt);
  if (i > 0) edits.push(seenAt - pressedAt); // the first one is a warm-up
  await writer.locator('[data-testid="record-fields"] [aria-busy="true"]').waitFor({ state: 'detached' }).catch(() => {});
  await writer.waitForTimeout(300); // the live refetch settles before the next edit
}

await browser.close();
process.stdout.write(JSON.stringify({ loads, edits }) + '\n');
