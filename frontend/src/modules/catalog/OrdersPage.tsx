import { Anchor, Group, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';

import { useEntryState } from '../../components/list/entryState';
import { listExportUrl } from '../../components/list/exportUrl';
import { ListError } from '../../components/list/ListError';
import { ListHeader } from '../../components/list/ListHeader';
import { FilterChips, LoadMore } from '../../components/list/ListParts';
import { SortHeader } from '../../components/list/SortHeader';
import { orderByOf, type SortKey } from '../../components/list/sorting';
import { useCursorList } from '../../components/list/useCursorList';
import { useRowNavigation } from '../../components/list/useRowNavigation';
import { useSearchTerm } from '../../components/list/useSearchTerm';
import { useFieldAccess } from '../../components/record/fieldAccess';
import { RecordActions } from '../../components/record/RecordActions';
import type { CatalogOrdersQuery, OrderRowFragment } from '../../gql/tenant/graphql';
import i18n from '../../i18n';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { CatalogOrdersDocument } from './operations';
import { delivered, ORDER_STATUSES, orderPath } from './orders';
import { figure } from './pricing';

// The export's columns: those the table shows (the server adds the order number first).
const EXPORT_COLUMNS = ['deal', 'company', 'status', 'delivered', 'total', 'createdAt'];

/**
 * /catalog/orders — orders from accepted quotes: search (deal, company, number), a status filter chip,
 * header sorting, every row through "load more", export, and what each line has had delivered; live.
 */
export function OrdersPage() {
  const { t } = useTranslation('catalog');
  const format = useFormat();
  const navigate = useNavigate();
  const access = useFieldAccess('Order');
  const search = useSearchTerm();
  const [status, setStatus] = useEntryState('orders.status', '');
  const [sort, setSort] = useEntryState<SortKey[]>('orders.sort', []);
  const filter = status ? { status: { eq: status } } : null;
  const variables = { filter, orderBy: sort.length ? orderByOf(sort) : null, search: search.term || null };
  const query = CatalogOrdersDocument as Parameters<typeof useCursorList<CatalogOrdersQuery, OrderRowFragment>>[0]['query'];
  const list = useCursorList<CatalogOrdersQuery, OrderRowFragment>({ query, variables, pick: (d) => d.orders });
  useLiveRecords(['Order'], list.reload);
  const rows = list.rows;
  const nav = useRowNavigation(rows.length, (i) => navigate(orderPath(rows[i].id)));
  const header = (field: 'number' | 'total' | 'createdAt', text: string) => (
    <SortHeader field={field} text={text} sort={sort} onSort={setSort} label={t('orders.sortBy', { name: text })} />
  );
  const chips = [
    ...(status ? [{ id: 'status', label: `${t('orders.status')}: ${t(`orderStatus.${status}`)}`, onRemove: () => setStatus('') }] : []),
    ...(search.term ? [{ id: 'search', label: `${t('orders.search')}: ${search.term}`, onRemove: () => search.setValue('') }] : []),
  ];
  const exportUrl = (fileFormat: 'csv' | 'xlsx') => listExportUrl('orders', fileFormat, variables, { columns: EXPORT_COLUMNS, language: i18n.language });

  return (
    <Stack>
      <ListHeader title={t('orders.title')} exportUrl={access.canExport ? exportUrl : undefined} />
      <Group align="flex-end" wrap="wrap">
        <TextInput label={t('orders.search')} value={search.value} onChange={(e) => search.setValue(e.currentTarget.value)} onKeyDown={(e) => e.key === 'Enter' && search.commit()} type="search" />
        <NativeSelect
          label={t('orders.status')}
          value={status}
          onChange={(e) => setStatus(e.currentTarget.value)}
          data={[{ value: '', label: t('orders.any') }, ...ORDER_STATUSES.map((s) => ({ value: s, label: t(`orderStatus.${s}`) }))]}
        />
      </Group>
      <FilterChips
        chips={chips}
        onClear={() => {
          setStatus('');
          search.setValue('');
        }}
      />
      <ListError error={list.error} onRetry={list.reload} />
      <Text size="sm" aria-live="polite" data-testid="record-count">
        {list.loaded ? t('orders.count', { count: list.totalCount ?? rows.length }) : ''}
      </Text>
      {list.loaded && rows.length === 0 && <Text size="sm">{t('orders.empty')}</Text>}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={900}>
          <Table striped data-testid="orders" {...nav.tableProps}>
            <Table.Thead>
              <Table.Tr>
                {header('number', t('orders.number'))}
                <Table.Th>{t('orders.deal')}</Table.Th>
                <Table.Th>{t('orders.company')}</Table.Th>
                <Table.Th>{t('orders.quote')}</Table.Th>
                <Table.Th>{t('orders.status')}</Table.Th>
                <Table.Th>{t('orders.delivered')}</Table.Th>
                {header('total', t('orders.total'))}
                {header('createdAt', t('orders.created'))}
                <Table.Th>{t('orders.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((order, i) => (
                <Table.Tr key={order.id} data-testid="order" {...nav.rowProps(i)}>
                  <Table.Td>
                    <Anchor component={Link} to={orderPath(order.id)} size="sm" fw={600}>
                      {t('orders.name', { number: order.number })}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/sales/deals/${encodeURIComponent(order.deal.id)}`} size="sm">
                      {order.deal.title}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{order.deal.company?.name ?? '—'}</Table.Td>
                  <Table.Td>{t('quote.name', { number: order.quote.number, version: order.quote.version })}</Table.Td>
                  <Table.Td>{t(`orderStatus.${order.status}`)}</Table.Td>
                  <Table.Td>{delivered(order.lines)}</Table.Td>
                  <Table.Td>{figure(order.total)}</Table.Td>
                  <Table.Td>{format.date(order.createdAt)}</Table.Td>
                  <Table.Td>
                    <RecordActions recordType="Order" recordId={order.id} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore shown={rows.length} total={list.totalCount} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onLoadMore={list.loadMore} />
    </Stack>
  );
}
