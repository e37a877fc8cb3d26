import { expect, test } from '@playwright/test';

import { account, api, expectAccessible, fillSignup, invitationLink, logIn, shoot, signUp, workspaceUrl } from './helpers';

const globex = account('Globex Corporation', 'globex', 'Hank Scorpio');
const initech = account('Initech', 'initech', 'Bill Lumbergh');

test.describe.serial('workspace', () => {
  test('sign up a company and land in its workspace, signed in', async ({ page }) => {
    await fillSignup(page, globex);
    await expect(page.getByText(`${globex.subdomain}.localhost`)).toBeVisible();
    await expectAccessible(page, 'signup');
    await shoot(page, 'signup');

    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.waitForURL(workspaceUrl(globex.subdomain));
    // The hand-off token is gone from the address bar once traded for a session.
    expect(page.url()).not.toContain('handoff');
    await expect(page.getByTestId('company-name')).toHaveText(globex.company);
    await expect(page.getByRole('heading', { name: `Welcome, ${globex.fullName}` })).toBeVisible();
    await expect(page.getByTestId('workspace-name')).toHaveText(globex.company);
    await expectAccessible(page, 'dashboard');
    await shoot(page, 'dashboard');

    // The session is a cookie: a reload stays signed in.
    await page.reload();
    await expect(page.getByTestId('company-name')).toHaveText(globex.company);
  });

  test('settings show the company profile, in English and Chinese; the workspace picks its formats', async ({ page }) => {
    await logIn(page, globex);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Settings' }).click();
    await expect(page).toHaveURL(/\/settings$/);
    const profile = page.getByTestId('company-profile');
    await expect(page.getByRole('textbox', { name: 'Company name' })).toHaveValue(globex.company);
    await expect(profile).toContainText(globex.subdomain);
    await expect(profile).toContainText('Jan 31, 2026 · 1,234,567.89 · $1,234.50');
    await expectAccessible(page, 'settings');
    await shoot(page, 'settings');

    await page.getByRole('button', { name: 'Language' }).click();
    await page.getByRole('menuitem', { name: '简体中文' }).click();
    await expect(page.getByRole('heading', { name: '设置', level: 1 })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    // The interface speaks Chinese; amounts stay in the workspace's currency and locale.
    await expect(profile).toContainText('$1,234.50');
    await expect(page.getByRole('menu')).toBeHidden();
    await shoot(page, 'settings-zh');
    await page.getByRole('button', { name: '语言' }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();

    // The owner switches the workspace to Chinese formats, yuan and Shanghai time: everyone's pages follow.
    await page.getByRole('textbox', { name: 'Locale' }).click();
    await page.getByRole('option', { name: /zh-CN/ }).click();
    await page.getByRole('textbox', { name: 'Currency' }).fill('CNY');
    await page.getByRole('option', { name: 'CNY', exact: true }).click();
    await page.getByRole('textbox', { name: 'Time zone' }).fill('Asia/Shanghai');
    await page.getByRole('option', { name: 'Asia/Shanghai', exact: true }).click();
    await page.getByRole('form', { name: 'Company profile', exact: true }).getByRole('button', { name: 'Save' }).click();
    await expect(profile).toContainText('2026年1月31日 · 1,234,567.89 · ¥1,234.50');
    await page.reload();
    await expect(page.getByRole('textbox', { name: 'Time zone' })).toHaveValue('Asia/Shanghai');
    await expect(profile).toContainText('¥1,234.50');
  });

  test('business hours: the owner opens Saturday in Company profile; a member reads the week, live and read-only', async ({ page, browser }) => {
    await logIn(page, globex);
    // A colleague with a plain role joins and keeps Company profile open.
    const member = { email: 'smithers@globex.example.com', fullName: 'Waylon Smithers', password: 'correct-horse-battery-9' };
    await api(page, 'mutation ($input: InviteUserInput!) { inviteUser(input: $input) { invitation { email } errors { message } } }', { email: member.email, role: 'sales' });
    const context = await browser.newContext();
    const colleague = await context.newPage();
    await colleague.goto(await invitationLink(member.email));
    await colleague.getByRole('textbox', { name: 'Your name' }).fill(member.fullName);
    await colleague.getByRole('textbox', { name: 'Password', exact: true }).fill(member.password);
    await colleague.getByRole('button', { name: 'Join the workspace' }).click();
    await colleague.waitForURL(workspaceUrl(globex.subdomain, '/'));
    await colleague.goto(workspaceUrl(globex.subdomain, '/settings/company'));
    const theirs = colleague.getByTestId('business-hours');
    // A new workspace has none: SLA clocks run around the clock.
    await expect(theirs).toHaveText('None set: the workspace counts every hour, around the clock.');

    // The owner opens Saturday from ten to half past two, in Company profile.
    await page.goto(workspaceUrl(globex.subdomain, '/settings/company'));
    const hours = page.getByRole('form', { name: 'Business hours' });
    await hours.getByRole('checkbox', { name: 'Open on Saturday' }).check();
    await hours.getByLabel('Saturday opens').fill('10:00');
    await hours.getByLabel('Saturday closes').fill('14:30');
    await hours.getByRole('button', { name: 'Save hours' }).click();
    await expect(page.getByText('Business hours saved.')).toBeVisible();
    await page.reload();
    const again = page.getByRole('form', { name: 'Business hours' });
    await expect(again.getByRole('checkbox', { name: 'Open on Saturday' })).toBeChecked();
    await expect(again.getByLabel('Saturday opens')).toHaveValue('10:00');
    await expect(again.getByLabel('Saturday closes')).toHaveValue('14:30');
    await expect(again.getByRole('checkbox', { name: 'Open on Friday' })).not.toBeChecked();

    // The colleague's open page follows without a reload, and offers nothing to change.
    await expect(theirs.getByRole('row', { name: /Saturday/ })).toContainText('10:00–14:30');
    await expect(theirs.getByRole('row', { name: /Friday/ })).toContainText('Closed');
    await expect(colleague.getByRole('form', { name: 'Business hours' })).toHaveCount(0);
    await expect(colleague.getByRole('checkbox')).toHaveCount(0);
    await expectAccessible(colleague, 'settings: business hours, read-only');
    await context.close();
  });

  test('log out, then log in again with the keyboard only', async ({ page }) => {
    await logIn(page, globex);
    await page.getByRole('button', { name: /Account menu/ }).click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.waitForURL(workspaceUrl(globex.subdomain, '/login'));
    await page.goto(workspaceUrl(globex.subdomain, '/settings'));
    await page.waitForURL(workspaceUrl(globex.subdomain, '/login'));
    await expectAccessible(page, 'login');
    await shoot(page, 'login');

    // Email has focus on arrival; Tab to the password; Enter submits.
    await expect(page.getByLabel('Email')).toBeFocused();
    await page.keyboard.type(globex.email);
    await page.keyboard.press('Tab');
    await expect(page.getByRole('textbox', { name: 'Password', exact: true })).toBeFocused();
    await page.keyboard.type(globex.password);
    await page.keyboard.press('Enter');
    // Back where the login interrupted.
    await page.waitForURL(workspaceUrl(globex.subdomain, '/settings'));
    await expect(page.getByTestId('company-profile')).toContainText(globex.company);

    // First Tab on a page reaches the skip link, which moves focus to the content.
    await page.goto(workspaceUrl(globex.subdomain, '/'));
    await expect(page.getByTestId('company-name')).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.locator('#main')).toBeFocused();
  });

  test('wrong password: one vague error, no session', async ({ page }) => {
    await page.goto(workspaceUrl(globex.subdomain, '/login'));
    await page.getByLabel('Email').fill(globex.email);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill('not-the-password-at-all');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByRole('alert')).toHaveText('Email or password is wrong.');
    await expect(page).toHaveURL(/\/login$/);
  });

  test('log in from the public site: straight into the only workspace', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('Email').fill(globex.email);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(globex.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(workspaceUrl(globex.subdomain));
    await expect(page.getByTestId('company-name')).toHaveText(globex.company);
  });

  test('the global search box opens the search page', async ({ page }) => {
    await logIn(page, globex);
    await page.getByRole('searchbox', { name: 'Search' }).fill('acme');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/search\?q=acme$/);
    await expect(page.getByRole('heading', { name: 'Search results for “acme”' })).toBeVisible();
    await expectAccessible(page, 'search');
  });

  test('a user of another tenant sees none of it', async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signUp(page, initech);
    await expect(page.getByText(globex.company)).toHaveCount(0);
    await shoot(page, 'other-tenant-dashboard');

    // Signed in at Initech, Globex's host knows nobody: its pages send them to log in...
    await page.goto(workspaceUrl(globex.subdomain, '/settings'));
    await page.waitForURL(workspaceUrl(globex.subdomain, '/login'));
    await expect(page.getByText(globex.company)).toHaveCount(0);
    // ...their credentials don't open it...
    await page.getByLabel('Email').fill(initech.email);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(initech.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByRole('alert')).toHaveText('Email or password is wrong.');
    // ...and its API, asked from the page with whatever cookies the browser holds, answers nothing.
    const body = await page.evaluate(async () => {
      const response = await fetch('/graphql/', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ query: '{ currentTenant { name } me { email } }' }),
      });
      return response.json();
    });
    expect(body.data).toBeNull();
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(body)).not.toContain(globex.company);

    // Their own workspace still works.
    await page.goto(workspaceUrl(initech.subdomain));
    await expect(page.getByTestId('company-name')).toHaveText(initech.company);
    await context.close();
  });

  test('on a phone: the navigation folds into a menu, nothing scrolls sideways', async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await logIn(page, globex);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await expect(nav).toBeHidden();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectAccessible(page, 'dashboard on a phone');
    await shoot(page, 'dashboard-phone');

    await page.getByRole('button', { name: 'Open navigation' }).click();
    await expect(nav).toBeVisible();
    await shoot(page, 'navigation-phone');
    await nav.getByRole('link', { name: 'Settings' }).click();
    await expect(nav).toBeHidden();
    await expect(page.getByTestId('company-profile')).toContainText(globex.company);
    await context.close();
  });

  test('installable: manifest and service worker', async ({ page }) => {
    await logIn(page, globex);
    const json = await page.evaluate(async () => (await fetch('/manifest.webmanifest')).json());
    expect(json.display).toBe('standalone');
    expect(json.icons.map((i: { sizes: string }) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    const scriptURL = await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL);
    expect(scriptURL).toBe(workspaceUrl(globex.subdomain, '/sw.js'));

    // Offline, the page still opens from the service worker's copy and says why data is missing.
    await page.reload(); // the worker now controls the page and has cached the shell
    await expect(page.getByTestId('company-name')).toHaveText(globex.company);
    await page.context().setOffline(true);
    await expect(page.getByTestId('offline-banner')).toBeVisible();
    // Reloading offline opens the saved session from the worker's copy: the workspace, one banner.
    await page.reload();
    await expect(page.getByTestId('company-name')).toHaveText(globex.company);
    await expect(page.getByTestId('offline-banner')).toHaveCount(1);
    await expect(page.getByText('Cannot reach the server. Check your connection.')).toHaveCount(0);
    await page.context().setOffline(false);
    await expect(page.getByTestId('offline-banner')).toHaveCount(0);
    await expect(page.getByTestId('company-name')).toHaveText(globex.company);
  });
});
