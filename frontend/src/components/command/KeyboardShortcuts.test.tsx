import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { setLanguage } from '../../i18n';
import type { CommandAction, NavItem, SearchProvider, SettingsSection } from '../../modules/types';
import { renderWith } from '../../test/render';
import { commandMenu } from './CommandMenu';
import { CommandMenuButton, KeyboardShortcuts } from './KeyboardShortcuts';

const pages: NavItem[] = [
  { to: '/', label: 'nav.home', order: 0 },
  { to: '/customers/companies', label: 'Companies', order: 100 },
  { to: '/admin-only', label: 'Audit log', order: 200, visible: (role) => role === 'owner' },
];
const settings: SettingsSection[] = [{ id: 'roles', label: 'Roles', order: 10, component: () => null }];
const newCompany = vi.fn();
const commands: CommandAction[] = [
  { id: 'new-company', label: 'New company', order: 1, run: ({ navigate }) => { newCompany(); navigate('/customers/companies?new=1'); } },
];
const search: SearchProvider[] = [
  {
    id: 'customers',
    search: async (term) =>
      'acme ltd'.includes(term.toLowerCase())
        ? [{ id: 'c1', title: 'Acme Ltd', subtitle: 'Mining', to: '/customers/companies/c1', kind: 'Company' }]
        : [],
  },
];

function Where() {
  const location = useLocation();
  return <p data-testid="where">{location.pathname + location.search}</p>;
}

function renderKeys(role = 'sales') {
  return renderWith(
    <>
      <input aria-label="Notes" />
      <KeyboardShortcuts role={role} pages={pages} settings={settings} commands={commands} search={search} />
      <CommandMenuButton />
      <Where />
    </>,
  );
}

afterEach(async () => {
  commandMenu.close();
  await setLanguage('en');
});

describe('command menu', () => {
  it('opens on Ctrl+K with the pages the role sees and the modules\' actions, and jumps to a page', async () => {
    const user = userEvent.setup();
    renderKeys();
    await user.keyboard('{Control>}k{/Control}');
    const box = await screen.findByRole('combobox', { name: /command menu/i });
    const list = screen.getByRole('listbox');
    const options = within(list).getAllByRole('option').map((o) => o.textContent);
    expect(options).toEqual(['New company', 'Home', 'Companies', 'Settings › Roles']);
    expect(options).not.toContain('Audit log');
    await user.type(box, 'compan');
    await waitFor(() => expect(within(screen.getByRole('listbox')).getAllByRole('option').map((o) => o.textContent)).toEqual(['New company', 'Companies']));
    // Typing highlights the first entry; the arrow moves, and the combobox points at it.
    await user.keyboard('{ArrowDown}');
    await waitFor(() => {
      const highlighted = document.getElementById(box.getAttribute('aria-activedescendant') ?? '');
      expect(highlighted).toHaveTextContent('Companies');
      expect(highlighted).toHaveAttribute('aria-selected', 'true');
    });
    await user.keyboard('{Enter}');
    expect(screen.getByTestId('where')).toHaveTextContent('/customers/companies');
    await waitFor(() => expect(screen.queryByRole('combobox', { name: /command menu/i })).not.toBeInTheDocument());
  });

  it('finds records through the global search providers and opens one', async () => {
    const user = userEvent.setup();
    renderKeys();
    // From inside a field too: Ctrl+K is not typing.
    await user.click(screen.getByLabelText('Notes'));
    await user.keyboard('{Control>}k{/Control}');
    const box = await screen.findByRole('combobox', { name: /command menu/i });
    await user.type(box, 'acme');
    const record = await screen.findByRole('option', { name: /Acme Ltd/ });
    expect(record).toHaveTextContent('Company · Mining');
    await user.keyboard('{Enter}');
    expect(screen.getByTestId('where')).toHaveTextContent('/customers/companies/c1');
  });

  it('runs a module action', async () => {
    const user = userEvent.setup();
    renderKeys();
    await user.keyboard('{Meta>}k{/Meta}');
    await user.click(await screen.findByRole('option', { name: 'New company' }));
    expect(newCompany).toHaveBeenCalled();
    expect(screen.getByTestId('where')).toHaveTextContent('/customers/companies?new=1');
  });

  it('opens from the header button too (for the mouse and touch)', async () => {
    const user = userEvent.setup();
    renderKeys();
    await user.click(screen.getByRole('button', { name: 'Command menu (Ctrl+K)' }));
    expect(await screen.findByRole('combobox', { name: /command menu/i })).toBeInTheDocument();
  });

  it('says so when nothing matches', async () => {
    const user = userEvent.setup();
    renderKeys();
    await user.keyboard('{Control>}k{/Control}');
    await user.type(await screen.findByRole('combobox', { name: /command menu/i }), 'qqqq');
    expect(await screen.findByText('Nothing matches.')).toBeInTheDocument();
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
  });
});

describe('shortcuts overlay', () => {
  it('opens on ? and lists the shortcuts, in the interface language', async () => {
    const user = userEvent.setup();
    renderKeys();
    await user.keyboard('?');
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(within(dialog).getByText('Open the command menu')).toBeInTheDocument();
    expect(within(dialog).getByText('Next row')).toBeInTheDocument();
    expect(within(dialog).getByText('Open the highlighted row')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Keyboard shortcuts' })).not.toBeInTheDocument());
    await setLanguage('zh-CN');
    await user.keyboard('?');
    expect(await screen.findByRole('dialog', { name: '键盘快捷键' })).toBeInTheDocument();
  });

  it('is not opened by ? typed into a field', async () => {
    const user = userEvent.setup();
    renderKeys();
    await user.type(screen.getByLabelText('Notes'), 'why?');
    expect(screen.getByLabelText('Notes')).toHaveValue('why?');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});
