import { expect, test, type Locator, type Page } from '@playwright/test';

import { account, api, expectAccessible, logIn, shoot, signUp, workspaceUrl } from './helpers';

// Sales: deals on the pipeline board are dragged across stages; the stage sums change, and a second
// browser context of the same workspace sees the move live. Losing a deal asks for the reason. A deal's page
// shows its contacts' interactions as one timeline, newest first.
const oscorp = account('Oscorp Industries', 'oscorp', 'Norman Osborn');
const labs = account('Osborn Labs', 'osbornlabs', 'Harry Osborn');

async function createDeal(page: Page, title: string, amount: string): Promise<string> {
  const id = await page.evaluate(
    async ([dealTitle, dealAmount]) => {
      const answer = await fetch('/graphql/', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          query: 'mutation ($input: CreateDealInput!) { createDeal(input: $input) { deal { id } errors { message } } }',
          variables: { input: { title: dealTitle, amount: { amount: dealAmount, currency: 'USD' } } },
        }),
      }).then((r) => r.json());
      return answer.data?.createDeal?.deal?.id as string;
    },
    [title, amount],
  );
  expect(id).toBeTruthy();
  return id;
}

/** Drag with the mouse in small steps (dnd-kit starts a drag after a few pixels of movement). */
async function drag(page: Page, from: Locator, to: Locator): Promise<void> {
  const start = await from.boundingBox();
  const end = await to.boundingBox();
  if (!start || !end) throw new Error('nothing to drag');
  await page.mouse.move(start.x + start.width / 2, start.y + 8);
  await page.mouse.down();
  await page.mouse.move(start.x + start.width / 2 + 10, start.y + 8, { steps: 5 });
  await page.mouse.move(end.x + end.width / 2, end.y + 60, { steps: 20 });
  await page.mouse.up();
}

test('drag a deal across stages: the sums change, and a second browser context sees it live', async ({ page, browser }) => {
  await signUp(page, oscorp);
  await createDeal(page, 'Glider fleet', '1200');
  await createDeal(page, 'Serum trial', '300');
  await page.goto(workspaceUrl(oscorp.subdomain, '/sales/board'));

  const qualification = page.getByTestId('stage-Qualification');
  const proposal = page.getByTestId('stage-Proposal');
  await expect(qualification.getByTestId('stage-count')).toHaveText('2');
  await expect(qualification.getByTestId('stage-sums')).toHaveText('$1,500.00');
  await expect(proposal.getByTestId('stage-count')).toHaveText('0');

  // A second member's view of the same workspace, open before the move.
  const context = await browser.newContext();
  const other = await context.newPage();
  await logIn(other, oscorp);
  await other.goto(workspaceUrl(oscorp.subdomain, '/sales/board'));
  await expect(other.getByTestId('stage-Qualification').getByTestId('stage-count')).toHaveText('2');

  await drag(page, qualification.getByTestId('deal-card').filter({ hasText: 'Glider fleet' }), proposal);
  await expect(proposal.getByTestId('deal-card').filter({ hasText: 'Glider fleet' })).toBeVisible();
  await expect(proposal.getByTestId('stage-sums')).toHaveText('$1,200.00');
  await expect(qualification.getByTestId('stage-sums')).toHaveText('$300.00');
  await expect(qualification.getByTestId('stage-count')).toHaveText('1');

  // The other context never reloaded: the move arrives over the subscription.
  await expect(other.getByTestId('stage-Proposal').getByTestId('stage-sums')).toHaveText('$1,200.00');
  await expect(other.getByTestId('stage-Qualification').getByTestId('stage-count')).toHaveText('1');
  await context.close();
  await shoot(page, 'sales-board');
  await expectAccessible(page, 'the pipeline board');
});

test("a deal's timeline: its contacts' e-mails, calls and notes and its own tasks and meetings in time order, and no one else's, live", async ({ page }) => {
  await signUp(page, labs);
  const contact = async (firstName: string) =>
    ((await api(page, 'mutation ($input: CreateContactInput!) { createContact(input: $input) { contact { id } errors { message } } }', { firstName })).contact as { id: string }).id;
  const [gwen, max, eddie] = [await contact('Gwen'), await contact('Max'), await contact('Eddie')];
  const deal = await api(page, 'mutation ($input: CreateDealInput!) { createDeal(input: $input) { deal { id } errors { message } } }', {
    title: 'Lab automation',
    contacts: [{ contactId: gwen }, { contactId: max }],
  });
  const dealId = (deal.deal as { id: string }).id;
  const log = (contactId: string, kind: string, direction: string, subject: string, hoursAgo: number) =>
    api(page, 'mutation ($input: LogInteractionInput!) { logInteraction(input: $input) { interaction { id } errors { message } } }', {
      contactId, kind, direction, subject, occurredAt: new Date(Date.now() - hoursAgo * 3_600_000).toISOString(),
    });
  await log(gwen, 'EMAIL', 'INBOUND', 'Gwen asks for a demo', 6);
  await log(max, 'CALL', 'OUTBOUND', 'Called Max about the budget', 4);
  await log(eddie, 'NOTE', 'INTERNAL', 'Eddie is on another deal', 3);
  await log(gwen, 'NOTE', 'INTERNAL', 'Demo booked for Friday', 2);
  const activity = (input: Record<string, unknown>) =>
    api(page, 'mutation ($input: CreateActivityInput!) { createActivity(input: $input) { activity { id } errors { message } } }', { recordId: dealId, ...input });
  const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
  await activity({ subject: 'Send Gwen the agenda', kind: 'TASK', dueAt: hoursAgo(5) });
  await activity({ subject: 'Call Eddie about his deal', kind: 'CALL', dueAt: hoursAgo(1), recordId: eddie }); // the contact's, not the deal's

  await page.goto(workspaceUrl(labs.subdomain, `/sales/deals/${encodeURIComponent(dealId)}`));
  const timeline = page.getByTestId('deal-timeline');
  await expect(timeline.getByRole('heading', { name: 'Timeline' })).toBeVisible();
  const entries = timeline.getByTestId('timeline').locator('.mantine-Timeline-item');
  await expect(entries).toHaveCount(4);
  await expect(entries.nth(0)).toContainText('Demo booked for Friday');
  await expect(entries.nth(1)).toContainText('Called Max about the budget');
  await expect(entries.nth(2)).toContainText('Send Gwen the agenda');
  await expect(entries.nth(3)).toContainText('Gwen asks for a demo');
  await expect(timeline).not.toContainText('Call Eddie about his deal');

  // A meeting planned in the deal's Tasks panel elsewhere comes to the top of the timeline live, without a reload.
  await activity({ subject: 'Pricing workshop with Gwen', kind: 'MEETING', startsAt: hoursAgo(-24), endsAt: hoursAgo(-25) });
  await expect(entries).toHaveCount(5);
  await expect(entries.nth(0)).toContainText('Pricing workshop with Gwen');
  // Completing the task from the timeline: it is ticked and moves to when it was done (just now).
  await entries.nth(3).getByRole('checkbox', { name: 'Complete “Send Gwen the agenda”' }).click();
  await expect(entries.nth(1).getByRole('checkbox', { name: 'Complete “Send Gwen the agenda”' })).toBeChecked();
  await expect(timeline).not.toContainText('Eddie is on another deal');
  // An inbound e-mail a member logged by hand did not come through the inbox: nothing to reply to.
  await expect(timeline.getByRole('button', { name: 'Reply by e-mail' })).toHaveCount(0);

  // Logged on a contact's page while the deal is open elsewhere: the deal's timeline shows it after a reload.
  await log(max, 'EMAIL', 'OUTBOUND', 'Sent Max the proposal', 1);
  await page.reload();
  await expect(entries).toHaveCount(6);
  await expect(entries.nth(2)).toContainText('Sent Max the proposal');
  await expectAccessible(page, "a deal's timeline");
  await shoot(page, 'deal-timeline');
});
