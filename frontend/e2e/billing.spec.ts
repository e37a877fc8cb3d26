import { expect, test, type Locator, type Page } from '@playwright/test';

import { account, expectAccessible, invitationLink, logIn, shoot, signUp, workspaceUrl } from './helpers';

// Offline (no STRIPE_SECRET_KEY) the server's Stripe is the in-process fake: Checkout and the portal are
// its pages, and what they do reaches the app as signed webhook events, as Stripe's would.
// The e2e server runs with BILLING_GRACE_DAYS=0: a failed payment makes the workspace read-only at once.
const umbrella = account('Umbrella Corporation', 'umbrella', 'Albert Wesker');

async function openBilling(page: Page): Promise<void> {
  await page.goto(workspaceUrl(umbrella.subdomain, '/settings/billing'));
  await expect(page.getByTestId('billing-plan')).toBeVisible();
}

async function createCompany(page: Page, name: string): Promise<Locator> {
  await page.goto(workspaceUrl(umbrella.subdomain, '/customers/companies'));
  await page.getByRole('button', { name: 'New company' }).click();
  const dialog = page.getByRole('dialog', { name: 'New company' });
  await dialog.getByRole('textbox', { name: 'Company name' }).fill(name);
  await dialog.getByRole('button', { name: 'Create company' }).click();
  return dialog;
}

test.describe.serial('billing', () => {
  test('the owner sees plan, trial and usage, and upgrades through Checkout', async ({ page }) => {
    await signUp(page, umbrella);
    await openBilling(page);
    await expect(page.getByTestId('billing-plan')).toHaveText('Plan: Pro');
    await expect(page.getByTestId('billing-status')).toHaveText('Trial');
    await expect(page.getByText('14 days of trial left')).toBeVisible();
    await expect(page.getByTestId('usage-seats')).toContainText('1 of 25');
    await expect(page.getByTestId('usage-custom_fields')).toContainText('0 of 50');
    await expect(page.getByTestId('usage-api_requests_per_day')).toContainText('0 of 50,000');
    await expect(page.getByTestId('usage-storage_mb')).toContainText('0 of 10,240');
    await expect(page.getByText('No invoices yet.')).toBeVisible();
    await expectAccessible(page, 'billing');
    await shoot(page, 'billing-trial');

    // Checkout answers a URL; the fake's Checkout pays, Stripe's three events reach the webhook, back here.
    await page.getByTestId('choose-enterprise').click();
    await page.waitForURL(/\/settings\/billing\?checkout=success$/);
    await expect(page.getByText('Thank you: your subscription is active.')).toBeVisible();
    await expect(page.getByTestId('billing-plan')).toHaveText('Plan: Enterprise');
    await expect(page.getByTestId('billing-status')).toHaveText('Active');
    await expect(page.getByTestId('usage-seats')).toContainText('1 of unlimited');
    await expect(page.getByTestId('invoices')).toContainText('paid');
    await expect(page.getByText('Current plan')).toBeVisible();
    await shoot(page, 'billing-subscribed');
  });

  test('a failed payment makes the workspace read-only, with a banner; paying restores it', async ({ page }) => {
    await logIn(page, umbrella);
    await openBilling(page);
    await page.getByRole('button', { name: 'Payment methods and invoices' }).click();
    await page.waitForURL(/\/billing\/fake-portal\//);
    await expect(page.getByTestId('portal-status')).toHaveText('active');
    await page.getByRole('button', { name: 'Fail the next renewal payment' }).click();

    await page.waitForURL(/\/settings\/billing$/);
    const banner = page.getByTestId('unpaid-banner');
    await expect(banner).toContainText('This workspace is read-only until the payment is made.');
    await expect(page.getByTestId('billing-status')).toHaveText('Payment overdue');
    await expect(page.getByTestId('invoices')).toContainText('open');
    await shoot(page, 'billing-read-only');

    // Reading still works; a write is refused (PAYMENT_REQUIRED) and says why.
    const dialog = await createCompany(page, 'Tricell');
    await expect(dialog.getByRole('alert')).toContainText('read-only until its payment is made');
    await expect(banner).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByText('Tricell')).toHaveCount(0);

    // The owner pays in the portal: the workspace works again at once.
    await banner.getByRole('link', { name: 'Go to billing' }).click();
    await page.getByRole('button', { name: 'Payment methods and invoices' }).click();
    await page.waitForURL(/\/billing\/fake-portal\//);
    await page.getByRole('button', { name: 'Pay open invoices' }).click();
    await page.waitForURL(/\/settings\/billing$/);
    await expect(page.getByTestId('billing-status')).toHaveText('Active');
    await expect(page.getByTestId('unpaid-banner')).toHaveCount(0);
    await createCompany(page, 'Tricell');
    await expect(page.getByTestId('record-title')).toHaveText('Tricell');
  });

  test('on Free after cancelling, the fourth seat is refused where the invitation is sent, with the way to upgrade', async ({ page, browser }) => {
    test.setTimeout(120_000);
    await logIn(page, umbrella);
    await openBilling(page);
    await page.getByRole('button', { name: 'Payment methods and invoices' }).click();
    await page.waitForURL(/\/billing\/fake-portal\//);
    await page.getByRole('button', { name: 'Cancel the subscription' }).click();
    await page.waitForURL(/\/settings\/billing$/);
    await expect(page.getByTestId('billing-plan')).toHaveText('Plan: Free');
    await expect(page.getByTestId('usage-seats')).toContainText('1 of 3');

    // Two colleagues join: three seats of three.
    for (const name of ['Ada', 'Carlos']) {
      const email = umbrella.email.replace('umbrella-', `${name.toLowerCase()}-`);
      await page.goto(workspaceUrl(umbrella.subdomain, '/settings'));
      await page.getByRole('tab', { name: 'Invitations' }).click();
      await page.getByRole('textbox', { name: 'Email address' }).fill(email);
      await page.getByRole('button', { name: 'Send invitation' }).click();
      await expect(page.getByTestId('invitations-table')).toContainText(email);
      const context = await browser.newContext();
      const colleague = await context.newPage();
      await colleague.goto(await invitationLink(email));
      await colleague.getByRole('textbox', { name: 'Your name' }).fill(name);
      await colleague.getByRole('textbox', { name: 'Password', exact: true }).fill(`${umbrella.password}-${name}`);
      await colleague.getByRole('button', { name: 'Join the workspace' }).click();
      await colleague.waitForURL(workspaceUrl(umbrella.subdomain, '/'));
      await context.close();
    }
    await openBilling(page);
    await expect(page.getByTestId('usage-seats')).toContainText('3 of 3');

    // A fourth is refused when the invitation is sent: the form says which limit, and the owner is shown plans.
    await page.goto(workspaceUrl(umbrella.subdomain, '/settings'));
    await page.getByRole('tab', { name: 'Invitations' }).click();
    await page.getByRole('textbox', { name: 'Email address' }).fill(umbrella.email.replace('umbrella-', 'dora-'));
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expect(page.getByText(/Plan limit reached: seats\. The Free plan allows 3/).first()).toBeVisible();
    await page.getByRole('link', { name: 'See plans' }).click();
    await expect(page.getByTestId('billing-plan')).toHaveText('Plan: Free');
    await expect(page.getByTestId('choose-pro')).toBeVisible();
  });
});
