import { Anchor, Button, Group, Modal, NativeSelect, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { ListError } from '../../components/list/ListError';
import { ListHeader } from '../../components/list/ListHeader';
import { FilterChips, LoadMore } from '../../components/list/ListParts';
import { useEntryState } from '../../components/list/entryState';
import { listExportUrl } from '../../components/list/exportUrl';
import { binOf, RecycleBinList } from '../../components/list/RecycleBinList';
import { type SortKey } from '../../components/list/sorting';
import { ListWithBin, useRecordList } from '../../components/list/useRecordList';
import { useRowNavigation } from '../../components/list/useRowNavigation';
import { useSearchTerm } from '../../components/list/useSearchTerm';
import { useFieldAccess } from '../../components/record/fieldAccess';
import { InlineField } from '../../components/record/InlineField';
import type { ReturnRequestsQuery } from '../../gql/tenant/graphql';
import i18n from '../../i18n';
import { useFormat } from '../../locale';
import { FormError, outcome } from '../access/common';
import { moneyText } from '../../components/record/money';
import { chipIds, filterOf, linesOf, MINE, NO_FILTERS, RESOLUTIONS, RETURN_STATUSES, returnPath, withoutChip, type ListFilters } from './logic';
import {
  CompanyOrdersDocument,
  CreateReturnRequestDocument,
  DeleteReturnRequestDocument,
  RestoreReturnRequestDocument,
  ReturnRequestsDocument,
  ReturnRowFragment,
  UpdateReturnRequestDocument,
} from './operations';
import { useReturnOptions } from './options';
import { SortHeader } from '../../components/list/SortHeader';

const SORTABLE = ['number', 'status', 'reason', 'refundAmount', 'createdAt'] as const;
const OPEN = ['REQUESTED', 'APPROVED', 'RECEIVED', 'INSPECTED'];

/**
 * /returns — every return request the member may read: search, filter chips (status, resolution, owner, the
 * workspace's custom fields), header sorting, every row through "load more", reasons edited in place,
 * export, delete with undo (one row, or a selection), and the recycle bin (restore); live.
 */
export function ReturnsPage() {
  const { t } = useTranslation('returns');
  const navigate = useNavigate();
  return (
    <ListWithBin
      name="returns"
      binTitle={t('list.binTitle')}
      current={(view, onNew) => <CurrentReturns view={view} onNew={onNew} />}
      bin={<DeletedReturns />}
      create={(params, close) => <NewReturn company={params.get('company')} onClose={close} onCreated={(id) => navigate(returnPath(id))} />}
    />
  );
}

type ReturnRow = ReturnRequestsQuery['returnRequests']['edges'][number]['node'];

function CurrentReturns({ view, onNew }: { view: ReactNode; onNew: () => void }) {
  const { t } = useTranslation('returns');
  const format = useFormat();
  const navigate = useNavigate();
  const access = useFieldAccess('ReturnRequest');
  const { owners, reasons } = useReturnOptions();
  const search = useSearchTerm();
  const [filters, setFilters] = useEntryState<ListFilters>('returns.filters', NO_FILTERS);
  const [sort, setSort] = useEntryState<SortKey[]>('returns.sort', []);
  const records = useRecordList<ReturnRequestsQuery, ReturnRow>({
    recordType: 'ReturnRequest',
    name: 'returns',
    ns: 'returns',
    query: ReturnRequestsDocument as never,
    pick: (d) => d.returnRequests,
    filter: filterOf(filters, 'resolution'),
    sort,
    search: search.term,
    update: [UpdateReturnRequestDocument, 'updateReturnRequest'],
    remove: [DeleteReturnRequestDocument, 'deleteReturnRequest'],
    restore: [RestoreReturnRequestDocument, 'restoreReturnRequest', 'returnRequest'],
    bulk: {},
  });
  const { list, rows, custom, variables } = records;
  const nav = useRowNavigation(rows.length, (i) => navigate(returnPath(rows[i].id)));

  const ownerName = (id: string) => (id === MINE ? t('list.me') : (owners.find((o) => o.value === id)?.label ?? id));
  const chipLabel: Record<string, (f: ListFilters) => string> = {
    status: (f) => `${t('fields.status')}: ${t(`status.${f.status}`)}`,
    sort: (f) => `${t('fields.resolution')}: ${t(`resolution.${f.sort}`)}`,
    owner: (f) => `${t('fields.owner')}: ${ownerName(f.owner ?? '')}`,
  };
  const chips = [
    ...chipIds(filters).map((id) => ({ id, label: chipLabel[id](filters), onRemove: () => setFilters(withoutChip(filters, id)) })),
    ...custom.chips,
    ...(search.term ? [{ id: 'search', label: `${t('list.search')}: ${search.term}`, onRemove: () => search.setValue('') }] : []),
  ];
  const header = (field: (typeof SORTABLE)[number]) => (
    <SortHeader field={field} text={t(`fields.${field}`)} sort={sort} onSort={setSort} label={t('list.sortBy', { name: t(`fields.${field}`) })} />
  );
  const exportUrl = (fileFormat: 'csv' | 'xlsx') => listExportUrl('returns', fileFormat, variables, { columns: '', language: i18n.language });

  return (
    <>
      <ListHeader title={t('list.title')} newLabel={t('new.title')} onNew={onNew} exportUrl={access.canExport ? exportUrl : undefined} />
      {view}
      <Group align="flex-end" wrap="wrap">
        <TextInput label={t('list.search')} value={search.value} onChange={(e) => search.setValue(e.currentTarget.value)} onKeyDown={(e) => e.key === 'Enter' && search.commit()} type="search" />
        <NativeSelect
          label={t('fields.status')}
          value={filters.status ?? ''}
          onChange={(e) => setFilters({ ...filters, status: e.currentTarget.value || null })}
          data={[{ value: '', label: t('list.any') }, ...RETURN_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))]}
        />
        <NativeSelect
          label={t('fields.resolution')}
          value={filters.sort ?? ''}
          onChange={(e) => setFilters({ ...filters, sort: e.currentTarget.value || null })}
          data={[{ value: '', label: t('list.any') }, ...RESOLUTIONS.map((r) => ({ value: r, label: t(`resolution.${r}`) }))]}
        />
        <NativeSelect
          label={t('fields.owner')}
          value={filters.owner ?? ''}
          onChange={(e) => setFilters({ ...filters, owner: e.currentTarget.value || null })}
          data={[{ value: '', label: t('list.any') }, { value: MINE, label: t('list.me') }, ...owners]}
        />
        {custom.filters}
      </Group>
      <FilterChips chips={chips} onClear={() => { setFilters(NO_FILTERS); custom.clear(); search.setValue(''); }} />
      <FormError errors={records.errors} />
      {records.bulkActions(access.canDelete)}
      <ListError error={list.error} onRetry={list.reload} />
      <Text size="sm" aria-live="polite" data-testid="record-count">
        {list.loaded ? t('list.count', { count: list.totalCount ?? rows.length }) : ''}
      </Text>
      {list.loaded && rows.length === 0 && <Text size="sm">{t('list.empty')}</Text>}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={900}>
          <Table striped data-testid="returns-table" {...nav.tableProps}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={36}>{records.selectPage}</Table.Th>
                {header('number')}
                <Table.Th>{t('fields.company')}</Table.Th>
                <Table.Th>{t('fields.order')}</Table.Th>
                {header('status')}
                {header('reason')}
                <Table.Th>{t('fields.resolution')}</Table.Th>
                {header('refundAmount')}
                <Table.Th>{t('fields.owner')}</Table.Th>
                {header('createdAt')}
                {custom.headers(sort, setSort)}
                <Table.Th>
                  <VisuallyHidden>{t('list.delete')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((request, i) => {
                const name = t('name', { number: request.number });
                const open = OPEN.includes(request.status);
                return (
                  <Table.Tr key={request.id} data-testid="return-row" {...nav.rowProps(i)}>
                    <Table.Td>{records.selectRow(request, name)}</Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={returnPath(request.id)} size="sm" fw={600}>
                        {name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{request.company?.name ?? '—'}</Table.Td>
                    <Table.Td>{request.order ? `O-${request.order.number}` : '—'}</Table.Td>
                    <Table.Td>{t(`status.${request.status}`)}</Table.Td>
                    <Table.Td>
                      <InlineField compact label={`${t('fields.reason')}: ${name}`} value={request.reason} editor={{ kind: 'select', options: reasons }} readOnly={!open || access.readOnly('reason')} onSave={(v) => records.save(request.id, { reason: v })} />
                    </Table.Td>
                    <Table.Td>{t(`resolution.${request.resolution}`)}</Table.Td>
                    <Table.Td>{moneyText(format, request.refundAmount)}</Table.Td>
                    <Table.Td>{request.owner?.fullName ?? '—'}</Table.Td>
                    <Table.Td>{format.date(request.createdAt)}</Table.Td>
                    {custom.cells(request.customFields)}
                    <Table.Td>{records.deleteButton(request, name, access.canDelete)}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore shown={rows.length} total={list.totalCount} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onLoadMore={list.loadMore} />
      {records.dialogs((request) => ({
        title: t('record.deleteTitle'),
        message: t('record.deleteMessage', { name: t('name', { number: request.number }) }),
        confirmLabel: t('record.delete'),
      }))}
    </>
  );
}

/** Deleted returns, newest first, each brought back with "Restore". */
function DeletedReturns() {
  const { t } = useTranslation('returns');
  return (
    <RecycleBinList
      recordType="ReturnRequest"
      {...binOf('ReturnRequests', ReturnRowFragment)}
      testId="returns-bin"
      name={(row) => t('name', { number: row.number })}
      columns={[
        { label: t('fields.number'), cell: (row) => t('name', { number: row.number }) },
        { label: t('fields.company'), cell: (row) => row.company?.name ?? '—' },
        { label: t('fields.status'), cell: (row) => t(`status.${row.status}`) },
      ]}
      restored={t('list.restored')}
      restore={RestoreReturnRequestDocument}
    />
  );
}

/** The "new return" dialog: the customer, one of their orders, how many of each line come back, why and for what. */
export function NewReturn({ company, onClose, onCreated }: { company: string | null; onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation('returns');
  const { companies, reasons } = useReturnOptions();
  const [companyId, setCompanyId] = useState(company ?? '');
  const [orderId, setOrderId] = useState('');
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const [resolution, setResolution] = useState<string>('REFUND');
  const [notes, setNotes] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [{ data }] = useQuery({ query: CompanyOrdersDocument, variables: { company: companyId }, pause: !companyId });
  const orders = (companyId && data?.orders.edges.map((e) => e.node)) || [];
  const order = orders.find((o) => o.id === orderId);
  const [, create] = useMutation(CreateReturnRequestDocument);
  const lines = linesOf(quantities);
  const submit = async () => {
    setBusy(true);
    const result = await create({ input: { orderId, reason, resolution: resolution as never, notes: notes || null, lines } });
    setBusy(false);
    const found = outcome(result, (d) => d.createReturnRequest, t);
    setErrors(found);
    const id = result.data?.createReturnRequest.returnRequest?.id;
    if (!Object.keys(found).length && id) onCreated(id);
  };
  const lineError = (orderLineId: string) => {
    const at = lines.findIndex((l) => l.orderLineId === orderLineId);
    return at < 0 ? undefined : (errors[`lines.${at}.quantity`] ?? errors[`lines.${at}.orderLineId`]);
  };
  return (
    <Modal opened onClose={onClose} title={t('new.title')} closeButtonProps={{ 'aria-label': t('new.cancel') }}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <Text size="sm">{t('new.pickOrder')}</Text>
          <NativeSelect
            label={t('fields.company')}
            value={companyId}
            required
            data-autofocus
            onChange={(e) => {
              setCompanyId(e.currentTarget.value);
              setOrderId('');
              setQuantities({});
            }}
            data={[{ value: '', label: '—' }, ...companies]}
          />
          {companyId && data && orders.length === 0 && <Text size="sm">{t('new.noOrders')}</Text>}
          {orders.length > 0 && (
            <NativeSelect
              label={t('fields.order')}
              value={orderId}
              error={errors.orderId}
              required
              onChange={(e) => {
                setOrderId(e.currentTarget.value);
                setQuantities({});
              }}
              data={[{ value: '', label: '—' }, ...orders.map((o) => ({ value: o.id, label: `O-${o.number}` }))]}
            />
          )}
          {order && (
            <Stack gap="xs" data-testid="return-lines">
              <Text size="sm" fw={600}>
                {t('fields.lines')}
              </Text>
              {order.lines.map((line) => {
                const name = line.description || line.product.name;
                return (
                  <TextInput
                    key={line.id}
                    label={t('new.returnQuantity', { name })}
                    description={`${t('fields.ordered')}: ${Number(line.quantity)}`}
                    inputMode="decimal"
                    value={quantities[line.id] ?? ''}
                    error={lineError(line.id)}
                    onChange={(e) => {
                      const value = e.currentTarget.value;
                      setQuantities((q) => ({ ...q, [line.id]: value }));
                    }}
                  />
                );
              })}
              {errors.lines && (
                <Text size="sm" c="red.9">
                  {errors.lines}
                </Text>
              )}
            </Stack>
          )}
          <NativeSelect label={t('fields.reason')} value={reason} error={errors.reason} required onChange={(e) => setReason(e.currentTarget.value)} data={[{ value: '', label: '—' }, ...reasons]} />
          <NativeSelect label={t('fields.resolution')} value={resolution} error={errors.resolution} onChange={(e) => setResolution(e.currentTarget.value)} data={RESOLUTIONS.map((r) => ({ value: r, label: t(`resolution.${r}`) }))} />
          <TextInput label={t('fields.notes')} value={notes} error={errors.notes} onChange={(e) => setNotes(e.currentTarget.value)} />
          <FormError errors={errors} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('new.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={!orderId || !reason || lines.length === 0}>
              {t('new.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
