import { expect, test, type Page } from '@playwright/test';

import { account, createCompany, expectAccessible, shoot, signUp, workspaceUrl } from './helpers';

// Activities: a task added on a company's page shows in My day and on the calendar, is dragged to
// another day there, and is completed from the calendar.
const wayne = account('Wayne Enterprises', 'wayne', 'Lucius Fox');
const SUBJECT = 'Send the armour specs';

const pad = (n: number) => String(n).padStart(2, '0');
const dayKey = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** Drag with the mouse in small steps (dnd-kit starts a drag after a few pixels of movement). */
async function drag(page: Page, from: ReturnType<Page['locator']>, to: ReturnType<Page['locator']>): Promise<void> {
  const start = await from.boundingBox();
  const end = await to.boundingBox();
  if (!start || !end) throw new Error('nothing to drag');
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(start.x + start.width / 2 + 10, start.y + start.height / 2, { steps: 5 });
  await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 20 });
  await page.mouse.up();
}

test('a task from a company page through My day to the calendar: dragged, then completed', async ({ page }) => {
  await signUp(page, wayne);
  const companyId = await createCompany(page, 'Gotham Steel');
  await page.goto(workspaceUrl(wayne.subdomain, `/customers/companies/${encodeURIComponent(companyId)}`));
  await expect(page.getByTestId('record-title')).toHaveText('Gotham Steel');

  // The task panel the activities module adds to record pages.
  const panel = page.getByTestId('task-panel');
  await expect(panel.getByRole('heading', { name: 'Tasks (0)' })).toBeVisible();
  await panel.getByRole('textbox', { name: 'New task' }).fill(SUBJECT);
  const today = new Date();
  await panel.getByLabel('Due').fill(`${dayKey(today)}T23:30`);
  await panel.getByRole('button', { name: 'Add task' }).click();
  await expect(panel.getByRole('heading', { name: 'Tasks (1)' })).toBeVisible();
  await expect(panel.getByTestId('activity').filter({ hasText: SUBJECT })).toBeVisible();

  // My day: due today, with a link back to the company.
  await page.getByRole('link', { name: 'My day' }).click();
  const due = page.getByTestId('my-day-due');
  await expect(due.getByText(SUBJECT)).toBeVisible();
  await expect(due.getByRole('link', { name: 'Open the record' })).toHaveAttribute('href', /customers\/companies/);
  await expectAccessible(page, 'my day');

  // The calendar's week: the task on today; drag it to the next day (the previous one on a Sunday).
  await page.getByRole('link', { name: 'Calendar' }).click();
  const todayCell = page.getByTestId(`day-${dayKey(today)}`);
  const entry = todayCell.getByTestId('calendar-entry').filter({ hasText: SUBJECT });
  await expect(entry).toBeVisible();
  const target = new Date(today.getFullYear(), today.getMonth(), today.getDate() + (today.getDay() === 0 ? -1 : 1));
  const targetCell = page.getByTestId(`day-${dayKey(target)}`);
  await drag(page, entry, targetCell);
  await expect(targetCell.getByTestId('calendar-entry').filter({ hasText: SUBJECT })).toBeVisible();
  await expect(todayCell.getByTestId('calendar-entry')).toHaveCount(0);
  await shoot(page, 'activities-calendar');

  // Complete it from the calendar; it stays there, done.
  const moved = targetCell.getByTestId('calendar-entry').filter({ hasText: SUBJECT });
  await moved.getByRole('checkbox', { name: `Complete “${SUBJECT}”` }).click();
  await expect(moved.getByRole('checkbox', { name: `Complete “${SUBJECT}”` })).toBeChecked();
  await expect(moved.getByRole('checkbox', { name: `Complete “${SUBJECT}”` })).toBeDisabled();
  await expectAccessible(page, 'calendar');

  // The month view shows it too, and My day has nothing left.
  await page.getByText('Month', { exact: true }).click();
  await expect(page.getByTestId(`day-${dayKey(target)}`).getByTestId('calendar-entry').filter({ hasText: SUBJECT })).toBeVisible();
  await page.getByRole('link', { name: 'My day' }).click();
  await expect(page.getByTestId('my-day-due').getByText('Nothing else due today.')).toBeVisible();
});
