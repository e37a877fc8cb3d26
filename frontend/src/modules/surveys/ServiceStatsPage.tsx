import { Group, Loader, Paper, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';

import { BarChartCard } from '../../components/charts';
import { ListError } from '../../components/list/ListError';
import { useFormat } from '../../locale';
import type { SatisfactionItemFragment, StatisticsPeriod } from '../../gql/tenant/graphql';
import { ServiceStatisticsDocument, StatisticsFiltersDocument } from './operations';

const PERIODS: StatisticsPeriod[] = ['DAY', 'WEEK', 'MONTH'];

/**
 * /service/statistics — ticket volume, response and resolution times, SLA compliance and satisfaction
 * per day, week or month (the server fills the empty periods), for a team or an agent.
 */
export function ServiceStatsPage() {
  const { t } = useTranslation('surveys');
  const format = useFormat();
  const [period, setPeriod] = useState<StatisticsPeriod>('DAY');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [teamId, setTeamId] = useState<string | null>(null);
  const [assigneeId, setAssigneeId] = useState<string | null>(null);
  const [{ data, fetching, error }, retry] = useQuery({
    query: ServiceStatisticsDocument,
    variables: { period, from: from || null, to: to || null, teamId, assigneeId },
  });
  const [{ data: options }] = useQuery({ query: StatisticsFiltersDocument });
  const stats = data?.serviceStatistics;
  const totals = stats?.totals;
  const periods = stats?.periods ?? [];
  const totalSatisfaction = totals?.satisfaction;

  const none = t('stats.none');
  const percent = (value: number | null | undefined) => (value == null ? none : t('stats.percent', { value: format.number(value) }));
  const duration = (minutes: number | null | undefined) =>
    minutes == null
      ? none
      : minutes >= 120
        ? t('stats.hours', { value: format.number(minutes / 60, { maximumFractionDigits: 1 }) })
        : t('stats.minutes', { value: format.number(minutes, { maximumFractionDigits: 1 }) });
  const label = (start: string) =>
    format.date(start, period === 'MONTH' ? { month: 'short', year: 'numeric', timeZone: 'UTC' } : { month: 'short', day: 'numeric', timeZone: 'UTC' });
  const series = (pick: (f: (typeof periods)[number]) => number | null | undefined) =>
    periods.map((f) => ({ label: label(f.start as string), value: pick(f) ?? 0 }));
  const teams = (options?.teams.edges ?? []).map((e) => ({ value: e.node.id, label: e.node.name }));
  const agents = (options?.users.edges ?? []).map((e) => ({ value: btoa(`User:${e.node.userId}`), label: e.node.fullName || e.node.email }));

  return (
    <Stack>
      <Title order={1} size="h2">
        {t('stats.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('stats.scope')}
      </Text>
      <Group align="end" wrap="wrap">
        <Stack gap={4}>
          <Text size="sm" fw={500} id="stats-period">
            {t('stats.period')}
          </Text>
          <SegmentedControl
            aria-labelledby="stats-period"
            value={period}
            onChange={(value) => setPeriod(value as StatisticsPeriod)}
            data={PERIODS.map((p) => ({ value: p, label: t(`stats.${p}`) }))}
          />
        </Stack>
        <TextInput type="date" label={t('stats.from')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput type="date" label={t('stats.to')} value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        <Select label={t('stats.team')} placeholder={t('stats.anyTeam')} data={teams} value={teamId} onChange={setTeamId} clearable searchable />
        <Select label={t('stats.agent')} placeholder={t('stats.anyAgent')} data={agents} value={assigneeId} onChange={setAssigneeId} clearable searchable />
      </Group>
      {error && !stats && <ListError error={error} onRetry={() => retry({ requestPolicy: 'network-only' })} />}
      {fetching && !stats && <Loader role="status" aria-label="…" />}
      {totals && (
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 7 }} data-testid="service-totals">
          <Figure label={t('stats.ticketsCreated')} value={format.number(totals.ticketsCreated)} />
          <Figure label={t('stats.ticketsResolved')} value={format.number(totals.ticketsResolved)} />
          <Figure label={t('stats.firstResponse')} value={duration(totals.medianFirstResponseMinutes)} />
          <Figure label={t('stats.resolution')} value={duration(totals.medianResolutionMinutes)} />
          <Figure label={t('stats.sla')} value={percent(totals.slaCompliancePercent)} />
          <Figure
            label={t('stats.csatAverage')}
            value={totalSatisfaction?.csatAverage == null ? none : format.number(totalSatisfaction.csatAverage)}
            note={`${percent(totalSatisfaction?.csatSatisfiedPercent)} · ${t('stats.responses', { count: totalSatisfaction?.csatResponses ?? 0 })}`}
            testId="csat-average"
          />
          <Figure
            label={t('stats.nps')}
            value={totalSatisfaction?.nps == null ? none : format.number(totalSatisfaction.nps)}
            note={t('stats.responses', { count: totalSatisfaction?.npsResponses ?? 0 })}
          />
        </SimpleGrid>
      )}
      {stats && (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <BarChartCard title={t('stats.volumeChart')} data={series((f) => f.ticketsCreated)} formatValue={format.number} />
          <BarChartCard title={t('stats.resolvedChart')} data={series((f) => f.ticketsResolved)} formatValue={format.number} />
          <BarChartCard title={t('stats.slaChart')} data={series((f) => f.slaCompliancePercent)} formatValue={(v) => percent(v)} />
          <BarChartCard
            title={t('stats.csatChart')}
            data={series((f) => f.satisfaction.csatSatisfiedPercent)}
            formatValue={(v) => percent(v)}
          />
        </SimpleGrid>
      )}
      {stats && (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Scores title={t('stats.byAgent')} rows={stats.byAgent} percent={percent} testId="scores-by-agent" />
          <Scores title={t('stats.byTeam')} rows={stats.byTeam} percent={percent} testId="scores-by-team" />
        </SimpleGrid>
      )}
    </Stack>
  );
}

function Figure({ label, value, note, testId }: { label: string; value: string; note?: string; testId?: string }) {
  return (
    <Paper withBorder p="sm" radius="md" data-testid={testId}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl">
        {value}
      </Text>
      {note && (
        <Text size="xs" c="dimmed">
          {note}
        </Text>
      )}
    </Paper>
  );
}

function Scores({
  title,
  rows,
  percent,
  testId,
}: {
  title: string;
  rows: { id: string; name: string; satisfaction: SatisfactionItemFragment }[];
  percent: (value: number | null | undefined) => string;
  testId: string;
}) {
  const { t } = useTranslation('surveys');
  const format = useFormat();
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      {rows.length === 0 ? (
        <Text size="sm">{t('stats.noScores')}</Text>
      ) : (
        <Table data-testid={testId}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('stats.name')}</Table.Th>
              <Table.Th scope="col">{t('stats.csatAverage')}</Table.Th>
              <Table.Th scope="col">{t('stats.csat')}</Table.Th>
              <Table.Th scope="col">{t('stats.nps')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => {
              const s = row.satisfaction;
              return (
                <Table.Tr key={row.id}>
                  <Table.Th scope="row">{row.name}</Table.Th>
                  <Table.Td>{s.csatAverage == null ? t('stats.none') : format.number(s.csatAverage)}</Table.Td>
                  <Table.Td>
                    {percent(s.csatSatisfiedPercent)} ({t('stats.responses', { count: s.csatResponses })})
                  </Table.Td>
                  <Table.Td>{s.nps == null ? t('stats.none') : format.number(s.nps)}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}
