import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import i18n from '../i18n';

/**
 * "Applies to 250 records": said in a bulk action's dialog when the selection is "all N matching",
 * so nobody deletes or tags records they never saw loaded without being told how many.
 */
export function AppliesTo({ count }: { count: number | undefined }) {
  const { t } = useTranslation();
  if (count === undefined) return null;
  return (
    <Text size="sm" fw={600} data-testid="applies-to">
      {t('confirm.appliesTo', { count })}
    </Text>
  );
}

/**
 * "Delete 3 companies?" — a destructive action asks first, saying how many records it touches.
 * `onConfirm` runs the action; the dialog closes when it settles. `appliesTo`: the count of a
 * select-all-matching selection (see AppliesTo).
 */
export function ConfirmAction({
  title,
  message,
  confirmLabel,
  appliesTo,
  onConfirm,
  onClose,
}: {
  title: string;
  message: string;
  confirmLabel: string;
  appliesTo?: number;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  return (
    <Modal opened onClose={onClose} title={title} closeButtonProps={{ 'aria-label': t('confirm.cancel') }}>
      <Stack>
        <Text size="sm">{message}</Text>
        <AppliesTo count={appliesTo} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            {t('confirm.cancel')}
          </Button>
          <Button
            color="red.8"
            loading={busy}
            onClick={async () => {
              setBusy(true);
              try {
                await onConfirm();
              } finally {
                setBusy(false);
                onClose();
              }
            }}
          >
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/**
 * A notice that something was done, with "Undo" for a while (soft deletes make undo cheap):
 * `undo` puts things back and resolves to how many records it restored.
 */
export function notifyWithUndo({ message, undo }: { message: string; undo: () => Promise<number> }) {
  const id = `undo-${Date.now()}`;
  notifications.show({
    id,
    autoClose: 10_000,
    closeButtonProps: { 'aria-label': i18n.t('app.close') },
    message: (
      <Group justify="space-between" gap="sm" wrap="nowrap" data-testid="undo-notice">
        <Text size="sm">{message}</Text>
        <Button
          size="compact-sm"
          variant="default"
          onClick={async () => {
            notifications.hide(id);
            const count = await undo();
            notifications.show({ message: i18n.t('confirm.undone', { count }), color: 'green', autoClose: 4000, closeButtonProps: { 'aria-label': i18n.t('app.close') } });
          }}
        >
          {i18n.t('confirm.undo')}
        </Button>
      </Group>
    ),
  });
}
