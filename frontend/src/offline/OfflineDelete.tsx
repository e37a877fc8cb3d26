import { Button } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ConfirmAction } from '../components/ConfirmAction';
import { queueChange } from './queue';
import type { SavedCopy } from './useSavedRecord';
import { useOfflineScope } from './useSavedRecord';

/**
 * "Delete" on a record page offline: asks first, then queues the deletion (sent in order with the other
 * changes made offline once back online; listed with them, a refusal shown). The page stays: the
 * record is in the recycle bin only once the server has it. Hidden once its deletion is queued.
 */
export function OfflineDelete({ copy, recordType, name }: { copy: SavedCopy<unknown>; recordType: string; name: string }) {
  const { t } = useTranslation();
  const scope = useOfflineScope();
  const [asking, setAsking] = useState(false);
  if (copy.edits.some((e) => e.op === 'delete')) return null;
  return (
    <>
      <Button size="xs" color="red.9" variant="outline" onClick={() => setAsking(true)} data-testid="delete-record">
        {t('offlineQueue.delete')}
      </Button>
      {asking && (
        <ConfirmAction
          title={t('offlineQueue.deleteTitle', { name })}
          message={t('offlineQueue.deleteMessage')}
          confirmLabel={t('offlineQueue.delete')}
          onConfirm={async () => {
            await queueChange(scope, { op: 'delete', recordType, recordId: copy.id, recordLabel: name, what: t('offlineQueue.deleted') });
          }}
          onClose={() => setAsking(false)}
        />
      )}
    </>
  );
}
