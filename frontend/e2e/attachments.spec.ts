import { expect, test } from '@playwright/test';

import { account, createCompany, expectAccessible, shoot, signUp, workspaceUrl } from './helpers';

// Attachments: on a company's page, attach a picture (button) and a text file (dropped), preview the
// picture, download it, delete it and undo.
const stark = account('Stark Files', 'stark-files', 'Pepper Potts');
// A real 1×1 PNG, so the preview has a picture to show.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

test('a file on a company page: uploaded, dropped, previewed, downloaded, deleted and undone', async ({ page }) => {
  await signUp(page, stark);
  const companyId = await createCompany(page, 'Hammer Tech');
  await page.goto(workspaceUrl(stark.subdomain, `/customers/companies/${encodeURIComponent(companyId)}`));
  await expect(page.getByTestId('record-title')).toHaveText('Hammer Tech');

  const panel = page.getByTestId('attachment-panel');
  await expect(panel.getByRole('heading', { name: 'Attachments (0)' })).toBeVisible();

  // Upload through the button's file chooser.
  const chooser = page.waitForEvent('filechooser');
  await panel.getByRole('button', { name: 'Attach files' }).click();
  await (await chooser).setFiles({ name: 'arc-reactor.png', mimeType: 'image/png', buffer: PNG });
  await expect(panel.getByRole('heading', { name: 'Attachments (1)' })).toBeVisible();
  const picture = panel.getByTestId('attachment').filter({ hasText: 'arc-reactor.png' });
  await expect(picture).toContainText('Image');
  await expect(picture).toContainText('Pepper Potts');

  // Drop a text file on the panel.
  const dropped = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['Specs for the Mark II.\n'], 'specs.txt', { type: 'text/plain' }));
    return transfer;
  });
  await panel.getByTestId('attachment-dropzone').dispatchEvent('drop', { dataTransfer: dropped });
  await expect(panel.getByRole('heading', { name: 'Attachments (2)' })).toBeVisible();
  await expect(panel.getByTestId('attachment').filter({ hasText: 'specs.txt' })).toContainText('Text');
  await expectAccessible(page, 'a company page with attachments');

  // Preview: the picture itself, loaded through its signed link.
  await picture.getByRole('button', { name: 'Preview arc-reactor.png' }).click();
  const preview = page.getByTestId('attachment-preview');
  const image = preview.getByRole('img', { name: 'arc-reactor.png' });
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
  await shoot(page, 'attachments-preview');
  await page.getByRole('button', { name: 'Close the preview' }).click();

  // Download: the same bytes, under the file's name.
  const download = page.waitForEvent('download');
  await picture.getByRole('link', { name: 'Download arc-reactor.png' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('arc-reactor.png');
  const saved = await file.path();
  const { readFile } = await import('node:fs/promises');
  expect(Buffer.compare(await readFile(saved), PNG)).toBe(0);

  // Delete (asked first), then undo.
  await picture.getByRole('button', { name: 'Delete arc-reactor.png' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(panel.getByRole('heading', { name: 'Attachments (1)' })).toBeVisible();
  await expect(panel.getByTestId('attachment').filter({ hasText: 'arc-reactor.png' })).toHaveCount(0);
  await page.getByTestId('undo-notice').getByRole('button', { name: 'Undo' }).click();
  await expect(panel.getByRole('heading', { name: 'Attachments (2)' })).toBeVisible();
  await expect(panel.getByTestId('attachment').filter({ hasText: 'arc-reactor.png' })).toBeVisible();
});
