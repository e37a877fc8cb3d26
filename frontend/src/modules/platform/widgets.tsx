import { Anchor, List, Paper, Text, ThemeIcon, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { useMember } from '../../auth/session';
import { BarChartCard } from '../../components/charts';
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

export function GettingStartedWidget() {
  const { t } = useTranslation();
  const steps = [
    { label: t('home.stepWorkspace'), done: true },
    { label: t('home.stepCustomers'), done: false },
    { label: t('home.stepTeam'), done: false },
  ];
  return (
    <Paper withBorder p="md" radius="md" h="100%">
      <Title order={2} size="h4" mb="sm">
        {t('home.gettingStarted')}
      </Title>
      <List spacing="xs" center>
        {steps.map((step) => (
          <List.Item
            key={step.label}
            icon={
              <ThemeIcon size={20} radius="xl" color={step.done ? 'teal' : 'gray'} aria-hidden="true">
                {step.done ? '✓' : '·'}
              </ThemeIcon>
            }
          >
            <Text size="sm" td={step.done ? 'line-through' : undefined}>
              {step.label}
            </Text>
          </List.Item>
        ))}
      </List>
    </Paper>
  );
}

/** The last seven days, named in the workspace locale; counts come once modules record activity. */
export function ActivityWidget() {
  const { t } = useTranslation();
  const format = useFormat();
  const today = new Date();
  const data = Array.from({ length: 7 }, (_, i) => {
    const day = new Date(today);
    day.setDate(today.getDate() - (6 - i));
    return { label: format.date(day, { weekday: 'short' }), value: 0 };
  });
  return <BarChartCard title={t('home.activity')} data={data} note={t('home.noActivity')} formatValue={format.number} height={180} />;
}
