import { expect, test, type Page } from '@playwright/test';

import { account, expectAccessible, invitationLink, shoot, signUp, workspaceUrl } from './helpers';

// Field rules of a custom role: the admin hides contacts' e-mails from a role, a colleague with
// that role reads the contacts without them.
const wayne = account('Wayne Enterprises', 'wayne', 'Lucius Fox');
const colleague = { fullName: 'Selina Kyle', email: wayne.email.replace('wayne-', 'selina-'), password: `${wayne.password}-selina` };

async function choose(page: Page, select: string, option: string): Promise<void> {
  await page.getByRole('textbox', { name: select }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** The value shown beside a label in a record page's details list. */
const detail = (page: Page, label: string) =>
  page.locator('dl dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');

test('a custom role hides contacts’ e-mails from the colleague who has it', async ({ page, browser }) => {
  test.setTimeout(120_000); // a long walk with two browser contexts: 58-61 s alone on a loaded 2-core machine
  await signUp(page, wayne);
  await page.goto(workspaceUrl(wayne.subdomain, '/customers/companies'));
  await page.getByRole('button', { name: 'New company' }).click();
  const newCompany = page.getByRole('dialog', { name: 'New company' });
  await newCompany.getByRole('textbox', { name: 'Company name' }).fill('Gotham Rail');
  await newCompany.getByRole('button', { name: 'Create company' }).click();
  await expect(page.getByTestId('record-title')).toHaveText('Gotham Rail');
  await page.getByRole('tab', { name: /Contacts/ }).click();
  await page.getByRole('button', { name: 'Add contact' }).click();
  const addContact = page.getByRole('dialog', { name: 'Add contact' });
  await addContact.getByRole('textbox', { name: 'First name' }).fill('Harvey');
  await addContact.getByRole('textbox', { name: 'Last name' }).fill('Dent');
  await addContact.getByRole('textbox', { name: 'Email' }).fill('harvey@gotham.example.com');
  await addContact.getByRole('button', { name: 'Create contact' }).click();
  await expect(addContact).toBeHidden();

  // Settings → Roles: a role that reads everything but not contacts' e-mails.
  await page.goto(workspaceUrl(wayne.subdomain, '/settings'));
  await page.getByRole('tab', { name: 'Roles' }).click();
  await page.getByRole('button', { name: 'New role' }).click();
  const editor = page.getByRole('dialog', { name: 'New role' });
  await editor.getByRole('textbox', { name: 'Name' }).fill('Front desk');
  const rules = editor.getByTestId('field-rules');
  await expect(rules.getByRole('textbox', { name: 'Rule for Contact Emails' })).toHaveValue('Visible and editable');
  await expect(rules.getByRole('textbox', { name: 'Rule for Company Credit limit' })).toHaveValue('Visible and editable');
  await choose(page, 'Rule for Contact Emails', 'Hidden');
  await choose(page, 'Rule for Contact Phones', 'Read-only');
  await expectAccessible(page, 'settings: role editor with field rules');
  await shoot(page, 'settings-role-field-rules');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor).toBeHidden();
  await expect(page.getByTestId('roles-table')).toContainText('Front desk');

  // Saved: editing it again shows the rules as stored.
  await page.getByTestId('roles-table').getByRole('row', { name: /Front desk/ }).getByRole('button', { name: 'Edit' }).click();
  const again = page.getByRole('dialog', { name: 'Edit role Front desk' });
  await expect(again.getByRole('textbox', { name: 'Rule for Contact Emails' })).toHaveValue('Hidden');
  await expect(again.getByRole('textbox', { name: 'Rule for Contact Phones' })).toHaveValue('Read-only');
  await page.keyboard.press('Escape');
  await expect(again).toBeHidden();

  // Invite a colleague with that role; she joins in her own browser.
  await page.getByRole('tab', { name: 'Invitations' }).click();
  await page.getByRole('textbox', { name: 'Email address' }).fill(colleague.email);
  await choose(page, 'Role', 'Front desk');
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByTestId('invitations-table')).toContainText(colleague.email);
  const context = await browser.newContext();
  const selina = await context.newPage();
  await selina.goto(await invitationLink(colleague.email));
  await selina.getByRole('textbox', { name: 'Your name' }).fill(colleague.fullName);
  await selina.getByRole('textbox', { name: 'Password', exact: true }).fill(colleague.password);
  await selina.getByRole('button', { name: 'Join the workspace' }).click();
  await selina.waitForURL(workspaceUrl(wayne.subdomain, '/'));

  // She sees the contact, without its e-mail, in the list and on its page.
  await selina.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Contacts' }).click();
  const table = selina.getByTestId('records-table');
  await expect(table).toContainText('Harvey Dent');
  await expect(table).not.toContainText('harvey@gotham.example.com');
  // A hidden field is not a failure: no error text above the list.
  await expect(selina.getByText(/may not see/)).toHaveCount(0);
  await table.getByRole('link', { name: 'Harvey Dent' }).click();
  await expect(selina.getByTestId('record-title')).toHaveText('Harvey Dent');
  // A hidden field is not on the page at all; a read-only one is shown, not offered for editing.
  await expect(selina.locator('dl dt', { hasText: /^Email$/ })).toHaveCount(0);
  await expect(selina.locator('dd[data-field="phones"] [data-readonly]')).toBeVisible();
  await expect(selina.getByText('harvey@gotham.example.com')).toHaveCount(0);
  await expectAccessible(selina, 'contact page with a hidden field');
  await shoot(selina, 'contact-field-hidden');
  await context.close();

  // The admin still sees it.
  await page.goto(workspaceUrl(wayne.subdomain, '/customers/contacts'));
  await page.getByTestId('records-table').getByRole('link', { name: 'Harvey Dent' }).click();
  await expect(detail(page, 'Email')).toHaveText('harvey@gotham.example.com');
});
