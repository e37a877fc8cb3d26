import { ActionIcon, Anchor, Badge, Button, Checkbox, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation } from 'urql';

import { ConfirmAction, notifyWithUndo } from '../../components/ConfirmAction';
import { IconTrash } from '../../components/icons';
import { useFieldAccess } from '../../components/record/fieldAccess';
import type { ActivityItemFragment as ActivityItemData } from '../../gql/tenant/graphql';
import { useFormat } from '../../locale';
import { registry } from '../index';
import { recordPathIn } from '../registry';
import { FormError, outcome, toast } from '../access/common';
import { fromLocalInput } from './dates';
import {
  CompleteActivityDocument,
  CreateActivityDocument,
  DeleteActivityDocument,
  RestoreActivityDocument,
} from './operations';

export type Activity = ActivityItemData;

/** Where a linked record's page is (the record types whose modules declare `recordPages`). */
export function recordPath(recordType?: string | null, recordId?: string | null): string | null {
  return recordPathIn(registry.recordPages, recordType, recordId);
}

/** Complete an activity: the list reloads; a recurring one says when the next occurrence is. */
export function useComplete(onDone?: () => void) {
  const { t } = useTranslation('activities');
  const format = useFormat();
  const [, complete] = useMutation(CompleteActivityDocument);
  return async (activity: Activity) => {
    const result = await complete({ input: { id: activity.id } });
    const errors = outcome(result, (d) => d.completeActivity, t);
    if (Object.keys(errors).length) {
      toast({ message: Object.values(errors)[0], color: 'red' });
      return;
    }
    const next = result.data?.completeActivity.nextActivity as Activity | null | undefined;
    const when = next?.startsAt ?? next?.dueAt;
    toast({ message: when ? `${t('item.completed', { subject: activity.subject })} · ${t('item.next', { when: format.dateTime(when) })}` : t('item.completed', { subject: activity.subject }) });
    onDone?.();
  };
}

/** One activity in a list: complete it, see when and what it is on, delete it (with undo) when the role may. */
export function ActivityLine({ activity, onChanged, readOnly, showRecord }: { activity: Activity; onChanged: () => void; readOnly?: boolean; showRecord?: boolean }) {
  const { t } = useTranslation('activities');
  const { canDelete } = useFieldAccess('Activity');
  const format = useFormat();
  const complete = useComplete(onChanged);
  const [, remove] = useMutation(DeleteActivityDocument);
  const [, restore] = useMutation(RestoreActivityDocument);
  const [asking, setAsking] = useState(false);
  const when = activity.startsAt ?? activity.dueAt;
  const open = activity.status === 'OPEN';
  const link = showRecord ? recordPath(activity.recordType, activity.recordId) : null;
  return (
    <Group justify="space-between" wrap="nowrap" data-testid="activity" data-subject={activity.subject}>
      <Group gap="xs" wrap="nowrap">
        <Checkbox
          checked={!open}
          disabled={readOnly || !open}
          onChange={() => open && complete(activity)}
          aria-label={t('item.complete', { subject: activity.subject })}
        />
        <Stack gap={0}>
          <Text size="sm" fw={600} td={activity.status === 'CANCELLED' ? 'line-through' : undefined}>
            {activity.subject}
          </Text>
          <Text size="xs" c="dimmed">
            {[t(`kind.${activity.kind}`), when ? format.dateTime(when) : null, activity.assignee?.fullName || activity.assignee?.email].filter(Boolean).join(' · ')}
          </Text>
        </Stack>
        {activity.priority === 'HIGH' && (
          <Badge size="xs" color="red.8" variant="outline">
            {t('priority.HIGH')}
          </Badge>
        )}
        {link && (
          <Anchor component={Link} to={link} size="xs">
            {t('item.open')}
          </Anchor>
        )}
      </Group>
      {!readOnly && canDelete && (
        <ActionIcon variant="subtle" color="red.9" aria-label={t('item.delete', { subject: activity.subject })} onClick={() => setAsking(true)}>
          <IconTrash size={16} />
        </ActionIcon>
      )}
      {asking && (
        <ConfirmAction
          title={t('item.deleteTitle')}
          message={t('item.deleteMessage')}
          confirmLabel={t('item.deleteConfirm')}
          onClose={() => setAsking(false)}
          onConfirm={async () => {
            const result = await remove({ input: { id: activity.id } });
            const refused = result.data?.deleteActivity.errors[0]?.message ?? result.error?.message;
            if (refused) toast({ message: refused, color: 'red' }); // e.g. someone else's task, for a role deleting only its own
            if (result.data?.deleteActivity.errors.length === 0) {
              onChanged();
              notifyWithUndo({
                message: t('item.deleted'),
                undo: async () => {
                  const back = await restore({ input: { id: activity.id } });
                  onChanged();
                  return back.data?.restoreActivity.errors.length === 0 ? 1 : 0;
                },
              });
            }
          }}
        />
      )}
    </Group>
  );
}

/** "New task" with a due time, on a record (or free-standing). */
export function QuickAddTask({ recordId, onCreated }: { recordId?: string; onCreated: () => void }) {
  const { t } = useTranslation('activities');
  const [subject, setSubject] = useState('');
  const [due, setDue] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [{ fetching }, create] = useMutation(CreateActivityDocument);
  const submit = async () => {
    const result = await create({ input: { subject, dueAt: fromLocalInput(due), recordId: recordId ?? null } });
    const found = outcome(result, (d) => d.createActivity, t);
    setErrors(found);
    if (!Object.keys(found).length) {
      setSubject('');
      setDue('');
      onCreated();
    }
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Group align="flex-end" wrap="wrap">
        <TextInput label={t('panel.subject')} placeholder={t('panel.subjectPlaceholder')} value={subject} onChange={(e) => setSubject(e.currentTarget.value)} error={errors.subject} required />
        <TextInput label={t('panel.due')} type="datetime-local" value={due} onChange={(e) => setDue(e.currentTarget.value)} error={errors.dueAt} />
        <Button type="submit" loading={fetching}>
          {t('panel.add')}
        </Button>
      </Group>
      <FormError errors={{ ...(errors._form ? { _form: errors._form } : {}) }} />
    </form>
  );
}
