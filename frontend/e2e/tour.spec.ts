import { expect, test, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from '@playwright/test';

import { account, base, expectAccessible, shoot, signUp, workspaceUrl } from './helpers';

// A tour of every page: axe (WCAG 2.1 A/AA) finds nothing on any of them, and the main pages are
// photographed in English and Chinese at desktop and phone sizes (artifacts/screenshots/tour-*.png,
// kept by the test run, not by git).
const tyrell = account('Tyrell Corporation', 'tyrell', 'Rachael Tyrell');

const DESKTOP: BrowserContextOptions = { viewport: { width: 1366, height: 900 } };
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const LANGUAGES = [
  { code: 'en', home: 'Home', companies: 'Companies' },
  { code: 'zh-CN', home: '首页', companies: '公司' },
] as const;

let companyPath = '';
let contactPath = '';
let session: Awaited<ReturnType<BrowserContext['storageState']>>;

/** A company with a contact and a logged call, so record pages, lists and home have something to show. */
async function seed(page: Page): Promise<{ companyId: string; contactId: string }> {
  return page.evaluate(async () => {
    const call = async (query: string, variables: object) =>
      (await fetch('/graphql/', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query, variables }) })).json();
    const company = await call(
      `mutation ($input: CreateCompanyInput!) { createCompany(input: $input) { company { id } errors { message } } }`,
      { input: { name: 'Nexus Replicants', industry: 'Biotech', website: 'https://nexus.example.com', lifecycleStage: 'ACTIVE' } },
    );
    const companyId: string = company.data.createCompany.company.id;
    const contact = await call(
      `mutation ($input: CreateContactInput!) { createContact(input: $input) { contact { id } errors { message } } }`,
      { input: { firstName: 'Roy', lastName: 'Batty', title: 'Head of Combat', companyId, emails: ['roy@nexus.example.com'], phones: ['+1 555 0199'] } },
    );
    const contactId: string = contact.data.createContact.contact.id;
    await call(
      `mutation ($input: LogInteractionInput!) { logInteraction(input: $input) { interaction { id } errors { message } } }`,
      { input: { kind: 'CALL', subject: 'Renewal', body: 'More life, please.', companyId, contactId } },
    );
    return { companyId, contactId };
  });
}

/** A signed-in page in its own context (the saved session), in `language`, at desktop or phone size. */
async function signedIn(browser: Browser, size: BrowserContextOptions, language: string): Promise<Page> {
  const context = await browser.newContext({ ...size, storageState: session });
  // The interface language as the member chose it (the language menu saves it on the device).
  await context.addInitScript((code) => localStorage.setItem('crm.language', code), language);
  return context.newPage();
}

/** Opens a page of the workspace and waits until it has drawn its heading (and nothing is loading). */
async function visit(page: Page, pathname: string): Promise<void> {
  await page.goto(workspaceUrl(tyrell.subdomain, pathname));
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  await expect(page.locator('main [role="status"][aria-label="…"]')).toHaveCount(0);
  // Widgets and tabs load on their own: wait until no request is out (the socket does not count).
  await page.waitForLoadState('networkidle');
}

test.describe.serial('tour', () => {
  test('every page of the workspace and the public site passes axe', async ({ page, browser }) => {
    test.setTimeout(180_000);
    await signUp(page, tyrell);
    const { companyId, contactId } = await seed(page);
    companyPath = `/customers/companies/${encodeURIComponent(companyId)}`;
    contactPath = `/customers/contacts/${encodeURIComponent(contactId)}`;
    session = await page.context().storageState();

    const pages: [string, string][] = [
      ['home', '/'],
      ['companies list', '/customers/companies'],
      ['company page', companyPath],
      ['contacts list', '/customers/contacts'],
      ['contact page', contactPath],
      ['public pool', '/customers/pool'],
      ['recycle bin', '/customers/recycle-bin'],
      ['search results', '/search?q=Nexus'],
      ['audit log', '/audit-log'],
      ['settings: company', '/settings/company'],
      ['settings: users', '/settings/users'],
      ['settings: invitations', '/settings/invitations'],
      ['settings: roles', '/settings/roles'],
      ['settings: teams', '/settings/teams'],
      ['settings: API keys', '/settings/api-keys'],
      ['settings: pool rule', '/settings/pool'],
      ['settings: billing', '/settings/billing'],
      ['settings: security', '/settings/security'],
      ['page not found', '/no-such-page'],
    ];
    for (const [name, pathname] of pages) {
      await visit(page, pathname);
      await expectAccessible(page, name);
    }
    // The record pages' other tabs.
    await visit(page, companyPath);
    for (const tab of ['Contacts', 'History', 'Duplicates']) {
      await page.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
      await expectAccessible(page, `company page, ${tab} tab`);
    }

    // Signed out: the workspace's own sign-in pages and the public site.
    const anonymous = await browser.newContext();
    const visitor = await anonymous.newPage();
    const publicUrl = (pathname: string) => `${base.origin}${pathname}`;
    for (const [name, url] of [
      ['workspace login', workspaceUrl(tyrell.subdomain, '/login')],
      ['workspace forgot password', workspaceUrl(tyrell.subdomain, '/forgot-password')],
      ['reset password without a link', workspaceUrl(tyrell.subdomain, '/reset-password')],
      ['public signup', publicUrl('/')],
      ['public login', publicUrl('/login')],
      ['public forgot password', publicUrl('/forgot-password')],
      ['find your workspace', publicUrl('/find-workspace')],
    ]) {
      await visitor.goto(url);
      await expect(visitor.locator('h1, h2').first()).toBeVisible();
      await expectAccessible(visitor, name);
    }
    await anonymous.close();
  });

  for (const [sizeName, size] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    for (const language of LANGUAGES) {
      test(`the main pages in ${language.code} on a ${sizeName}`, async ({ browser }) => {
        const page = await signedIn(browser, size, language.code);
        await visit(page, '/');
        await expect(page.locator('html')).toHaveAttribute('lang', language.code);
        await expect(page.getByRole('heading', { name: language.home, level: 1 })).toBeVisible();
        for (const [name, pathname] of [
          ['home', '/'],
          ['companies', '/customers/companies'],
          ['company', companyPath],
          ['contacts', '/customers/contacts'],
          ['contact', contactPath],
          ['pool', '/customers/pool'],
          ['settings', '/settings/company'],
        ]) {
          await visit(page, pathname);
          if (name === 'companies') await expect(page.getByRole('heading', { name: language.companies, level: 1 })).toBeVisible();
          // On a phone nothing scrolls sideways.
          if (size === PHONE) expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name} fits a phone`).toBe(true);
          await shoot(page, `tour-${name}-${language.code}-${sizeName}`);
          await expectAccessible(page, `${name} in ${language.code} on a ${sizeName}`);
        }
        await page.context().close();
      });
    }
  }
});
