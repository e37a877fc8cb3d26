import { Alert } from '@mantine/core';
import { useNetwork } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';

/** Says so when the device is offline: what is on screen may be stale, changes won't be saved. */
export function OfflineBanner() {
  const { t } = useTranslation();
  const { online } = useNetwork();
  if (online) return null;
  return (
    <Alert color="yellow" role="status" mb="md" data-testid="offline-banner">
      {t('offline')}
    </Alert>
  );
}
