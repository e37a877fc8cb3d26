import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

import { expect, test } from '@playwright/test';

import { account, expectAccessible, shoot, signUp, workspaceUrl } from './helpers';

// Webhooks: an admin subscribes a local receiver to company changes in Settings, changes a company,
// and sees the delivery (with the receiver's response code) in the log; the receiver checks the
// signature with the documented recipe. (The test server allows private addresses: a test receiver.)
const stark = account('Stark Industries', 'stark-hooks', 'Pepper Potts');

interface Received {
  headers: IncomingHttpHeaders;
  body: Buffer;
}

test('add a webhook, change a company, see the signed delivery in the log', async ({ page }) => {
  const received: Received[] = [];
  const receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks) });
      response.writeHead(202, { 'Content-Type': 'text/plain' }).end('thanks');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/crm-hook`;

  try {
    await signUp(page, stark);
    await page.goto(workspaceUrl(stark.subdomain, '/settings'));
    await page.getByRole('tab', { name: 'Webhooks' }).click();
    await page.getByRole('textbox', { name: 'Endpoint URL' }).fill(url);
    await page.getByRole('textbox', { name: 'Description' }).fill('Our ERP');
    const events = page.getByRole('textbox', { name: 'Events' });
    await events.click();
    await page.getByRole('option', { name: 'Company.created' }).click();
    await page.getByRole('option', { name: 'Company.updated' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const secret = (await page.getByTestId('webhook-secret').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    await expect(page.getByTestId('webhooks-table')).toContainText(url);
    await expectAccessible(page, 'settings: webhooks');

    // A change to a company.
    await page.goto(workspaceUrl(stark.subdomain, '/customers/companies'));
    await page.getByRole('button', { name: 'New company' }).click();
    const dialog = page.getByRole('dialog', { name: 'New company' });
    await dialog.getByRole('textbox', { name: 'Company name' }).fill('Arc Reactor Works');
    await dialog.getByRole('button', { name: 'Create company' }).click();
    await expect(page.getByTestId('record-title')).toHaveText('Arc Reactor Works');
    await page.getByRole('button', { name: 'Edit Phone: —' }).click();
    await page.getByRole('textbox', { name: 'Phone' }).fill('+1 212 555 0100');
    await page.keyboard.press('Enter');
    await expect(page.locator('[data-testid="record-fields"] [aria-busy="true"]')).toHaveCount(0);

    await expect.poll(() => received.length).toBe(2);
    const [created, updated] = received;
    for (const { headers, body } of received) {
      // The recipe of docs/webhooks.md: HMAC-SHA256 over "<t>.<raw body>" with the secret.
      const fields = Object.fromEntries(String(headers['x-crm-signature']).split(',').map((p) => p.split('=', 2)));
      const expected = createHmac('sha256', secret).update(`${fields.t}.`).update(body).digest('hex');
      expect(fields.v1).toBe(expected);
      expect(Math.abs(Date.now() / 1000 - Number(fields.t))).toBeLessThan(300);
    }
    expect(JSON.parse(created.body.toString()).type).toBe('Company.created');
    const change = JSON.parse(updated.body.toString());
    expect(change.type).toBe('Company.updated');
    expect(change.data.values.phone).toBe('+1 212 555 0100');

    // The log shows both deliveries with the receiver's answer; one is sent again by hand.
    await page.goto(workspaceUrl(stark.subdomain, '/settings'));
    await page.getByRole('tab', { name: 'Webhooks' }).click();
    const log = page.getByTestId('webhook-deliveries');
    await expect(log.getByTestId('webhook-delivery')).toHaveCount(2);
    await expect(log.getByTestId('response-code').first()).toHaveText('202');
    await expect(log).toContainText('Company.updated');
    await expect(log).toContainText('Delivered');
    await log.getByRole('button', { name: 'Details of Company.updated' }).click();
    await expect(page.getByTestId('webhook-delivery-details')).toContainText('thanks');
    await log.getByRole('button', { name: 'Redeliver Company.updated' }).click();
    await expect.poll(() => received.length).toBe(3);
    expect(received[2].body.equals(updated.body)).toBe(true);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(page.getByTestId('webhook-delivery-details')).toContainText('Attempt 2 (by hand): 202');
    await expectAccessible(page, 'settings: webhook delivery log');
    await shoot(page, 'settings-webhooks');
  } finally {
    receiver.close();
  }
});
