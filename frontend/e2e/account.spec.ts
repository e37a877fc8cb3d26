import { expect, test } from '@playwright/test';

import { account, emailLink, expectAccessible, shoot, signUp, workspaceUrl } from './helpers';

// Account recovery end to end: the reset link is read from the server's console email backend.

test('forgot password: email link, new password, every session ended, link single use', async ({ browser, page }) => {
  const owner = account('Reset Co', 'reset', 'Rita Reset');
  await signUp(page, owner); // this tab stays signed in until the reset

  const other = await browser.newContext();
  const tab = await other.newPage();
  await tab.goto(workspaceUrl(owner.subdomain, '/login'));
  await tab.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(tab.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
  await expectAccessible(tab, 'forgot password');
  await tab.getByLabel('Email').fill(owner.email);
  await tab.getByRole('button', { name: 'Email me a link' }).click();
  await expect(tab.getByRole('status')).toContainText('a link to reset the password is on its way');
  await shoot(tab, 'forgot-password');

  const link = await emailLink(owner.email, /https?:\/\/\S+\/reset-password\?token=[\w:-]+/);
  expect(link.startsWith(workspaceUrl(owner.subdomain, '/reset-password?token='))).toBe(true);
  await tab.goto(link);
  await expect(tab.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await expectAccessible(tab, 'reset password');
  const newPassword = `${owner.password}-new`;
  await tab.getByRole('textbox', { name: 'New password', exact: true }).fill(newPassword);
  await tab.getByRole('textbox', { name: 'Repeat the new password' }).fill('something else entirely');
  await tab.getByRole('button', { name: 'Set new password' }).click();
  await expect(tab.getByText('The two passwords differ.')).toBeVisible();
  await tab.getByRole('textbox', { name: 'Repeat the new password' }).fill(newPassword);
  await tab.getByRole('button', { name: 'Set new password' }).click();
  await expect(tab.getByRole('status')).toContainText('Your password is changed');

  // The first tab's session ended with the reset.
  await page.reload();
  await expect(page).toHaveURL(/\/login$/);

  // The link works once.
  await tab.goto(link);
  await tab.getByRole('textbox', { name: 'New password', exact: true }).fill(`${newPassword}-again`);
  await tab.getByRole('textbox', { name: 'Repeat the new password' }).fill(`${newPassword}-again`);
  await tab.getByRole('button', { name: 'Set new password' }).click();
  await expect(tab.getByRole('alert')).toHaveText('This link was used already; ask for a new one.');

  // The new password signs in.
  await tab.goto(workspaceUrl(owner.subdomain, '/login'));
  await tab.getByLabel('Email').fill(owner.email);
  await tab.getByRole('textbox', { name: 'Password', exact: true }).fill(newPassword);
  await tab.getByRole('button', { name: 'Log in' }).click();
  await expect(tab.getByTestId('company-name')).toHaveText(owner.company);
  await other.close();
});

test('the public site: forgot password and find your workspace answer the same for anyone', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('link', { name: 'Find your workspace' }).click();
  await expect(page.getByRole('heading', { name: 'Find your workspace' })).toBeVisible();
  await page.getByLabel('Email').fill('nobody-at-all@nowhere.example.com');
  await page.getByRole('button', { name: 'Email me my workspaces' }).click();
  await expect(page.getByRole('status')).toContainText('If nobody-at-all@nowhere.example.com belongs to any workspace');
  await expectAccessible(page, 'find workspace');

  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await page.getByLabel('Email').fill('nobody-at-all@nowhere.example.com');
  await page.getByLabel('Workspace address').fill('no-such-place');
  await page.getByRole('button', { name: 'Email me a link' }).click();
  await expect(page.getByRole('status')).toContainText('a link to reset the password is on its way');
});

test('an unknown workspace address shows a page (in the browser’s language) that leads to yours', async ({ browser, page }) => {
  const ghost = workspaceUrl(`no-such-workspace-${Date.now().toString(36)}`, '/contacts');
  const response = await page.goto(ghost);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'This workspace does not exist' })).toBeVisible();
  await expect(page.locator('body')).not.toContainText('"error"');
  await expectAccessible(page, 'unknown workspace');
  await shoot(page, 'unknown-workspace');
  await page.getByRole('link', { name: 'Find your workspace' }).click();
  await expect(page.getByRole('heading', { name: 'Find your workspace' })).toBeVisible();

  const chinese = await browser.newContext({ locale: 'zh-CN' });
  const zh = await chinese.newPage();
  await zh.goto(ghost);
  await expect(zh.getByRole('heading', { name: '此工作区不存在' })).toBeVisible();
  await expect(zh.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(zh.getByRole('link', { name: '查找您的工作区' })).toHaveAttribute('href', /\/find-workspace$/);
  await shoot(zh, 'unknown-workspace-zh');
  await chinese.close();
});
