import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { useFormat } from '../../locale';
import { PendingChanges } from '../../offline/PendingChanges';
import { freshAt, listOffline, type OfflineRecord } from '../../offline/store';
import { useOfflineRevision, useOfflineScope } from '../../offline/useSavedRecord';
import { registry } from '..';
import { recordPathIn } from '../registry';

const pathOf = (recordType: string, id: string) => recordPathIn(registry.recordPages, recordType, id);

/** The records kept on this device for this member, re-read as the store changes. */
function useAvailableOffline(): OfflineRecord[] | null {
  const scope = useOfflineScope();
  const revision = useOfflineRevision();
  const [records, setRecords] = useState<OfflineRecord[] | null>(null);
  useEffect(() => {
    let cancelled = false;
    void listOffline(scope).then((found) => {
      if (!cancelled) setRecords(found.filter((r) => pathOf(r.recordType, r.id)));
    });
    return () => {
      cancelled = true;
    };
  }, [scope, revision]);
  return records;
}

function RecordList({ records, testId }: { records: OfflineRecord[]; testId: string }) {
  const { t } = useTranslation('offline');
  const format = useFormat();
  const kinds = new Map(registry.offline.map((o) => [o.recordType, o.kind]));
  return (
    <Stack gap={4} component="ul" m={0} p={0} style={{ listStyle: 'none' }} data-testid={testId}>
      {records.map((r) => (
        <Group key={`${r.recordType}:${r.id}`} component="li" gap="xs" wrap="nowrap">
          <Anchor component={Link} to={pathOf(r.recordType, r.id) ?? '/'} size="sm" fw={600}>
            {r.label || '—'}
          </Anchor>
          <Text size="sm" c="dimmed">
            {[kinds.has(r.recordType) ? t(kinds.get(r.recordType) ?? '') : r.recordType, r.viewedAt ? t('opened', { when: format.relative(new Date(r.viewedAt)) }) : t('yours')].join(' · ')}
          </Text>
          {r.own && r.viewedAt !== null && (
            <Badge variant="outline" color="gray.7" size="sm">
              {t('yours')}
            </Badge>
          )}
        </Group>
      ))}
    </Stack>
  );
}

/** Home dashboard: the records last opened here and the member's own, readable offline. */
export function AvailableOfflineWidget() {
  const { t } = useTranslation('offline');
  const records = useAvailableOffline();
  if (!records?.length) return null;
  return (
    <Paper withBorder p="md" radius="md">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {t('title')}
        </Title>
        <Anchor component={Link} to="/offline" size="sm">
          {t('all', { count: records.length })}
        </Anchor>
      </Group>
      <RecordList records={records.slice(0, 8)} testId="available-offline" />
    </Paper>
  );
}

/** /offline — every record kept on this device for the member, and the changes made offline still to send. */
export function AvailableOfflinePage() {
  const { t } = useTranslation('offline');
  const records = useAvailableOffline();
  const latest = records?.length ? Math.max(...records.map(freshAt)) : null;
  const format = useFormat();
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('intro')}
        {latest ? ` ${t('updated', { when: format.relative(new Date(latest)) })}` : ''}
      </Text>
      <PendingChanges pathOf={(edit) => pathOf(edit.recordType, edit.recordId)} />
      <Paper withBorder p="md" radius="md">
        {records === null ? null : records.length ? <RecordList records={records} testId="available-offline-all" /> : <Text size="sm">{t('none')}</Text>}
      </Paper>
    </Stack>
  );
}
