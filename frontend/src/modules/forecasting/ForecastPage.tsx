import { Alert, Group, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useQuery } from 'urql';

import { ListError } from '../../components/list/ListError';
import type { ForecastFiguresPartsFragment } from '../../gql/tenant/graphql';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { ForecastDocument } from './operations';
import { num, PERIODS, today, useForecastChoices, type PeriodKind } from './options';

const CONTEXT = { additionalTypenames: ['Deal', 'SalesTarget'] };

const SERIES = [
  { key: 'won', color: 'var(--mantine-color-green-7)' },
  { key: 'commit', color: 'var(--mantine-color-blue-7)' },
  { key: 'bestCase', color: 'var(--mantine-color-cyan-6)' },
  { key: 'pipeline', color: 'var(--mantine-color-gray-5)' },
] as const;

/** /forecast — won, commit, best case and pipeline per period against the target, the trend of won deals, per salesperson. */
export function ForecastPage() {
  const { t } = useTranslation('forecasting');
  const format = useFormat();
  const choices = useForecastChoices();
  const [period, setPeriod] = useState<PeriodKind>('QUARTER');
  const [date, setDate] = useState(today());
  const [periods, setPeriods] = useState(1);
  const [userId, setUserId] = useState('');
  const [teamId, setTeamId] = useState('');
  const [pipelineId, setPipelineId] = useState('');
  const variables = { period, date: date || null, periods, userId: userId || null, teamId: teamId || null, pipelineId: pipelineId || null };
  const [{ data, fetching, error }, refetch] = useQuery({ query: ForecastDocument, variables, context: CONTEXT });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  useLiveRecords(['Deal', 'SalesTarget'], reload);
  const forecast = data?.forecast;
  const currency = forecast?.currency;
  const money = (value: unknown) => (value === null || value === undefined ? '—' : format.currency(Number(value), currency));

  return (
    <Stack>
      <Title order={1} size="h2">
        {t('forecast.title')}
      </Title>
      <Group align="flex-end" wrap="wrap">
        <NativeSelect label={t('filters.period')} value={period} onChange={(e) => setPeriod(e.currentTarget.value as PeriodKind)} data={PERIODS.map((p) => ({ value: p, label: t(`period.${p}`) }))} />
        <TextInput type="date" label={t('filters.date')} value={date} onChange={(e) => setDate(e.currentTarget.value)} />
        <NativeSelect label={t('filters.periods')} value={String(periods)} onChange={(e) => setPeriods(Number(e.currentTarget.value))} data={['1', '2', '3', '4', '6', '12']} />
        <NativeSelect label={t('filters.user')} value={userId} onChange={(e) => setUserId(e.currentTarget.value)} data={[{ value: '', label: t('filters.everyone') }, ...choices.people]} />
        <NativeSelect label={t('filters.team')} value={teamId} onChange={(e) => setTeamId(e.currentTarget.value)} data={[{ value: '', label: t('filters.allTeams') }, ...choices.teams]} />
        <NativeSelect label={t('filters.pipeline')} value={pipelineId} onChange={(e) => setPipelineId(e.currentTarget.value)} data={[{ value: '', label: t('filters.allPipelines') }, ...choices.pipelines]} />
      </Group>
      {error && <ListError error={error} onRetry={reload} />}
      {!forecast && fetching && <Text role="status">…</Text>}
      {forecast && (
        <>
          <Text size="sm" c="dimmed">
            {t('forecast.currency', { currency })}
          </Text>
          {forecast.amountsHidden && <Alert color="yellow">{t('forecast.hidden')}</Alert>}
          {forecast.unconverted.length > 0 && (
            <Alert color="gray">{t('forecast.unconverted', { amounts: forecast.unconverted.map((m) => format.currency(Number(m.amount), m.currency)).join(', ') })}</Alert>
          )}
          <Totals figures={forecast.total} money={money} />
          {forecast.noCloseDate.openCount > 0 && (
            <Alert color="gray" data-testid="forecast-no-close-date" title={t('forecast.noCloseDate')}>
              {t('forecast.noCloseDateDetail', {
                count: forecast.noCloseDate.openCount,
                commit: money(forecast.noCloseDate.commit),
                bestCase: money(forecast.noCloseDate.bestCase),
                pipeline: money(forecast.noCloseDate.pipeline),
              })}
            </Alert>
          )}
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="sm">
              {t('forecast.chart')}
            </Title>
            <PeriodChart buckets={forecast.buckets} money={money} />
          </Paper>
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="sm">
              {t('forecast.trend')}
            </Title>
            <TrendChart trend={forecast.trend} buckets={forecast.buckets} money={money} />
            {forecast.trendSlope !== null && forecast.trendSlope !== undefined && (
              <Text size="sm" c="dimmed" mt="xs">
                {t('forecast.slope', { slope: money(forecast.trendSlope) })}
              </Text>
            )}
          </Paper>
          <People people={forecast.people} money={money} />
        </>
      )}
    </Stack>
  );
}

type Money = (value: unknown) => string;

function Totals({ figures, money }: { figures: ForecastFiguresPartsFragment; money: Money }) {
  const { t } = useTranslation('forecasting');
  const tiles = [
    { id: 'won', label: t('forecast.won'), value: money(figures.won) },
    { id: 'target', label: t('forecast.target'), value: figures.target === null ? t('forecast.noTarget') : money(figures.target) },
    { id: 'attainment', label: t('forecast.attainment'), value: figures.attainment === null || figures.attainment === undefined ? '—' : `${figures.attainment}%` },
    { id: 'commit', label: t('forecast.commit'), value: money(figures.commit) },
    { id: 'bestCase', label: t('forecast.bestCase'), value: money(figures.bestCase) },
    { id: 'weighted', label: t('forecast.weighted'), value: money(figures.weightedPipeline) },
  ];
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
      {tiles.map((tile) => (
        <Paper withBorder p="sm" key={tile.id} data-testid={`forecast-${tile.id}`}>
          <Text size="xs" c="dimmed">
            {tile.label}
          </Text>
          <Text fw={700} size="lg">
            {tile.value}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

type Bucket = { period: { label: string }; projected?: unknown; figures: ForecastFiguresPartsFragment };

function PeriodChart({ buckets, money }: { buckets: Bucket[]; money: Money }) {
  const { t } = useTranslation('forecasting');
  const rows = buckets.map((b) => {
    const f = b.figures;
    return { label: b.period.label, won: num(f.won), commit: num(f.commit), bestCase: num(f.bestCase), pipeline: num(f.pipeline), target: num(f.target) };
  });
  return (
    <>
      <div aria-hidden="true" style={{ width: '100%', height: 260 }}>
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 480, height: 260 }}>
          <ComposedChart accessibilityLayer={false} data={rows} margin={{ top: 4, right: 8, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tickLine={false} fontSize={12} />
            <YAxis tickLine={false} fontSize={12} />
            <Tooltip formatter={(v) => money(v)} />
            <Legend />
            {SERIES.map((s) => (
              <Bar key={s.key} dataKey={s.key} name={t(`forecast.${s.key}`)} stackId={s.key === 'won' ? 'won' : 'open'} fill={s.color} isAnimationActive={false} />
            ))}
            <Line dataKey="target" name={t('forecast.target')} stroke="var(--mantine-color-red-7)" strokeWidth={2} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <VisuallyHidden>
        <table>
          <caption>{t('forecast.chart')}</caption>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                {SERIES.map((s) => (
                  <td key={s.key}>{`${t(`forecast.${s.key}`)}: ${money(r[s.key])}`}</td>
                ))}
                <td>{`${t('forecast.target')}: ${money(r.target)}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </VisuallyHidden>
    </>
  );
}

function TrendChart({ trend, buckets, money }: { trend: { period: { label: string }; won?: unknown }[]; buckets: Bucket[]; money: Money }) {
  const { t } = useTranslation('forecasting');
  const rows = [
    ...trend.map((p) => ({ label: p.period.label, won: num(p.won), projected: null as number | null })),
    ...buckets.map((b) => ({ label: b.period.label, won: null as number | null, projected: num(b.projected) })),
  ];
  return (
    <>
      <div aria-hidden="true" style={{ width: '100%', height: 200 }}>
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 480, height: 200 }}>
          <LineChart accessibilityLayer={false} data={rows} margin={{ top: 4, right: 8, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tickLine={false} fontSize={12} />
            <YAxis tickLine={false} fontSize={12} />
            <Tooltip formatter={(v) => money(v)} />
            <Legend />
            <Line dataKey="won" name={t('forecast.won')} stroke="var(--mantine-color-green-7)" isAnimationActive={false} />
            <Line dataKey="projected" name={t('forecast.projected')} stroke="var(--mantine-color-violet-7)" strokeDasharray="4 4" isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <VisuallyHidden>
        <table>
          <caption>{t('forecast.trend')}</caption>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                <td>{r.won !== null ? `${t('forecast.won')}: ${money(r.won)}` : `${t('forecast.projected')}: ${money(r.projected)}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </VisuallyHidden>
    </>
  );
}

function People({ people, money }: { people: { name: string; user?: { id: string } | null; figures: Bucket['figures'] }[]; money: Money }) {
  const { t } = useTranslation('forecasting');
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        {t('forecast.people')}
      </Title>
      {people.length === 0 ? (
        <Text size="sm">{t('forecast.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table data-testid="forecast-people">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('forecast.person')}</Table.Th>
                <Table.Th>{t('forecast.won')}</Table.Th>
                <Table.Th>{t('forecast.target')}</Table.Th>
                <Table.Th>{t('forecast.attainment')}</Table.Th>
                <Table.Th>{t('forecast.commit')}</Table.Th>
                <Table.Th>{t('forecast.bestCase')}</Table.Th>
                <Table.Th>{t('forecast.pipeline')}</Table.Th>
                <Table.Th>{t('forecast.weighted')}</Table.Th>
                <Table.Th>{t('forecast.deals')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {people.map((person) => (
                <PersonRow key={person.user?.id ?? person.name} name={person.name} figures={person.figures} money={money} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

function PersonRow({ name, figures, money }: { name: string; figures: Bucket['figures']; money: Money }) {
  const f = figures;
  return (
    <Table.Tr>
      <Table.Td>{name}</Table.Td>
      <Table.Td>{money(f.won)}</Table.Td>
      <Table.Td>{money(f.target)}</Table.Td>
      <Table.Td>{f.attainment === null || f.attainment === undefined ? '—' : `${f.attainment}%`}</Table.Td>
      <Table.Td>{money(f.commit)}</Table.Td>
      <Table.Td>{money(f.bestCase)}</Table.Td>
      <Table.Td>{money(f.pipeline)}</Table.Td>
      <Table.Td>{money(f.weightedPipeline)}</Table.Td>
      <Table.Td>{`${f.wonCount} / ${f.openCount}`}</Table.Td>
    </Table.Tr>
  );
}
