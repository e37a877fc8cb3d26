import { readFile } from 'node:fs/promises';

import { expect, test } from '@playwright/test';

import { account, createCompany, expectAccessible, signUp, workspaceUrl } from './helpers';

// Data export: an owner exports the whole workspace from Settings → Data export, follows it to the end
// and downloads a zip holding its records (JSON lines) and a manifest.
const wayne = account('Wayne Portable', 'wayne-portable', 'Lucius Fox');

test('an owner exports the workspace and downloads the zip', async ({ page }) => {
  await signUp(page, wayne);
  await createCompany(page, 'Gotham Steel');
  await page.goto(workspaceUrl(wayne.subdomain, '/settings/data-export'));
  await expect(page.getByRole('heading', { name: 'Export the whole workspace' })).toBeVisible();
  await expect(page.getByText('No exports yet.')).toBeVisible();
  await expectAccessible(page, 'settings, data export');

  await page.getByRole('button', { name: 'Start export' }).click();
  const link = page.getByRole('link', { name: /^Download \(/ });
  await expect(link).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('cell', { name: 'Ready' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start export' })).toBeEnabled();
  await expectAccessible(page, 'settings, data export with a finished export');

  const download = page.waitForEvent('download');
  await link.click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^wayne_portable.*-export-\d{8}-\d{4}\.zip$/);
  const bytes = await readFile(await file.path());
  expect(bytes.subarray(0, 2).toString()).toBe('PK'); // a zip
  expect(bytes.includes(Buffer.from('manifest.json'))).toBe(true);
  expect(bytes.includes(Buffer.from('Company.jsonl'))).toBe(true);
});
