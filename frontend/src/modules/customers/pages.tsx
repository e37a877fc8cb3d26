import { SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';

import { BarChartCard } from '../../components/charts';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { CustomerList } from './CustomerList';
import { StatisticsDocument } from './operations';

export const CompaniesPage = () => <CustomerList kind="company" />;
export const ContactsPage = () => <CustomerList kind="contact" />;

/** Unowned customers anyone may claim. */
export function PoolPage() {
  const { t } = useTranslation('customers');
  return (
    <Stack gap="xl">
      <Title order={1} size="h2">
        {t('nav.pool')}
      </Title>
      <CustomerList kind="company" mode="pool" />
      <CustomerList kind="contact" mode="pool" />
    </Stack>
  );
}

/** Deleted customers, restorable. */
export function RecycleBinPage() {
  const { t } = useTranslation('customers');
  return (
    <Stack gap="xl">
      <Title order={1} size="h2">
        {t('nav.recycleBin')}
      </Title>
      <CustomerList kind="company" mode="deleted" />
      <CustomerList kind="contact" mode="deleted" />
    </Stack>
  );
}

/** Home dashboard: customer statistics as charts, refreshed live. */
export function CustomerStatsWidget() {
  const { t } = useTranslation('customers');
  const format = useFormat();
  const [{ data }, refetch] = useQuery({ query: StatisticsDocument });
  useLiveRecords(['Company', 'Contact'], () => refetch({ requestPolicy: 'network-only' }));
  const stats = data?.customerStatistics;
  if (!stats) return null;
  return (
    <Stack gap="xs">
      <Text size="sm" data-testid="customer-totals">
        {t('stats.totals', {
          companies: t('stats.companies', { count: stats.companies }),
          contacts: t('stats.contacts', { count: stats.contacts }),
        })}
      </Text>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <BarChartCard
          title={t('stats.byStage')}
          data={stats.byLifecycleStage.map((b) => ({ label: t(`stage.${b.key.toUpperCase()}`, { defaultValue: b.key }), value: b.count }))}
          formatValue={format.number}
        />
        <BarChartCard
          title={t('stats.bySource')}
          data={stats.bySource.map((b) => ({ label: t(`source.${b.key.toUpperCase()}`, { defaultValue: b.key || '—' }), value: b.count }))}
          formatValue={format.number}
        />
        <BarChartCard
          title={t('stats.growth')}
          data={stats.growthByMonth.map((m) => ({
            // A calendar month (no time zone of its own); the year shows, so a chart over New Year reads right.
            label: format.date(m.month, { month: 'short', year: 'numeric', timeZone: 'UTC' }),
            value: m.newCompanies + m.newContacts,
          }))}
          formatValue={format.number}
        />
      </SimpleGrid>
    </Stack>
  );
}
