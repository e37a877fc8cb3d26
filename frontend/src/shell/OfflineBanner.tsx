import { Alert, Anchor } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { useFormat } from '../locale';
import { useSavedCopyShown } from '../offline/banner';
import { useOnline, useQueuedEdits } from '../offline/useSavedRecord';

/**
 * The one offline banner: the device is offline (what is on screen may be stale; field changes are
 * queued), or the page shows a copy kept on this device and since when (src/offline/banner.ts);
 * with how many changes made offline wait to be sent, and how many need the member's decision.
 */
export function OfflineBanner() {
  const { t } = useTranslation();
  const format = useFormat();
  const online = useOnline();
  const savedAt = useSavedCopyShown();
  const edits = useQueuedEdits();
  const waiting = edits.filter((e) => e.state === 'pending').length;
  const decide = edits.length - waiting;
  if (online && savedAt === null && !edits.length) return null;
  const parts: string[] = [];
  if (!online || savedAt !== null)
    parts.push(
      savedAt === null
        ? t('offline')
        : t('offlineSavedCopy', { when: Date.now() - savedAt < 60_000 ? t('offlineJustNow') : format.relative(new Date(savedAt)) }),
    );
  if (waiting) parts.push(t(online && savedAt === null ? 'offlineSending' : 'offlineWaiting', { count: waiting }));
  if (decide) parts.push(t('offlineDecide', { count: decide }));
  return (
    <Alert color="yellow" role="status" mb="md" data-testid="offline-banner">
      {parts.join(' ')}
      {decide > 0 && (
        <>
          {' '}
          <Anchor component={Link} to="/offline" size="sm" fw={700} c="inherit" underline="always">
            {t('offlineReview')}
          </Anchor>
        </>
      )}
    </Alert>
  );
}
