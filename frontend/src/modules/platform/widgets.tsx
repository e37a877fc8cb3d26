import { Anchor, Group, List, Paper, Text, ThemeIcon, Title, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';

import { useMember } from '../../auth/session';
import { BarChartCard } from '../../components/charts';
import { graphql } from '../../gql/tenant';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';

export function WelcomeWidget() {
  const { t } = useTranslation();
  const { me } = useMember();
  const format = useFormat();
  return (
    <Paper withBorder p="md" radius="md" h="100%">
      <Title order={2} size="h3" data-testid="greeting">
        {t('home.greeting', { name: me.fullName })}
      </Title>
      <Text mt="xs">{t('home.today', { date: format.date(new Date(), { dateStyle: 'full' }) })}</Text>
    </Paper>
  );
}

export function WorkspaceWidget() {
  const { t } = useTranslation();
  const { me, tenant } = useMember();
  return (
    <Paper withBorder p="md" radius="md" h="100%">
      <Title order={2} size="h4" mb="sm">
        {t('home.workspace')}
      </Title>
      <Text fw={700} size="lg" data-testid="workspace-name">
        {tenant.name}
      </Text>
      <dl className="dl-grid" style={{ marginTop: 12 }}>
        <Text component="dt" size="sm" fw={600}>
          {t('home.address')}
        </Text>
        <Text component="dd" size="sm" m={0}>
          <Anchor size="sm" href={tenant.url} style={{ overflowWrap: 'anywhere' }}>
            {tenant.url.replace(/^https?:\/\//, '')}
          </Anchor>
        </Text>
        <Text component="dt" size="sm" fw={600}>
          {t('home.role')}
        </Text>
        <Text component="dd" size="sm" m={0} data-testid="member-role">
          {t(`roles.${me.role}`, { defaultValue: me.role })}
        </Text>
      </dl>
    </Paper>
  );
}

const GettingStartedDocument = graphql(`
  query HomeGettingStarted {
    gettingStarted {
      key
      done
    }
  }
`);

const ActivityDocument = graphql(`
  query HomeActivity {
    activityByDay(days: 7) {
      day
      interactions
    }
  }
`);

// Where each step is done (a step without an entry has no page of its own yet).
const STEP_LINKS: Record<string, string> = {
  inviteMember: '/settings/invitations',
  addCompany: '/customers/companies?new=1',
  addContact: '/customers/contacts?new=1',
  logInteraction: '/customers/companies',
  setUpRoles: '/settings/roles',
  customiseSettings: '/settings/company',
};

/** The workspace's checklist: each step ticks from what the workspace really did (the server says). */
export function GettingStartedWidget() {
  const { t } = useTranslation();
  const [{ data }, refetch] = useQuery({ query: GettingStartedDocument });
  useLiveRecords(['Company', 'Contact', 'Interaction'], () => refetch({ requestPolicy: 'network-only' }));
  const steps = data?.gettingStarted ?? [];
  return (
    <Paper withBorder p="md" radius="md" h="100%">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {t('home.gettingStarted')}
        </Title>
        {steps.length > 0 && (
          <Text size="sm" c="dimmed" data-testid="steps-done">
            {t('home.stepsDone', { done: steps.filter((s) => s.done).length, total: steps.length })}
          </Text>
        )}
      </Group>
      <List spacing="xs" center data-testid="getting-started">
        {steps.map((step) => {
          const label = t(`home.step.${step.key}`, { defaultValue: step.key });
          const to = STEP_LINKS[step.key];
          return (
            <List.Item
              key={step.key}
              data-step={step.key}
              data-done={step.done ? 'true' : 'false'}
              icon={
                <ThemeIcon size={20} radius="xl" color={step.done ? 'teal.8' : 'gray.6'} aria-hidden="true">
                  {step.done ? '✓' : '·'}
                </ThemeIcon>
              }
            >
              <Text size="sm" td={step.done ? 'line-through' : undefined}>
                {to && !step.done ? (
                  <Anchor component={Link} to={to} size="sm">
                    {label}
                  </Anchor>
                ) : (
                  label
                )}
                <VisuallyHidden>{` (${step.done ? t('home.done') : t('home.todo')})`}</VisuallyHidden>
              </Text>
            </List.Item>
          );
        })}
      </List>
    </Paper>
  );
}

/** Interactions of the last seven days (those the member may read), per day in the workspace's time zone. */
export function ActivityWidget() {
  const { t } = useTranslation();
  const format = useFormat();
  const [{ data }, refetch] = useQuery({ query: ActivityDocument });
  useLiveRecords(['Interaction'], () => refetch({ requestPolicy: 'network-only' }));
  const days = data?.activityByDay ?? [];
  const total = days.reduce((sum, d) => sum + d.interactions, 0);
  // The server's days are calendar dates already in the workspace's zone: format them as dates, not instants.
  const chart = days.map((d) => ({ label: format.date(d.day, { weekday: 'short', day: 'numeric', timeZone: 'UTC' }), value: d.interactions }));
  return (
    <div data-testid="activity" data-total={total}>
      <BarChartCard title={t('home.activity')} data={chart} note={total ? t('home.activityNote', { count: total }) : t('home.noActivity')} formatValue={format.number} height={180} />
    </div>
  );
}
