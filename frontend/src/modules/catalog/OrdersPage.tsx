import { Anchor, Group, NativeSelect, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';

import { useEntryState } from '../../components/list/entryState';
import { listExportUrl } from '../../components/list/exportUrl';
import { ListError } from '../../components/list/ListError';
import { ListHeader } from '../../components/list/ListHeader';
import { FilterChips, LoadMore } from '../../components/list/ListParts';
import { binOf, RecycleBinList } from '../../components/list/RecycleBinList';
import { SortHeader } from '../../components/list/SortHeader';
import { type SortKey } from '../../components/list/sorting';
import { ListWithBin, useRecordList } from '../../components/list/useRecordList';
import { useRowNavigation } from '../../components/list/useRowNavigation';
import { useSearchTerm } from '../../components/list/useSearchTerm';
import { useFieldAccess } from '../../components/record/fieldAccess';
import { RecordActions } from '../../components/record/RecordActions';
import type { CatalogOrdersQuery } from '../../gql/tenant/graphql';
import i18n from '../../i18n';
import { useFormat } from '../../locale';
import { FormError } from '../access/common';
import { CatalogOrdersDocument, DeleteOrderDocument, OrderRowFragment, RestoreOrderDocument } from './operations';
import { delivered, ORDER_STATUSES, orderPath } from './orders';
import { moneyText } from '../../components/record/money';

// The export's columns: those the table shows (the server adds the order number first).
const EXPORT_COLUMNS = ['deal', 'company', 'status', 'delivered', 'total', 'createdAt'];

/**
 * /catalog/orders — orders from accepted quotes: search (deal, company, number), a status filter chip, the
 * workspace's custom fields as columns, header sorting, every row through "load more", export, what each line
 * has had delivered, delete with undo (one row, or a selection; the server keeps delivered or billed orders)
 * and the recycle bin (restore); live.
 */
export function OrdersPage() {
  const { t } = useTranslation('catalog');
  return (
    <ListWithBin
      name="orders"
      binTitle={t('orders.binTitle')}
      current={(view) => <CurrentOrders view={view} />}
      bin={<DeletedOrders />}
      create={() => null} // orders are made by accepting a quote
    />
  );
}

type OrderRow = CatalogOrdersQuery['orders']['edges'][number]['node'];

function CurrentOrders({ view }: { view: ReactNode }) {
  const { t } = useTranslation('catalog');
  const format = useFormat();
  const navigate = useNavigate();
  const access = useFieldAccess('Order');
  const search = useSearchTerm();
  const [status, setStatus] = useEntryState('orders.status', '');
  const [sort, setSort] = useEntryState<SortKey[]>('orders.sort', []);
  const records = useRecordList<CatalogOrdersQuery, OrderRow>({
    recordType: 'Order',
    name: 'orders',
    ns: 'catalog',
    keys: 'orders',
    query: CatalogOrdersDocument as never,
    pick: (d) => d.orders,
    filter: status ? { status: { eq: status } } : {},
    sort,
    search: search.term,
    remove: DeleteOrderDocument,
    restore: RestoreOrderDocument,
    bulk: {},
  });
  const { list, rows, custom, variables } = records;
  const nav = useRowNavigation(rows.length, (i) => navigate(orderPath(rows[i].id)));
  const header = (field: 'number' | 'total' | 'createdAt', text: string) => (
    <SortHeader field={field} text={text} sort={sort} onSort={setSort} label={t('orders.sortBy', { name: text })} />
  );
  const chips = [
    ...(status ? [{ id: 'status', label: `${t('orders.status')}: ${t(`orderStatus.${status}`)}`, onRemove: () => setStatus('') }] : []),
    ...custom.chips,
    ...(search.term ? [{ id: 'search', label: `${t('orders.search')}: ${search.term}`, onRemove: () => search.setValue('') }] : []),
  ];
  const exportUrl = (fileFormat: 'csv' | 'xlsx') => listExportUrl('orders', fileFormat, variables, { columns: EXPORT_COLUMNS, language: i18n.language });
  const name = (order: OrderRow) => t('orders.name', { number: order.number });

  return (
    <>
      <ListHeader title={t('orders.title')} exportUrl={access.canExport ? exportUrl : undefined} />
      {view}
      <Group align="flex-end" wrap="wrap">
        <TextInput label={t('orders.search')} value={search.value} onChange={(e) => search.setValue(e.currentTarget.value)} onKeyDown={(e) => e.key === 'Enter' && search.commit()} type="search" />
        <NativeSelect
          label={t('orders.status')}
          value={status}
          onChange={(e) => setStatus(e.currentTarget.value)}
          data={[{ value: '', label: t('orders.any') }, ...ORDER_STATUSES.map((s) => ({ value: s, label: t(`orderStatus.${s}`) }))]}
        />
        {custom.filters}
      </Group>
      <FilterChips
        chips={chips}
        onClear={() => {
          setStatus('');
          custom.clear();
          search.setValue('');
        }}
      />
      <FormError errors={records.errors} />
      {records.bulkActions(access.canDelete)}
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
                <Table.Th w={36}>{records.selectPage}</Table.Th>
                {header('number', t('orders.number'))}
                <Table.Th>{t('orders.deal')}</Table.Th>
                <Table.Th>{t('orders.company')}</Table.Th>
                <Table.Th>{t('orders.quote')}</Table.Th>
                <Table.Th>{t('orders.status')}</Table.Th>
                <Table.Th>{t('orders.delivered')}</Table.Th>
                {header('total', t('orders.total'))}
                {header('createdAt', t('orders.created'))}
                {custom.headers(sort, setSort)}
                <Table.Th>{t('orders.actions')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('orders.delete')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((order, i) => (
                <Table.Tr key={order.id} data-testid="order" {...nav.rowProps(i)}>
                  <Table.Td>{records.selectRow(order, name(order))}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={orderPath(order.id)} size="sm" fw={600}>
                      {name(order)}
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
                  <Table.Td>{moneyText(format, order.total)}</Table.Td>
                  <Table.Td>{format.date(order.createdAt)}</Table.Td>
                  {custom.cells(order.customFields)}
                  <Table.Td>
                    <RecordActions recordType="Order" recordId={order.id} />
                  </Table.Td>
                  <Table.Td>{records.deleteButton(order, name(order), access.canDelete)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore shown={rows.length} total={list.totalCount} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onLoadMore={list.loadMore} />
      {records.dialogs((order) => ({
        title: t('orders.deleteOneTitle', { number: order.number }),
        message: t('orders.deleteOneMessage'),
        confirmLabel: t('orders.delete'),
      }))}
    </>
  );
}

/** Deleted orders, last deleted first, each brought back with "Restore". */
function DeletedOrders() {
  const { t } = useTranslation('catalog');
  return (
    <RecycleBinList
      recordType="Order"
      {...binOf('Orders', OrderRowFragment)}
      testId="orders-bin"
      name={(row) => t('orders.name', { number: row.number })}
      columns={[
        { label: t('orders.number'), cell: (row) => t('orders.name', { number: row.number }) },
        { label: t('orders.deal'), cell: (row) => row.deal.title },
        { label: t('orders.company'), cell: (row) => row.deal.company?.name ?? '—' },
      ]}
      restored={t('orders.restored')}
      restore={RestoreOrderDocument}
    />
  );
}
