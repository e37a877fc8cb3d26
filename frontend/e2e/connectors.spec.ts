import { createHmac } from 'node:crypto';

import { expect, test } from '@playwright/test';

import { account, api, emailLink, expectAccessible, shoot, signUp, workspaceUrl } from './helpers';

// The e-mail inbox connector: an admin connects the inbox in Settings (the signing secret is shown
// once), the mail provider's hook posts a signed raw MIME message (here, the test itself, through the
// inbound route), and the sender, unknown until then, is a new contact with the mail on their timeline.
const wayne = account('Wayne Enterprises', 'wayne-inbox', 'Lucius Fox');

test('connect the e-mail inbox, receive a signed message, see it on the contact', async ({ page }) => {
  await signUp(page, wayne);
  await page.goto(workspaceUrl(wayne.subdomain, '/settings'));
  await page.getByRole('tab', { name: 'E-mail inbox' }).click();
  await page.getByRole('textbox', { name: 'Inbox address' }).fill('sales@wayne.example.com');
  await page.getByRole('button', { name: 'Connect inbox' }).click();
  const secret = (await page.getByTestId('email-inbox-secret').textContent()) ?? '';
  expect(secret).toMatch(/^whsec_/);
  const inboundUrl = (await page.getByTestId('email-inbound-url').locator('code').textContent()) ?? '';
  expect(inboundUrl).toContain('/integrations/email/');
  await expectAccessible(page, 'settings: e-mail inbox');
  await shoot(page, 'settings-email-inbox');

  // The provider's request: raw MIME, signed as the webhook recipe says (HMAC-SHA256 over "<t>.<body>").
  const mime = [
    'From: Selina Kyle <selina@kyle.example.com>',
    'To: sales@wayne.example.com',
    'Subject: Gala security quote',
    'Message-ID: <gala-1@kyle.example.com>',
    'Date: Fri, 04 Dec 2026 09:30:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset="utf-8"',
    '',
    'Could you quote the gala security detail?',
    '',
  ].join('\r\n');
  const post = async (signingSecret: string) => {
    const t = Math.floor(Date.now() / 1000);
    const v1 = createHmac('sha256', signingSecret).update(`${t}.${mime}`).digest('hex');
    return page.evaluate(
      async ({ path, body, header }) => (await fetch(path, { method: 'POST', body, headers: { 'Content-Type': 'message/rfc822', 'X-Crm-Signature': header } })).status,
      { path: new URL(inboundUrl).pathname, body: mime, header: `t=${t},v1=${v1}` },
    );
  };
  expect(await post('whsec_forged')).toBe(403);
  expect(await post(secret)).toBe(204);

  await page.goto(workspaceUrl(wayne.subdomain, '/customers/contacts'));
  await page.getByRole('link', { name: 'Selina Kyle' }).click();
  await expect(page.getByTestId('record-title')).toHaveText('Selina Kyle');
  const timeline = page.getByTestId('timeline');
  await expect(timeline).toContainText('Gala security quote');
  await expect(timeline).toContainText('Could you quote the gala security detail?');
  await expectAccessible(page, 'contact: inbound e-mail');

  // Reply from the timeline entry: the answer goes out in the mail's thread (the server's console mail
  // backend, read from its log) and is logged on the contact's timeline as an outbound e-mail.
  await timeline.getByRole('button', { name: 'Reply by e-mail' }).click();
  await timeline.getByRole('button', { name: 'Send reply' }).click();
  await expect(timeline.getByRole('textbox', { name: 'Your reply' })).toHaveAttribute('aria-invalid', 'true');
  await timeline.getByRole('textbox', { name: 'Your reply' }).fill('We can staff the gala with twelve guards.');
  await expectAccessible(page, 'contact: replying to an e-mail');
  await timeline.getByRole('button', { name: 'Send reply' }).click();
  await expect(timeline.getByRole('textbox', { name: 'Your reply' })).toHaveCount(0);
  await expect(timeline).toContainText('Re: Gala security quote');
  await expect(timeline).toContainText('We can staff the gala with twelve guards.');
  expect(await emailLink('selina@kyle.example.com', /In-Reply-To: <gala-1@kyle\.example\.com>/)).toBeTruthy();
  // Only the inbound mail offers a reply, not the one sent.
  await expect(timeline.getByRole('button', { name: 'Reply by e-mail' })).toHaveCount(1);
  // The reply says it went out (the outbox's outcome, heard live); the inbound mail has no delivery to show.
  const sent = timeline.locator('.mantine-Timeline-item').filter({ hasText: 'Re: Gala security quote' });
  await expect(sent.getByTestId('delivery')).toHaveText('Sent');
  await expect(timeline.getByTestId('delivery')).toHaveCount(1);
  await shoot(page, 'contact-email-reply');
});

// WeChat: an admin connects the official account and finds the campaigns' QR codes in its settings. Making a
// code asks WeChat (the AppSecret's access token), which no test reaches: without the AppSecret the page says
// what is missing and nothing is made (codes made through a replaced transport: tests/integrations).
const stark = account('Stark Industries', 'stark-wechat', 'Pepper Potts');

test('connect the WeChat account and see where its campaign QR codes are made', async ({ page }) => {
  await signUp(page, stark);
  await page.goto(workspaceUrl(stark.subdomain, '/settings'));
  await api(page, 'mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { errors { message } } }', { name: 'Spring Expo' });
  await page.getByRole('tab', { name: 'WeChat' }).click();
  await page.getByRole('textbox', { name: 'AppID' }).fill('wx1234567890');
  await page.getByRole('textbox', { name: 'Token' }).fill('starktoken2026');
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByTestId('wechat-account')).toContainText('/integrations/wechat/');
  await expect(page.getByText('No QR codes yet.')).toBeVisible();
  await page.getByRole('combobox', { name: 'Campaign' }).selectOption({ label: 'Spring Expo' });
  await page.getByRole('button', { name: 'Create QR code' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'AppSecret' })).toBeVisible();
  await expect(page.getByText('No QR codes yet.')).toBeVisible();
  await expectAccessible(page, 'settings: WeChat');
  await shoot(page, 'settings-wechat');
});
