import { Alert, Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CombinedError } from 'urql';

import { useOnline } from '../../offline/useSavedRecord';

/** A list's failure as people read it: offline, server unreachable, or the server's own message. */
export function listErrorMessage(error: CombinedError | Error | null | undefined, online: boolean, t: (key: string) => string): string | null {
  if (!error) return null;
  const combined = error as Partial<CombinedError>;
  if (!online) return t('list.offline');
  if (combined.networkError) return t('errors.network');
  const first = combined.graphQLErrors?.[0]?.message;
  return first ?? t('errors.generic');
}

/**
 * Why a list (or its next page) could not load, said once and in words: never urql's raw
 * "[Network] Failed to fetch". Offline, it points to the records saved on this device.
 */
export function ListError({ error, onRetry }: { error: CombinedError | Error | null | undefined; onRetry?: () => void }) {
  const { t } = useTranslation();
  const online = useOnline();
  const message = listErrorMessage(error, online, t);
  if (!message) return null;
  return (
    <Alert color={online ? 'red' : 'yellow'} role="alert" data-testid="list-error">
      <Group justify="space-between" gap="sm">
        <Text size="sm">{message}</Text>
        {onRetry && online && (
          <Button size="compact-sm" variant="default" onClick={onRetry}>
            {t('errors.retry')}
          </Button>
        )}
      </Group>
    </Alert>
  );
}
