import { Text, Timeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { RecordActions } from '../../components/record/RecordActions';
import type { TimelineItemFragment } from '../../gql/tenant/graphql';
import { useFormat } from '../../locale';

/** The interactions, newest first; each shows what other modules can do with it (`recordActions` on
 *  `Interaction`, e.g. "Reply by e-mail" on an inbound e-mail). */
export function TimelineList({ items, readOnly }: { items: TimelineItemFragment[]; readOnly?: boolean }) {
  const { t } = useTranslation('customers');
  const format = useFormat();
  if (!items.length) return <Text size="sm">{t('record.noInteractions')}</Text>;
  return (
    <Timeline bulletSize={14} lineWidth={2} data-testid="timeline">
      {items.map((i) => (
        <Timeline.Item key={i.id} title={`${t(`kind.${i.kind}`)}${i.subject ? ` · ${i.subject}` : ''}`}>
          {i.body && <Text size="sm">{i.body}</Text>}
          <Text size="xs" c="dimmed">
            {format.dateTime(i.occurredAt)}
            {i.performedBy ? ` · ${t('record.by', { name: i.performedBy.fullName })}` : ''}
            {i.contact ? ` · ${i.contact.fullName}` : ''}
          </Text>
          <RecordActions recordType="Interaction" recordId={i.id} record={i} readOnly={readOnly} />
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
