import { Anchor, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { LoadMore } from '../../components/list/ListParts';
import { ListError } from '../../components/list/ListError';
import { useCursorList } from '../../components/list/useCursorList';
import type { DevelopmentPlansQuery, PlanFieldsFragment } from '../../gql/tenant/graphql';
import { useLiveRecords } from '../../live/live';
import { PlanCard } from './DevelopmentPlansPanel';
import { DevelopmentPlansDocument } from './operations';

/** /contracts/plans — every customer development plan the member may read, newest first, with their steps. */
export function PlansPage() {
  const { t } = useTranslation('contracts');
  const query = DevelopmentPlansDocument as Parameters<typeof useCursorList<DevelopmentPlansQuery, PlanFieldsFragment>>[0]['query'];
  const list = useCursorList<DevelopmentPlansQuery, PlanFieldsFragment>({ query, variables: { filter: null }, pick: (d) => d.developmentPlans, pageSize: 50 });
  useLiveRecords(['DevelopmentPlan'], list.reload);
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('plans.title')}
      </Title>
      <ListError error={list.error} onRetry={list.reload} />
      <Text size="sm" aria-live="polite">
        {list.loaded ? t('plans.count', { count: list.totalCount ?? list.rows.length }) : ''}
      </Text>
      {list.loaded && list.rows.length === 0 && <Text size="sm">{t('plans.empty')}</Text>}
      {list.rows.map((plan) => (
        <Stack key={plan.id} gap={4}>
          {plan.company && (
            <Group>
              <Anchor component={Link} to={`/customers/companies/${encodeURIComponent(plan.company.id)}`} size="sm">
                {plan.company.name}
              </Anchor>
            </Group>
          )}
          <PlanCard plan={plan} onChanged={list.reload} />
        </Stack>
      ))}
      <LoadMore shown={list.rows.length} total={list.totalCount} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onLoadMore={list.loadMore} />
    </Stack>
  );
}
