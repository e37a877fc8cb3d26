import { ActionIcon, Group, Kbd, Modal, Table, Text, Title } from '@mantine/core';
import { Fragment, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { CommandAction, NavItem, SearchProvider, SettingsSection } from '../../modules/types';
import { IconKeyboard } from '../icons';
import { dialogOpen, isCommandMenuKey, isHelpKey } from '../keyboard/keys';
import { CommandMenu, commandMenu, commandMenuStore } from './CommandMenu';
import { isMac, shortcutSections } from './shortcuts';

/** The overlay `?` opens: every shortcut, grouped. */
export function ShortcutsHelp({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const mac = isMac();
  return (
    <Modal opened={opened} onClose={onClose} title={t('shortcuts.title')} size="lg" closeButtonProps={{ 'aria-label': t('app.close') }}>
      {shortcutSections(mac).map((section) => (
        <Fragment key={section.title}>
          <Title order={3} size="h5" mt="sm" mb={4}>
            {t(section.title)}
          </Title>
          <Table verticalSpacing={4} data-testid={`shortcuts-${section.title.split('.')[1]}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w="40%">{t('shortcuts.keys')}</Table.Th>
                <Table.Th>{t('shortcuts.action')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {section.shortcuts.map((s) => (
                <Table.Tr key={s.description}>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      {s.keys.map((combo, i) => (
                        <Fragment key={combo.join('+')}>
                          {i > 0 && <Text size="sm">{t('shortcuts.or')}</Text>}
                          {combo.map((key, k) => (
                            <Fragment key={key}>
                              {k > 0 && <Text size="sm">+</Text>}
                              <Kbd>{key}</Kbd>
                            </Fragment>
                          ))}
                        </Fragment>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>{t(s.description)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Fragment>
      ))}
    </Modal>
  );
}

/**
 * The workspace's keyboard layer, mounted once by the shell: Ctrl/Cmd+K toggles the command menu
 * (from anywhere, fields included), `?` opens the shortcuts overlay (not while typing or under a dialog).
 * List rows get j/k from `useRowNavigation` in the list itself.
 */
export function KeyboardShortcuts(props: {
  role: string;
  pages: NavItem[];
  settings: SettingsSection[];
  commands: CommandAction[];
  search: SearchProvider[];
}) {
  const [help, setHelp] = useState(false);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isCommandMenuKey(event)) {
        event.preventDefault();
        setHelp(false);
        commandMenu.toggle();
      } else if (isHelpKey(event) && !dialogOpen() && !commandMenuStore.getState().opened) {
        event.preventDefault();
        setHelp(true);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return (
    <>
      <CommandMenu {...props} />
      <ShortcutsHelp opened={help} onClose={() => setHelp(false)} />
    </>
  );
}

/** The header's way into the command menu, for the mouse and touch (and to show the shortcut exists). */
export function CommandMenuButton() {
  const { t } = useTranslation();
  const label = t('command.open', { keys: isMac() ? '⌘K' : 'Ctrl+K' });
  return (
    <ActionIcon variant="subtle" color="gray" size="lg" aria-label={label} title={label} onClick={() => commandMenu.open()} visibleFrom="sm">
      <IconKeyboard />
    </ActionIcon>
  );
}
