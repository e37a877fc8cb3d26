import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { useShowingSavedCopy } from './banner';
import { PendingChanges } from './PendingChanges';
import type { SavedCopy } from './useSavedRecord';

/**
 * A record page offline: the shell's one banner says "showing the copy saved 5 minutes ago"
 * (src/offline/banner.ts); a record not kept on this device says so in the page (`missing`). The
 * record's changes made offline (waiting, in conflict, refused) are listed here, online too.
 */
export function OfflineNotice({ copy, missing }: { copy: SavedCopy<unknown>; missing: boolean }) {
  const { t } = useTranslation();
  const shown = copy.offline && copy.saved && !missing ? copy.savedAt : null;
  useShowingSavedCopy(shown);
  if (copy.offline && copy.saved !== undefined && (missing || !copy.saved))
    return (
      <Alert color="yellow" role="alert" data-testid="offline-missing">
        {t('offlineMissing')}
      </Alert>
    );
  return <PendingChanges recordId={copy.id} />;
}
