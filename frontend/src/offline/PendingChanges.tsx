import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { replaySoon } from './OfflineSync';
import { asEditorText, dropEdit, keepMine, NEW_RECORD, type QueuedEdit } from './queue';
import { useOfflineScope, useQueuedEdits } from './useSavedRecord';

const shown = (value: string, edit: QueuedEdit) => (edit.choices?.find((c) => c.value === value)?.label ?? value) || '—';

/**
 * The edits made offline still to send: waiting, in conflict (someone else changed the same field
 * meanwhile: both values, "Keep mine" or "Take theirs"), or refused by the server (its message,
 * "Dismiss"). On a record page its own edits (`recordId`); on "Available offline" all of them, each
 * linking to its record (`pathOf`).
 */
export function PendingChanges({ recordId, pathOf }: { recordId?: string; pathOf?: (edit: QueuedEdit) => string | null }) {
  const { t } = useTranslation();
  const scope = useOfflineScope();
  const edits = useQueuedEdits(recordId);
  if (!edits.length) return null;
  return (
    <Paper withBorder p="md" radius="md" data-testid="pending-changes">
      <Title order={2} size="h4" mb="sm">
        {t('offlineQueue.title', { count: edits.length })}
      </Title>
      <Stack gap="sm" component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
        {edits.map((edit) => {
          const path = pathOf?.(edit);
          // A record made or deleted offline says so; a field's edit shows its new value.
          const what = edit.op === 'delete' ? t('offlineQueue.deleted') : edit.op === 'create' ? t('offlineQueue.created') : `${edit.fieldLabel}: ${shown(edit.value, edit)}`;
          return (
            <li key={edit.key} data-testid="pending-change" data-state={edit.state}>
              <Group gap="xs" wrap="wrap">
                {path && !edit.recordId.startsWith(NEW_RECORD) ? (
                  <Anchor component={Link} to={path} size="sm" fw={600}>
                    {edit.recordLabel}
                  </Anchor>
                ) : (
                  pathOf && (
                    <Text size="sm" fw={600}>
                      {edit.recordLabel}
                    </Text>
                  )
                )}
                <Text size="sm">{what}</Text>
                {edit.state === 'pending' && (
                  <Badge variant="outline" color="gray.7">
                    {t('offlineQueue.waiting')}
                  </Badge>
                )}
              </Group>
              {edit.state === 'conflict' && (
                // Titles in the body's colour: an Alert's coloured title fails contrast (axe) on its light background.
                <Alert color="orange" role="alert" mt={4} data-testid="offline-conflict">
                  <Stack gap={4}>
                    <Text size="sm" fw={700}>
                      {t('offlineQueue.conflictTitle', { field: edit.fieldLabel })}
                    </Text>
                    <Text size="sm">{t('offlineQueue.yours', { value: shown(edit.value, edit) })}</Text>
                    <Text size="sm">{t('offlineQueue.theirs', { value: edit.theirs === undefined ? '?' : shown(asEditorText(edit.theirs), edit) })}</Text>
                    <Group gap="xs">
                      <Button
                        size="xs"
                        onClick={async () => {
                          await keepMine(scope, edit.key);
                          replaySoon();
                        }}
                      >
                        {t('offlineQueue.keepMine')}
                      </Button>
                      <Button size="xs" variant="default" onClick={() => void dropEdit(scope, edit.key)}>
                        {t('offlineQueue.takeTheirs')}
                      </Button>
                    </Group>
                  </Stack>
                </Alert>
              )}
              {edit.state === 'refused' && (
                <Alert color="red" role="alert" mt={4}>
                  <Text size="sm" fw={700}>
                    {t('offlineQueue.refusedTitle', { field: edit.op && edit.op !== 'update' ? `${edit.recordLabel} (${what})` : edit.fieldLabel })}
                  </Text>
                  <Group gap="xs" justify="space-between">
                    <Text size="sm">{edit.message}</Text>
                    <Button size="xs" variant="default" onClick={() => void dropEdit(scope, edit.key)}>
                      {t('offlineQueue.dismiss')}
                    </Button>
                  </Group>
                </Alert>
              )}
            </li>
          );
        })}
      </Stack>
    </Paper>
  );
}
