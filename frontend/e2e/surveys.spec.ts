import { expect, test, type Page } from '@playwright/test';

import { account, emailLink, expectAccessible, shoot, signUp, workspaceUrl } from './helpers';

// Satisfaction: a ticket resolved through the API e-mails its contact a CSAT link; the customer opens it
// in a fresh browser (no session), answers once, and the score shows on the service statistics page.
const wonka = account('Wonka Industries', 'wonka', 'Willy Wonka');
const CUSTOMER = `charlie-${wonka.subdomain}@customer.example.com`;
const SUBJECT = 'The chocolate river overflowed';

/** One GraphQL call with the signed-in page's session; fails the test on errors. */
async function api(page: Page, query: string, variables: Record<string, unknown>): Promise<Record<string, any>> {
  const answer = await page.evaluate(
    async ({ query, variables }) =>
      fetch('/graphql/', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      }).then((r) => r.json()),
    { query, variables },
  );
  expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
  const payload = Object.values(answer.data as Record<string, any>)[0];
  expect(payload.errors ?? [], JSON.stringify(payload.errors)).toEqual([]);
  return payload;
}

async function resolveTicketFor(page: Page, email: string): Promise<string> {
  const { contact } = await api(
    page,
    'mutation ($input: CreateContactInput!) { createContact(input: $input) { contact { id } errors { message } } }',
    { input: { firstName: 'Charlie', lastName: 'Bucket', emails: [email], allowDuplicate: true } },
  );
  const { ticket } = await api(
    page,
    'mutation ($input: CreateTicketInput!) { createTicket(input: $input) { ticket { id } errors { message } } }',
    { input: { subject: SUBJECT, contactId: contact.id } },
  );
  await api(page, 'mutation ($input: AssignTicketInput!) { assignTicket(input: $input) { ticket { id } errors { message } } }', {
    input: { ticketId: ticket.id },
  });
  for (const status of ['IN_PROGRESS', 'RESOLVED']) {
    await api(
      page,
      'mutation ($input: ChangeTicketStatusInput!) { changeTicketStatus(input: $input) { ticket { id } errors { message } } }',
      { input: { ticketId: ticket.id, status } },
    );
  }
  return contact.id as string;
}

test('a CSAT link from the resolution e-mail is answered once, signed out, and counts in the statistics', async ({ page, browser }) => {
  await signUp(page, wonka);
  const contactId = await resolveTicketFor(page, CUSTOMER);

  const link = await emailLink(CUSTOMER, /https?:\/\/\S+\/survey\/[\w:.-]+/);
  expect(link.startsWith(workspaceUrl(wonka.subdomain, '/survey/'))).toBe(true);

  // The customer: a fresh browser context, no session.
  const context = await browser.newContext();
  const customer = await context.newPage();
  await customer.goto(link);
  await expect(customer.getByText(`How satisfied are you with how we handled “${SUBJECT}”?`)).toBeVisible();
  await expectAccessible(customer, 'survey page');
  await customer.getByRole('radio', { name: 'Score 4' }).check();
  await customer.getByRole('textbox', { name: /Anything you would like to add/ }).fill('Fixed before lunch');
  await customer.getByRole('button', { name: 'Send my answer' }).click();
  await expect(customer.getByText('Thank you! Your answer has been recorded.')).toBeVisible();
  await shoot(customer, 'survey-answered');

  // The same link again: used once already, said plainly; an altered one is refused too.
  await customer.goto(link);
  await expect(customer.getByRole('alert')).toHaveText('This survey has been answered already. Each link works once.');
  await customer.goto(`${link.slice(0, -3)}xyz`);
  await expect(customer.getByRole('alert')).toContainText('This survey link is not valid.');
  await context.close();

  // The owner: the answer is on the statistics page.
  await page.getByRole('link', { name: 'Service statistics' }).click();
  await expect(page.getByRole('heading', { name: 'Service statistics' })).toBeVisible();
  await expect(page.getByTestId('csat-average')).toContainText('4');
  await expect(page.getByTestId('csat-average')).toContainText('1 answer');
  await expect(page.getByTestId('scores-by-agent').getByRole('row', { name: new RegExp(wonka.fullName) })).toContainText('100');
  await expect(page.getByTestId('service-totals')).toContainText('Tickets resolved1');
  await expectAccessible(page, 'service statistics');
  await shoot(page, 'service-statistics');

  // The contact's page: their answer, and (for an owner) an NPS survey to send.
  await page.goto(workspaceUrl(wonka.subdomain, `/customers/contacts/${encodeURIComponent(contactId)}`));
  const panel = page.getByTestId('satisfaction-panel');
  await expect(panel.getByText('“Fixed before lunch”')).toBeVisible();
  await panel.getByRole('button', { name: 'Send an NPS survey' }).click();
  await expect(panel.getByRole('status')).toHaveText('An NPS survey is on its way to this contact.');
  await expect(panel.getByText('Not answered yet')).toBeVisible();
  await expectAccessible(page, 'contact page with satisfaction');
});
