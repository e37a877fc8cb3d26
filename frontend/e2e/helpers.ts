import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import path from 'node:path';

export const base = new URL(process.env.E2E_BASE_URL ?? 'http://localhost:8000');
const screenshots = process.env.E2E_SCREENSHOTS ?? path.resolve('..', 'artifacts', 'screenshots');

/** http://<subdomain>.localhost:<port>/ — Chromium resolves *.localhost to the loopback address. */
export function workspaceUrl(subdomain: string, pathname = '/'): string {
  return `${base.protocol}//${subdomain}.${base.hostname}:${base.port}${pathname}`;
}

export interface Account {
  company: string;
  subdomain: string;
  fullName: string;
  email: string;
  password: string;
}

const run = Date.now().toString(36);
export function account(company: string, slug: string, fullName: string): Account {
  return {
    company,
    subdomain: `${slug}-${run}`,
    fullName,
    email: `${slug}-${run}@${slug}.example.com`,
    password: `Correct-Horse-${run}-Battery`,
  };
}

export async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
}

/** No WCAG 2.1 A/AA violations that axe can find on the page as it is now. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const violations = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`,
  );
  expect(violations, `accessibility violations on ${where}`).toEqual([]);
}

export async function fillSignup(page: Page, who: Account): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Company name').fill(who.company);
  await page.getByLabel('Workspace address').fill(who.subdomain);
  await page.getByLabel('Your name').fill(who.fullName);
  await page.getByLabel('Work email').fill(who.email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(who.password);
}

export async function signUp(page: Page, who: Account): Promise<void> {
  await fillSignup(page, who);
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await page.waitForURL(workspaceUrl(who.subdomain));
  await expect(page.getByTestId('company-name')).toHaveText(who.company);
}

export async function logIn(page: Page, who: Account): Promise<void> {
  await page.goto(workspaceUrl(who.subdomain, '/login'));
  await page.getByLabel('Email').fill(who.email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByTestId('company-name')).toHaveText(who.company);
}
