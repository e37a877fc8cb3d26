import { expect, test, type Page } from '@playwright/test';

import { account, expectAccessible, shoot, signUp, workspaceUrl } from './helpers';

// The help desk's everyday work: desk settings (an SLA policy, with its validation), a knowledge-base
// article written, versioned and published, found on the workspace's public help page by a visitor who
// is not signed in, then linked to a ticket and put into a reply; an SLA policy change moves the
// ticket's due time.
const harbor = account('Harbor Helpdesk', 'helpdesk', 'Hana Harbor');

/** The ticket's resolution due time, as the API has it (milliseconds since the epoch). */
async function resolutionDue(page: Page, ticketId: string): Promise<number> {
  const due = await page.evaluate(async (id) => {
    const query = 'query ($id: ID!) { node(id: $id) { ... on Ticket { resolutionDueAt } } }';
    const answer = await fetch('/graphql/', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query, variables: { id } }) });
    const body = (await answer.json()) as { data: { node: { resolutionDueAt: string } } };
    return body.data.node.resolutionDueAt;
  }, ticketId);
  return Date.parse(due);
}

test('write and publish an article, find it signed out on the help page, link it to a ticket; an SLA change moves the due time', async ({ page, browser }) => {
  test.setTimeout(120_000); // a long walk: settings, two articles, the help page signed out, a ticket
  await signUp(page, harbor);

  // Settings → Service desk: an SLA policy for urgent tickets; a resolution due before the first response is refused.
  await page.goto(workspaceUrl(harbor.subdomain, '/settings/service'));
  await expect(page.getByRole('heading', { name: 'SLA policies' })).toBeVisible();
  const form = page.getByTestId('new-sla-policy');
  await form.getByLabel('Priority').selectOption({ label: 'Urgent' });
  await form.getByLabel('Name').fill('Urgent');
  await form.getByLabel('First response (minutes)').fill('60');
  await form.getByLabel('Resolution (minutes)').fill('10');
  await page.getByRole('button', { name: 'Add policy' }).click();
  await expect(form.getByText('Resolution cannot be due before the first response.')).toBeVisible();
  await form.getByLabel('First response (minutes)').fill('30');
  await form.getByLabel('Resolution (minutes)').fill('240');
  await page.getByRole('button', { name: 'Add policy' }).click();
  const urgent = page.getByTestId('sla-URGENT');
  await expect(urgent).toContainText('240');
  await expect(page.getByTestId('sla-LOW')).toContainText('No SLA');
  // Edited in place: an out-of-range value shows the server's message next to the field.
  await urgent.getByRole('button', { name: /^Edit First response \(minutes\): Urgent/ }).click();
  await urgent.getByRole('spinbutton', { name: 'First response (minutes): Urgent' }).fill('0');
  await urgent.getByRole('spinbutton', { name: 'First response (minutes): Urgent' }).press('Enter');
  await expect(urgent.getByTestId('field-error')).toContainText('Between 1 and 525600');
  // SLA time counts in the workspace's business hours, which Company profile keeps: one editor in the app.
  await expect(page.getByTestId('business-hours')).toHaveCount(0);
  await expect(page.getByTestId('desk-hours').getByRole('link', { name: 'Business hours in Company profile' })).toHaveAttribute('href', '/settings/company');
  await expectAccessible(page, 'settings: service desk');
  await shoot(page, 'settings-service-desk');

  // A ticket that the article will answer.
  await page.goto(workspaceUrl(harbor.subdomain, '/service/tickets'));
  await page.getByLabel('New ticket').fill('Cannot reset my password');
  await page.getByTestId('new-ticket').getByLabel('Priority').selectOption('URGENT');
  await page.getByRole('button', { name: 'Add ticket' }).click();
  const row = page.getByTestId('ticket-row').filter({ hasText: 'Cannot reset my password' });
  await expect(row).toBeVisible();

  // The knowledge base: a draft that stays internal, and the article that gets written, versioned and published.
  await page.goto(workspaceUrl(harbor.subdomain, '/service/articles'));
  await expect(page.getByRole('heading', { name: 'Knowledge base', level: 1 })).toBeVisible();
  await page.getByLabel('New article').fill('Internal escalation notes');
  await page.getByRole('button', { name: 'Write article' }).click();
  await expect(page.getByTestId('article-title')).toHaveText('Internal escalation notes');
  await page.goto(workspaceUrl(harbor.subdomain, '/service/articles'));
  await page.getByLabel('New article').fill('Resetting your password');
  await page.getByRole('button', { name: 'Write article' }).click();
  await expect(page.getByTestId('article-title')).toHaveText('Resetting your password');
  await expect(page.getByTestId('article-status')).toHaveText('Draft');
  await page.getByLabel('Category').fill('Account');
  await page.getByLabel('Text', { exact: true }).fill('# Steps\n\n1. Open **Sign in**\n2. Choose *Forgot password*\n\n<script>alert("x")</script>');
  await page.getByText('Preview', { exact: true }).click();
  const preview = page.getByTestId('article-preview');
  await expect(preview.getByRole('heading', { name: 'Steps', level: 3 })).toBeVisible();
  await expect(preview.locator('strong')).toHaveText('Sign in');
  await expect(preview.locator('script')).toHaveCount(0);
  await expect(preview).toContainText('<script>alert("x")</script>');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('article-notice')).toHaveText('Saved as version 2');
  await page.getByText('Write', { exact: true }).click();
  await page.getByLabel('Text', { exact: true }).fill('Call us.');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('article-notice')).toHaveText('Saved as version 3');
  // Version 2 comes back, as version 4 (nothing is lost).
  await page.getByRole('button', { name: 'Restore version 2' }).click();
  await expect(page.getByTestId('article-notice')).toHaveText('Version 2 restored as version 4');
  await expect(page.getByLabel('Text', { exact: true })).toHaveValue(/Forgot password/);
  await expect(page.getByTestId('article-version')).toHaveCount(4);
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByTestId('article-status')).toHaveText('Published');
  await expect(page.getByRole('button', { name: 'Unpublish' })).toBeVisible();
  await expectAccessible(page, 'article editor');
  await shoot(page, 'service-article');

  // The list: search and chips.
  await page.getByRole('link', { name: 'Back to the knowledge base' }).click();
  await expect(page.getByTestId('article-row')).toHaveCount(2);
  await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Published' });
  await expect(page.getByTestId('chip-status')).toBeVisible();
  await expect(page.getByTestId('article-row')).toHaveCount(1);
  await expect(page.getByTestId('article-row')).toContainText('Resetting your password');
  await page.getByRole('button', { name: 'Remove filter Status: Published' }).click();
  await expect(page.getByTestId('article-row')).toHaveCount(2);
  await page.getByRole('textbox', { name: 'Search articles' }).fill('escalation');
  await expect(page.getByTestId('article-row')).toHaveCount(1);
  await expect(page.getByTestId('article-row')).toContainText('Internal escalation notes');
  await expectAccessible(page, 'knowledge base');

  // A visitor who is not signed in: the help page shows the published article only, and finds it by its words.
  const visitor = await browser.newContext();
  const guest = await visitor.newPage();
  await guest.goto(workspaceUrl(harbor.subdomain, '/help'));
  await expect(guest.getByRole('heading', { name: 'How can we help?' })).toBeVisible();
  const listed = guest.getByTestId('help-articles');
  await expect(listed.getByRole('link', { name: 'Resetting your password' })).toBeVisible();
  await expect(listed).not.toContainText('Internal escalation notes');
  await guest.getByLabel('Search help articles').fill('forgot');
  await expect(listed.getByRole('link')).toHaveText(['Resetting your password']);
  await guest.getByLabel('Search help articles').fill('escalation');
  await expect(guest.getByText('No articles found.')).toBeVisible();
  await expectAccessible(guest, 'help page');
  await guest.getByLabel('Search help articles').fill('');
  await listed.getByRole('link', { name: 'Resetting your password' }).click();
  await expect(guest.getByTestId('help-article-title')).toHaveText('Resetting your password');
  await expect(guest.getByRole('heading', { name: 'Steps', level: 2 })).toBeVisible();
  await expect(guest.locator('main script')).toHaveCount(0);
  await expectAccessible(guest, 'help article');
  await shoot(guest, 'help-article');
  await visitor.close();

  // The ticket: find the article, link it, put its public link into the reply.
  await page.goto(workspaceUrl(harbor.subdomain, '/service/tickets'));
  await page.getByRole('link', { name: 'Cannot reset my password' }).click();
  await expect(page.getByTestId('ticket-title')).toHaveText('Cannot reset my password');
  const ticketId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
  await page.getByLabel('Find an article').fill('password');
  await page.getByRole('button', { name: 'Link Resetting your password' }).click();
  const linked = page.getByTestId('linked-article');
  await expect(linked).toHaveCount(1);
  await expect(linked).toContainText('Resetting your password');
  await page.getByRole('button', { name: 'Insert the link of Resetting your password in the reply' }).click();
  const reply = page.getByLabel('Reply (the customer sees it)');
  await expect(reply).toHaveValue(/Resetting your password: http.*\/help\/resetting-your-password$/);
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByTestId('conversation').getByTestId('public-reply')).toContainText('/help/resetting-your-password');
  await expect(page.getByTestId('csat')).toContainText('No survey yet');
  await expectAccessible(page, 'ticket page with related articles');

  // Change the urgent policy's resolution target: the open ticket's resolution due time moves with it.
  const before = await resolutionDue(page, ticketId);
  const dueLine = page.getByTestId('sla-resolution');
  const shownBefore = await dueLine.textContent();
  await page.goto(workspaceUrl(harbor.subdomain, '/settings/service'));
  await urgent.getByRole('button', { name: /^Edit Resolution \(minutes\): Urgent/ }).click();
  await urgent.getByRole('spinbutton', { name: 'Resolution (minutes): Urgent' }).fill('480');
  await urgent.getByRole('spinbutton', { name: 'Resolution (minutes): Urgent' }).press('Enter');
  await expect(urgent.getByRole('button', { name: /^Edit Resolution \(minutes\): Urgent: 480/ })).toBeVisible();
  await expect.poll(() => resolutionDue(page, ticketId)).toBe(before + 240 * 60 * 1000);
  await page.goto(workspaceUrl(harbor.subdomain, `/service/tickets/${encodeURIComponent(ticketId)}`));
  await expect(dueLine).toHaveText(/^.+ · 7h \d\dm left$/);
  expect(await dueLine.textContent()).not.toBe(shownBefore);

  // The article lists the ticket it answers.
  await page.getByTestId('linked-article').getByRole('link', { name: 'Resetting your password' }).click();
  await expect(page.getByTestId('linked-tickets')).toContainText('Cannot reset my password');
});
