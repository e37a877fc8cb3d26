import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { useFormat } from '../locale';
import { useSavedCopyShown } from '../offline/banner';
import { useOnline } from '../offline/useSavedRecord';

/**
 * The one offline banner: the device is offline (what is on screen may be stale, changes won't be
 * saved), or the page shows a copy saved on this device and since when (src/offline/banner.ts).
 */
export function OfflineBanner() {
  const { t } = useTranslation();
  const format = useFormat();
  const online = useOnline();
  const savedAt = useSavedCopyShown();
  if (online && savedAt === null) return null;
  return (
    <Alert color="yellow" role="status" mb="md" data-testid="offline-banner">
      {savedAt === null
        ? t('offline')
        : t('offlineSavedCopy', { when: Date.now() - savedAt < 60_000 ? t('offlineJustNow') : format.relative(new Date(savedAt)) })}
    </Alert>
  );
}
