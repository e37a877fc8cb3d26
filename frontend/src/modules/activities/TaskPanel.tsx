import { Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { ListError } from '../../components/list/ListError';
import { useCursorList } from '../../components/list/useCursorList';
import type { RecordActivitiesQuery } from '../../gql/tenant/graphql';
import { useLiveRecords } from '../../live/live';
import type { RecordPanelProps } from '../types';
import { RecordActivitiesDocument } from './operations';
import { ActivityLine, QuickAddTask, type Activity } from './parts';

/** The tasks of one record, on its page (a `recordPanels` entry): add, complete, delete. */
export function TaskPanel({ recordId, readOnly }: RecordPanelProps) {
  const { t } = useTranslation('activities');
  const list = useCursorList<RecordActivitiesQuery, Activity>({
    query: RecordActivitiesDocument as Parameters<typeof useCursorList<RecordActivitiesQuery, Activity>>[0]['query'],
    variables: { record: recordId },
    pick: (d) => d.activities,
    pageSize: 50,
  });
  useLiveRecords(['Activity'], list.reload);
  const rows = list.rows;
  return (
    <Paper withBorder p="md" radius="md" data-testid="task-panel">
      <Stack>
        <Title order={2} size="h4">
          {t('panel.title')}
          {list.totalCount !== undefined ? ` (${list.totalCount})` : ''}
        </Title>
        {!readOnly && <QuickAddTask recordId={recordId} onCreated={list.reload} />}
        <ListError error={list.error} />
        {list.loaded && rows.length === 0 && <Text size="sm">{t('panel.empty')}</Text>}
        {rows.map((activity) => (
          <ActivityLine key={activity.id} activity={activity} onChanged={list.reload} readOnly={readOnly} />
        ))}
      </Stack>
    </Paper>
  );
}
