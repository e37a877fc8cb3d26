import { expect, test, type Locator, type Page } from '@playwright/test';

import { account, expectAccessible, logIn, shoot, signUp, workspaceUrl } from './helpers';

// Sales: deals on the pipeline board are dragged across stages; the stage sums change, and a second
// browser context of the same workspace sees the move live. Losing a deal asks for the reason.
const oscorp = account('Oscorp Industries', 'oscorp', 'Norman Osborn');

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
