import { ActionIcon, Button, Indicator, Popover, Stack, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

import { IconBell } from '../components/icons';
import { useFormat } from '../locale';
import { useNotifications } from './notifications';

/** The bell in the header and its list; modules push notifications through useNotifications(). */
export function NotificationsButton() {
  const { t } = useTranslation();
  const { items, unread, markAllRead } = useNotifications();
  const format = useFormat();
  const navigate = useNavigate();
  const label = unread ? `${t('notifications.label')} (${t('notifications.unread', { count: unread })})` : t('notifications.label');
  return (
    <Popover position="bottom-end" width={320} shadow="md" withinPortal>
      <Popover.Target>
        <ActionIcon variant="subtle" color="gray" size="lg" aria-label={label} title={t('notifications.label')}>
          <Indicator disabled={!unread} label={unread} size={16} offset={2} color="red.8">
            <IconBell />
          </Indicator>
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown aria-label={t('notifications.label')}>
        {items.length === 0 ? (
          <Text size="sm">{t('notifications.empty')}</Text>
        ) : (
          <Stack gap="xs">
            {items.map((n) => (
              <UnstyledButton key={n.id} onClick={() => n.to && navigate(n.to)} disabled={!n.to}>
                <Text size="sm" fw={n.read ? 400 : 700}>
                  {n.title}
                </Text>
                {n.body && <Text size="xs">{n.body}</Text>}
                <Text size="xs" c="dimmed">
                  {format.relative(n.at)}
                </Text>
              </UnstyledButton>
            ))}
            <Button variant="subtle" size="xs" onClick={markAllRead}>
              {t('notifications.markAllRead')}
            </Button>
          </Stack>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
