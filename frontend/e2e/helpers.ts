import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';
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
/**
 * A new workspace's owner. Each call gets its own subdomain and email (the run's time and a random part):
 * specs loaded by one Playwright worker share this module, and two of them may pick the same slug.
 */
export function account(company: string, slug: string, fullName: string): Account {
  const unique = `${run}${Math.random().toString(36).slice(2, 5)}`;
  return {
    company,
    subdomain: `${slug}-${unique}`,
    fullName,
    email: `${slug}-${unique}@${slug}.example.com`,
    password: `Correct-Horse-${run}-Battery`,
  };
}

export async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
}

/** No WCAG 2.1 A/AA violations that axe can find on the page as it is now. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  // A menu still fading out after a click (Mantine's exit transition) has lost its items: not a state to judge.
  await expect(page.locator('[role="menu"]:not(:has([role="menuitem"]))')).toHaveCount(0);
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

/**
 * The accept link of the latest invitation email to `email`. The e2e server uses Django's console
 * email backend; its output goes to the server log that tests/web/test_e2e.py names in E2E_SERVER_LOG.
 */
export async function invitationLink(email: string): Promise<string> {
  return emailLink(email, /https?:\/\/\S+\/accept-invitation\?token=[\w-]+/);
}

/** The first link matching `pattern` in the latest console email to `email` (see invitationLink). */
export async function emailLink(email: string, pattern: RegExp): Promise<string> {
  const log = process.env.E2E_SERVER_LOG;
  if (!log) throw new Error('E2E_SERVER_LOG is not set (run through tests/web/test_e2e.py)');
  const { readFile } = await import('node:fs/promises');
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const text = await readFile(log, 'utf8');
    const at = text.lastIndexOf(`To: ${email}`);
    const link = at >= 0 ? pattern.exec(text.slice(at)) : null;
    if (link) return link[0];
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no email to ${email} with ${pattern} in ${log}`);
}

/** The RFC 6238 code (SHA-1, 6 digits, 30 s) of a base32 secret, `stepOffset` steps from now. */
export async function totp(secret: string, stepOffset = 0): Promise<string> {
  const { createHmac } = await import('node:crypto');
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of secret.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30_000) + stepOffset));
  const digest = createHmac('sha1', key).update(counter).digest();
  const offset = digest[digest.length - 1] & 0xf;
  const value = (digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return value.toString().padStart(6, '0');
}

/** The text a QR code on the page encodes, as a phone would read it: the browser paints it, jsQR decodes the pixels. */
export async function readQrCode(qr: Locator): Promise<string | null> {
  const { default: jsQR } = await import('jsqr');
  const image = await qr.evaluate(async (svg) => {
    const side = 400;
    const picture = new Image();
    picture.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(svg))}`;
    await picture.decode();
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = side;
    const context = canvas.getContext('2d')!;
    context.drawImage(picture, 0, 0, side, side);
    return { side, pixels: Array.from(context.getImageData(0, 0, side, side).data) };
  });
  return jsQR(Uint8ClampedArray.from(image.pixels), image.side, image.side)?.data ?? null;
}

/** Create a company through the API as the signed-in member (on the workspace page); its global id. */
export async function createCompany(page: Page, name: string): Promise<string> {
  const id = await page.evaluate(async (companyName) => {
    const answer = await fetch('/graphql/', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation ($input: CreateCompanyInput!) { createCompany(input: $input) { company { id } errors { message } } }',
        variables: { input: { name: companyName, allowDuplicate: true } },
      }),
    }).then((r) => r.json());
    return answer.data?.createCompany?.company?.id as string;
  }, name);
  expect(id).toBeTruthy();
  return id;
}

/**
 * One GraphQL call as the signed-in member (on the workspace page), with `{ input }` as its variables: the
 * first field's payload; its `errors` (or the request's) throw.
 */
export async function api(page: Page, query: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  return page.evaluate(
    async ([q, variables]) => {
      const answer = await fetch('/graphql/', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query: q, variables }) }).then((r) => r.json());
      const payload = Object.values(answer.data ?? {})[0] as Record<string, unknown> & { errors?: unknown[] };
      if (!payload || (payload.errors && payload.errors.length)) throw new Error(JSON.stringify(answer));
      return payload;
    },
    [query, { input }] as const,
  );
}
