import { Button, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMutation } from 'urql';

import { ConfirmAction, notifyWithUndo } from '../ConfirmAction';
import { bulkPair } from '../list/useRecordList';

type Answer = Record<string, { deletedIds?: string[]; restoredIds?: string[]; errors: { message: string }[] } | undefined>;

/**
 * "Delete" on a record page, for any type with the kit's `deleteXs` / `restoreXs` pair: asks first,
 * moves the record to the recycle bin, goes back to `listPath` (its lists read again, not from the cache) and
 * offers undo (restore) for a while.
 * A refusal (a typed error) is shown under the button and nothing changes.
 */
export function DeleteRecord({ recordType, plural, id, name, listPath }: { recordType: string; plural?: string; id: string; name: string; listPath: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const pair = bulkPair(recordType, plural);
  const [, remove] = useMutation(pair.remove);
  const [, restore] = useMutation(pair.restore);
  const [asking, setAsking] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const input = { input: { [pair.field]: [id] } };
  // The answer names no record of the type: say which, so the lists kept in the cache (the one we go back
  // to among them) are read again rather than shown with the record still in them.
  const context = { additionalTypenames: [recordType] };
  const run = async () => {
    const result = await remove(input, context);
    const answer = (result.data as Answer | undefined)?.[pair.deleteName];
    const problem = result.error?.message ?? answer?.errors[0]?.message ?? (answer?.deletedIds?.length ? null : t('errors.generic'));
    setRefused(problem);
    if (problem) return;
    notifyWithUndo({
      message: t('deleteRecord.deleted', { name }),
      undo: async () => ((await restore(input, context)).data as Answer | undefined)?.[pair.restoreName]?.restoredIds?.length ?? 0,
    });
    navigate(listPath);
  };
  return (
    <>
      <Button size="xs" color="red.9" variant="outline" onClick={() => setAsking(true)} data-testid="delete-record">
        {t('deleteRecord.delete')}
      </Button>
      {refused && (
        <Text size="xs" c="red.9" role="alert">
          {refused}
        </Text>
      )}
      {asking && (
        <ConfirmAction title={t('deleteRecord.title', { name })} message={t('deleteRecord.message')} confirmLabel={t('deleteRecord.delete')} onConfirm={run} onClose={() => setAsking(false)} />
      )}
    </>
  );
}
