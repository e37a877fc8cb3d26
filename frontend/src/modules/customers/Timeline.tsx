import { Badge, Group, Text, Timeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { RecordActions } from '../../components/record/RecordActions';
import type { TimelineActivityFragment, TimelineItemFragment } from '../../gql/tenant/graphql';
import { useFormat } from '../../locale';
import { ActivityLine } from '../activities/parts';

const DELIVERY_COLOR = { QUEUED: 'gray', SENT: 'green', FAILED: 'red' } as const;

/** How a reply or text sent from a connected channel went out (`Interaction.delivery`): queued, sent, or not
 *  sent with the provider's reason (also while it is retried); nothing for what was not sent from a channel. */
export function DeliveryStatus({ delivery }: { delivery: TimelineItemFragment['delivery'] }) {
  const { t } = useTranslation('customers');
  if (!delivery) return null;
  const failed = delivery.status === 'FAILED';
  const reason = delivery.error && (failed ? delivery.error : t('record.delivery.retrying', { reason: delivery.error }));
  return (
    <Group gap={6} data-testid="delivery">
      <Badge size="xs" variant="light" color={DELIVERY_COLOR[delivery.status]}>
        {t(`record.delivery.${delivery.status}`)}
      </Badge>
      {reason && (
        <Text size="xs" c={failed ? 'red.9' : 'dimmed'}>
          {reason}
        </Text>
      )}
    </Group>
  );
}

/** An entry of a timeline: an interaction, or an activity logged against the record (a deal's timeline has both). */
export type TimelineEntry = (TimelineItemFragment & { __typename?: 'Interaction' }) | (TimelineActivityFragment & { __typename: 'Activity' });

const noChange = () => undefined;

/** The entries, newest first. An interaction shows what other modules can do with it (`recordActions` on
 *  `Interaction`, e.g. "Reply by e-mail" on an inbound e-mail), and how a reply or text sent from it went out;
 *  an activity is the activities module's line (complete it, delete it with undo; `onChanged` then). */
export function TimelineList({ items, readOnly, onChanged }: { items: TimelineEntry[]; readOnly?: boolean; onChanged?: () => void }) {
  const { t } = useTranslation('customers');
  const format = useFormat();
  if (!items.length) return <Text size="sm">{t('record.noInteractions')}</Text>;
  return (
    <Timeline bulletSize={14} lineWidth={2} data-testid="timeline">
      {items.map((i) =>
        i.__typename === 'Activity' ? (
          <Timeline.Item key={i.id} data-kind="activity">
            <ActivityLine activity={{ ...i, kind: i.activityKind }} onChanged={onChanged ?? noChange} readOnly={readOnly} />
          </Timeline.Item>
        ) : (
        <Timeline.Item key={i.id} title={`${t(`kind.${i.kind}`)}${i.subject ? ` · ${i.subject}` : ''}`}>
          {i.body && <Text size="sm">{i.body}</Text>}
          <Text size="xs" c="dimmed">
            {format.dateTime(i.occurredAt)}
            {i.performedBy ? ` · ${t('record.by', { name: i.performedBy.fullName })}` : ''}
            {i.contact ? ` · ${i.contact.fullName}` : ''}
          </Text>
          <DeliveryStatus delivery={i.delivery} />
          <RecordActions recordType="Interaction" recordId={i.id} record={i} readOnly={readOnly} />
        </Timeline.Item>
        ),
      )}
    </Timeline>
  );
}
