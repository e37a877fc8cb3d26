import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { describe, expect, it, vi } from 'vitest';

import { SessionContext } from '../auth/session';
import { setLanguage } from '../i18n';
import { registry } from '../modules';
import { listEdits, queueEdit } from '../offline/queue';
import { adoptScope, resetOfflineStoreForTests } from '../offline/store';
import { HomePage } from '../modules/platform/HomePage';
import { visibleNav } from '../modules/registry';
import { renderWith, testTenant } from '../test/render';
import { AppShell } from './AppShell';
import { NotificationsProvider, useNotifications } from './notifications';
import { initials } from './UserMenu';

const session = {
  state: {
    status: 'signed-in' as const,
    me: { id: 'VXNlcjox', email: 'hank@globex.example.com', fullName: 'Hank Scorpio', role: 'owner' },
    tenant: testTenant(),
  },
  refresh: vi.fn(),
  logOut: vi.fn(async () => {}),
};

function PushButton() {
  const { push } = useNotifications();
  return <button onClick={() => push({ id: 'n1', title: 'Deal won' })}>push</button>;
}

function renderShell(route = '/') {
  return renderWith(
    <SessionContext.Provider value={session}>
      <NotificationsProvider>
        <PushButton />
        <Routes>
          <Route path="/" element={<AppShell />}>
            <Route index element={<HomePage />} />
            <Route path="settings" element={<p>settings page</p>} />
          </Route>
          <Route path="/login" element={<p>login page</p>} />
        </Routes>
      </NotificationsProvider>
    </SessionContext.Provider>,
    { route },
  );
}

describe('AppShell', () => {
  it('shows the workspace, the registered navigation and the dashboard', () => {
    renderShell();
    expect(screen.getByTestId('company-name')).toHaveTextContent('Globex Corp');
    const nav = screen.getByRole('navigation', { name: 'Main navigation' });
    // In the registry's order: home first, settings last, every installed module's pages between.
    const labels = within(nav).getAllByRole('link').map((a) => a.textContent);
    expect(labels).toHaveLength(visibleNav(registry.nav, 'owner').length);
    expect(labels[0]).toBe('Home');
    expect(labels.at(-1)).toBe('Settings');
    expect(labels.indexOf('Companies')).toBeLessThan(labels.indexOf('Contacts'));
    expect(labels).toEqual(expect.arrayContaining(['Public pool', 'Recycle bin', 'Audit log']));
    expect(within(nav).getByRole('link', { name: 'Home' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('heading', { name: 'Welcome, Hank Scorpio' })).toBeInTheDocument();
    expect(screen.getByTestId('workspace-name')).toHaveTextContent('Globex Corp');
    expect(screen.getByRole('searchbox', { name: 'Search' })).toBeInTheDocument();
  });

  it('logs out from the user menu', async () => {
    const user = userEvent.setup();
    renderShell();
    await user.click(screen.getByRole('button', { name: /Account menu/ }));
    await user.click(await screen.findByRole('menuitem', { name: 'Log out' }));
    await waitFor(() => expect(session.logOut).toHaveBeenCalled());
    expect(await screen.findByText('login page')).toBeInTheDocument();
  });

  it('asks before logging out with changes made offline not sent yet, which then leave with the store', async () => {
    globalThis.indexedDB = new IDBFactory();
    resetOfflineStoreForTests();
    session.logOut.mockClear();
    const scope = { workspace: 'globex', viewer: 'hank@globex.example.com' };
    await adoptScope(scope, 'owner');
    await queueEdit(scope, { recordType: 'Company', recordId: 'C1', recordLabel: 'Acme', field: 'industry', fieldLabel: 'Industry', value: 'Tools', before: '', input: { industry: 'Tools' } });
    const user = userEvent.setup();
    renderShell();
    await user.click(screen.getByRole('button', { name: /Account menu/ }));
    await user.click(await screen.findByRole('menuitem', { name: 'Log out' }));
    const dialog = await screen.findByRole('dialog', { name: '1 change made offline is not sent yet' });
    expect(session.logOut).not.toHaveBeenCalled();
    await user.click(within(dialog).getByRole('button', { name: 'Log out anyway' }));
    await waitFor(() => expect(session.logOut).toHaveBeenCalled());
    expect(await screen.findByText('login page')).toBeInTheDocument();
    expect(await listEdits(scope)).toEqual([]);
  });

  it('switches language', async () => {
    const user = userEvent.setup();
    renderShell();
    await user.click(screen.getByRole('button', { name: 'Language' }));
    await user.click(await screen.findByRole('menuitem', { name: '简体中文' }));
    expect(await screen.findByRole('heading', { name: '欢迎，Hank Scorpio' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('zh-CN');
    await setLanguage('en');
  });

  it('counts unread notifications pushed by modules', async () => {
    const user = userEvent.setup();
    renderShell();
    expect(screen.getByRole('button', { name: 'Notifications' })).toBeInTheDocument();
    await user.click(screen.getByText('push'));
    expect(screen.getByRole('button', { name: 'Notifications (1 unread)' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Notifications (1 unread)' }));
    expect(await screen.findByText('Deal won')).toBeInTheDocument();
  });
});

describe('initials', () => {
  it('takes Latin initials or the first Chinese character', () => {
    expect(initials('Hank Scorpio', 'h@x')).toBe('HS');
    expect(initials('王小明', 'w@x')).toBe('王');
    expect(initials('', 'zoe@x')).toBe('Z');
  });
});
