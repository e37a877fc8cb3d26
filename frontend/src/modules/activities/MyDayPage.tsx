import { Anchor, Grid, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useQuery } from 'urql';

import { ListError } from '../../components/list/ListError';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { addDays, startOfDay } from './dates';
import { MyDayDocument } from './operations';
import { ActivityLine, QuickAddTask, recordPath, type Activity } from './parts';

function Section({ title, empty, count, children, testId }: { title: string; empty: string; count: number; children: React.ReactNode; testId: string }) {
  return (
    <Paper withBorder p="md" radius="md" data-testid={testId}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {title} ({count})
        </Title>
        {count === 0 ? <Text size="sm">{empty}</Text> : children}
      </Stack>
    </Paper>
  );
}

/** /activities/my-day — what is overdue, due today, today's meetings and the reminders sent to me. */
export function MyDayPage() {
  const { t } = useTranslation('activities');
  const format = useFormat();
  const variables = useMemo(() => {
    const today = startOfDay(new Date());
    return { startOfToday: today.toISOString(), endOfToday: addDays(today, 1).toISOString() };
  }, []);
  const [{ data, fetching, error }, refetch] = useQuery({ query: MyDayDocument, variables });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  useLiveRecords(['Activity'], reload);
  const due = (data?.due.edges ?? []).map((e) => e.node as Activity);
  const overdue = due.filter((a) => a.dueAt && a.dueAt < variables.startOfToday);
  const today = due.filter((a) => !(a.dueAt && a.dueAt < variables.startOfToday));
  const meetings = (data?.meetings ?? []).filter((m) => m.activity.kind === 'MEETING');
  const reminders = data?.myReminders ?? [];
  // A reminder's notification leads here, to its item (`#reminder-<id>`): brought into view and marked.
  const { hash } = useLocation();
  useEffect(() => {
    if (hash.startsWith('#reminder-') && reminders.length) document.getElementById(hash.slice(1))?.scrollIntoView({ block: 'center' });
  }, [hash, reminders.length]);
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('myDay.title')}
      </Title>
      <ListError error={error} onRetry={reload} />
      {fetching && !data && <Loader role="status" aria-label="…" />}
      <QuickAddTask onCreated={reload} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack>
            <Section title={t('myDay.overdue')} empty={t('myDay.nothingOverdue')} count={overdue.length} testId="my-day-overdue">
              {overdue.map((a) => (
                <ActivityLine key={a.id} activity={a} onChanged={reload} showRecord />
              ))}
            </Section>
            <Section title={t('myDay.dueToday')} empty={t('myDay.nothingDue')} count={today.length} testId="my-day-due">
              {today.map((a) => (
                <ActivityLine key={a.id} activity={a} onChanged={reload} showRecord />
              ))}
            </Section>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack>
            <Section title={t('myDay.meetings')} empty={t('myDay.noMeetings')} count={meetings.length} testId="my-day-meetings">
              {meetings.map((m) => (
                <ActivityLine key={`${m.activity.id}-${m.occurrence}`} activity={m.activity as Activity} onChanged={reload} showRecord readOnly={m.occurrence > 0} />
              ))}
            </Section>
            <Section title={t('myDay.reminders')} empty={t('myDay.noReminders')} count={reminders.length} testId="my-day-reminders">
              {reminders.map((r) => {
                const link = recordPath(r.recordType, r.recordId);
                const item = `reminder-${r.id}`;
                return (
                  <Stack key={r.id} gap={0} id={item} data-testid="my-day-reminder" bg={hash === `#${item}` ? 'yellow.1' : undefined}>
                    {link ? (
                      <Anchor component={Link} to={link} size="sm">
                        {r.message}
                      </Anchor>
                    ) : (
                      <Text size="sm">{r.message}</Text>
                    )}
                    <Text size="xs" c="dimmed">
                      {format.relative(r.sentAt)}
                    </Text>
                  </Stack>
                );
              })}
            </Section>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
