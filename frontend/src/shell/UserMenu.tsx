import { Avatar, Menu, Text, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

import { useMember, useSession } from '../auth/session';
import { IconLogout, IconSettings } from '../components/icons';
import { ConfirmAction } from '../components/ConfirmAction';
import { wipeOffline } from '../offline/store';
import { useQueuedEdits } from '../offline/useSavedRecord';

export function initials(name: string, email: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return email.slice(0, 1).toUpperCase();
  // CJK names: the first character; others: first letters of the first two words.
  if (/[\u3400-\u9fff]/.test(words[0])) return words[0].slice(0, 1);
  return words
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
}

export function UserMenu() {
  const { t } = useTranslation();
  const { me } = useMember();
  const { logOut } = useSession();
  const navigate = useNavigate();
  // Changes made offline and not sent yet leave with the device's store: say so before they go.
  const unsent = useQueuedEdits().length;
  const [asking, setAsking] = useState(false);
  const leave = async () => {
    await logOut();
    // The offline store (records, versions, queued edits) leaves with the member.
    await wipeOffline();
    navigate('/login', { replace: true });
  };
  return (
    <>
    {asking && (
      <ConfirmAction
        title={t('user.unsentTitle', { count: unsent })}
        message={t('user.unsentMessage', { count: unsent })}
        confirmLabel={t('user.logOutAnyway')}
        onConfirm={leave}
        onClose={() => setAsking(false)}
      />
    )}
    <Menu position="bottom-end" withinPortal width={240}>
      <Menu.Target>
        <UnstyledButton aria-label={`${t('user.menu')}: ${me.fullName}`} data-testid="user-menu">
          <Avatar color="blue" variant="filled" radius="xl" size={34}>
            {initials(me.fullName, me.email)}
          </Avatar>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('user.signedInAs')}</Menu.Label>
        <div style={{ padding: '0 12px 8px' }}>
          <Text size="sm" fw={600}>
            {me.fullName}
          </Text>
          <Text size="xs">{me.email}</Text>
          <Text size="xs">{t(`roles.${me.role}`, { defaultValue: me.role })}</Text>
        </div>
        <Menu.Divider />
        <Menu.Item leftSection={<IconSettings size={16} />} onClick={() => navigate('/settings')}>
          {t('user.settings')}
        </Menu.Item>
        <Menu.Item
          leftSection={<IconLogout size={16} />}
          onClick={() => (unsent ? setAsking(true) : void leave())}
        >
          {t('user.logOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
    </>
  );
}
