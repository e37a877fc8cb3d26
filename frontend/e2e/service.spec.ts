import { expect, test, type Page } from '@playwright/test';

import { account, expectAccessible, logIn, shoot, signUp, workspaceUrl } from './helpers';

// The service desk: a ticket is created and answered; another one breaches its SLA when the desk's
// clock moves (POST /test/service-clock/, mounted only with DJANGO_ENV=test), and a second browser
// context sees its row flagged live. Then the knowledge base and the workspace's public help page.
const wayne = account('Wayne Support', 'wsupport', 'Alfred Pennyworth');

async function graphql(page: Page, query: string, variables: Record<string, unknown>): Promise<Record<string, unknown>> {
  return page.evaluate(
    async ({ query, variables }) => {
      const answer = await fetch('/graphql/', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query, variables }) });
      return (await answer.json()) as Record<string, unknown>;
    },
    { query, variables },
  );
}

async function moveDeskClock(page: Page, minutes: number): Promise<void> {
  const answer = await page.evaluate(async (n) => {
    const response = await fetch('/test/service-clock/', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ minutes: n }) });
    return { status: response.status, body: await response.json() };
  }, minutes);
  expect(answer.status).toBe(200);
}

test.describe.serial('service desk', () => {
  test('create and answer a ticket; another breaches its SLA and a second context sees it flagged live', async ({ page, browser }) => {
    await signUp(page, wayne);
    // Urgent tickets: a first reply within 30 minutes, resolved within 4 hours (no hours set: around the clock).
    const policy = await graphql(
      page,
      'mutation ($input: CreateSlaPolicyInput!) { createSlaPolicy(input: $input) { slaPolicy { id } errors { message } } }',
      { input: { name: 'Urgent', priority: 'URGENT', firstResponseMinutes: 30, resolutionMinutes: 240 } },
    );
    expect(JSON.stringify(policy)).not.toContain('"message"');
    const starter = await graphql(page, 'mutation ($input: CreateProductInput!) { createProduct(input: $input) { product { id } errors { message } } }', {
      input: { sku: 'BAT-STARTER', name: 'Batmobile starter motor' },
    });
    expect(JSON.stringify(starter)).not.toContain('"message"');

    await page.goto(workspaceUrl(wayne.subdomain, '/service/tickets'));
    await expect(page.getByRole('heading', { name: 'Tickets' })).toBeVisible();
    for (const subject of ['Batmobile will not start', 'Cave lights flicker']) {
      await page.getByLabel('New ticket').fill(subject);
      await page.getByTestId('new-ticket').getByLabel('Priority').selectOption('URGENT');
      await page.getByRole('button', { name: 'Add ticket' }).click();
      await expect(page.getByTestId('ticket-row').filter({ hasText: subject })).toBeVisible();
    }
    const lights = page.getByTestId('ticket-row').filter({ hasText: 'Cave lights flicker' });
    // The countdown ticks: minutes and seconds left of the first response.
    const countdown = lights.getByTestId('sla-countdown');
    await expect(countdown).toContainText(/First response: 2\dm \d\ds left/);
    const before = await countdown.textContent();
    await expect(countdown).not.toHaveText(before ?? '', { timeout: 5000 });
    await expect(lights.getByTestId('breach-flag')).toHaveCount(0);
    await expectAccessible(page, 'ticket queue');

    // Answer the first one: take it, start work, reply to the customer, leave an internal note.
    await page.getByRole('link', { name: 'Batmobile will not start' }).click();
    await expect(page.getByTestId('ticket-title')).toHaveText('Batmobile will not start');
    const moves = page.getByTestId('ticket-moves');
    await expect(moves.getByRole('button')).toHaveCount(0); // nothing to move to while nobody holds it
    await page.getByRole('button', { name: 'Take it' }).click();
    await expect(page.getByTestId('ticket-status')).toHaveText('Assigned');
    await expect(moves.getByRole('button')).toHaveText(['Start work']);
    await moves.getByRole('button', { name: 'Start work' }).click();
    await expect(page.getByTestId('ticket-status')).toHaveText('In progress');
    await expect(moves.getByRole('button')).toHaveText(['Wait on customer', 'Resolve']);
    await page.getByLabel('Reply (the customer sees it)').fill('We are towing it to the cave now.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    const conversation = page.getByTestId('conversation');
    await expect(conversation.getByTestId('public-reply')).toContainText('We are towing it to the cave now.');
    await expect(page.getByTestId('sla-firstResponse')).toContainText('Met');
    await conversation.getByText('Internal note', { exact: true }).click();
    await page.getByLabel('Note (only the team sees it)').fill('Starter motor again, order a spare.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect(conversation.getByTestId('internal-note')).toContainText('Starter motor again');
    await expect(conversation.getByTestId('internal-note')).toContainText('Internal note');
    // The product the ticket is about, from the catalogue.
    await page.getByRole('button', { name: /^Edit Product/ }).click();
    await page.getByLabel('Product', { exact: true }).selectOption({ label: 'Batmobile starter motor' });
    await page.getByRole('button', { name: 'Save Product' }).click();
    await expect(page.getByRole('button', { name: /^Edit Product/ })).toContainText('Batmobile starter motor');
    await expect(page.getByTestId('ticket-transitions')).toContainText('In progress');
    await expectAccessible(page, 'ticket page');
    await shoot(page, 'service-ticket');

    // A second browser context on the queue, open before the desk's clock moves.
    const context = await browser.newContext();
    const other = await context.newPage();
    await logIn(other, wayne);
    await other.goto(workspaceUrl(wayne.subdomain, '/service/tickets'));
    const otherLights = other.getByTestId('ticket-row').filter({ hasText: 'Cave lights flicker' });
    const otherBatmobile = other.getByTestId('ticket-row').filter({ hasText: 'Batmobile will not start' });
    await expect(otherLights).toBeVisible();
    await expect(otherLights.getByTestId('breach-flag')).toHaveCount(0);

    // 45 minutes later by the desk's clock: the unanswered ticket breached its first response.
    await moveDeskClock(page, 45);
    await expect(otherLights.getByTestId('breach-flag')).toBeVisible();
    await expect(otherLights.getByTestId('sla-countdown')).toContainText('overdue');
    await expect(otherBatmobile.getByTestId('breach-flag')).toHaveCount(0); // answered in time
    await expect(otherBatmobile.getByTestId('sla-countdown')).toContainText(/Resolution: 3h \d\dm left/);
    // Breached only: the filter chip narrows the queue to it.
    await other.getByLabel('Breached only').check();
    await expect(other.getByTestId('chip-breached')).toBeVisible();
    await expect(other.getByTestId('ticket-row')).toHaveCount(1);
    await expect(other.getByTestId('ticket-row')).toContainText('Cave lights flicker');
    await shoot(other, 'service-queue-breached');
    await context.close();
  });
});
