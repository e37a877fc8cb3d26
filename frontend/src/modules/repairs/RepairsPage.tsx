import { Anchor, Button, Group, Modal, NativeSelect, Stack, Table, Text, Textarea, TextInput, VisuallyHidden } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useMutation } from 'urql';

import { useEntryState } from '../../components/list/entryState';
import { ListError } from '../../components/list/ListError';
import { ListHeader } from '../../components/list/ListHeader';
import { FilterChips, LoadMore } from '../../components/list/ListParts';
import { listExportUrl } from '../../components/list/exportUrl';
import { binOf, RecycleBinList } from '../../components/list/RecycleBinList';
import { type SortKey } from '../../components/list/sorting';
import { ListWithBin, useRecordList } from '../../components/list/useRecordList';
import { useRowNavigation } from '../../components/list/useRowNavigation';
import { useSearchTerm } from '../../components/list/useSearchTerm';
import { CustomFieldInputs, useCustomFieldForm } from '../../components/record/CustomFieldInputs';
import { InlineField } from '../../components/record/InlineField';
import { useFieldAccess } from '../../components/record/fieldAccess';
import type { RepairOrdersQuery } from '../../gql/tenant/graphql';
import i18n from '../../i18n';
import { useFormat } from '../../locale';
import { FormError, outcome } from '../access/common';
import { moneyText } from '../../components/record/money';
import { chipIds, isoDay, MINE, NO_REPAIR_FILTERS, REPAIR_STATUSES, repairFilterOf, repairPath, withoutChip, type RepairFilters } from './logic';
import {
  CreateRepairOrderDocument,
  DeleteRepairOrderDocument,
  RepairOrderRowFragment,
  RepairOrdersDocument,
  RestoreRepairOrderDocument,
  UpdateRepairOrderDocument,
} from './operations';
import { useRepairOptions, withChosen } from './options';
import { SortHeader } from '../../components/list/SortHeader';
import { StatusBadge } from '../../components/StatusBadge';

const SORTABLE = ['number', 'status', 'receivedOn', 'serialNumber', 'total'] as const;
const CLOSED = ['RETURNED', 'CANCELLED'];

export function RepairStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation('repairs');
  const tone = status === 'READY' ? 'positive' : CLOSED.includes(status) ? 'neutral' : 'info';
  return (
    <StatusBadge data-testid="repair-status" tt="none" tone={tone}>
      {t(`status.${status}`)}
    </StatusBadge>
  );
}

type RepairRow = RepairOrdersQuery['repairOrders']['edges'][number]['node'];

/**
 * /repairs — every repair order the member may read: search, filter chips (status, technician, under
 * warranty, in the workshop or closed, the workspace's custom fields), header sorting, every row through
 * "load more", problem and serial number edited in place, export, delete with undo (one row, or a
 * selection), and the recycle bin (restore); live.
 */
export function RepairsPage() {
  const { t } = useTranslation('repairs');
  const navigate = useNavigate();
  const access = useFieldAccess('RepairOrder');
  return (
    <ListWithBin
      name="repairs"
      binTitle={t('list.binTitle')}
      current={(view, onNew) => <CurrentRepairs view={view} onNew={access.canCreate ? onNew : undefined} />}
      bin={<DeletedRepairs />}
      create={(params, close) => <NewRepairOrder company={params.get('company')} ticket={params.get('ticket')} onClose={close} onCreated={(id) => navigate(repairPath(id))} />}
    />
  );
}

function CurrentRepairs({ view, onNew }: { view: ReactNode; onNew?: () => void }) {
  const { t } = useTranslation('repairs');
  const format = useFormat();
  const navigate = useNavigate();
  const access = useFieldAccess('RepairOrder');
  const { owners } = useRepairOptions();
  const search = useSearchTerm();
  const [filters, setFilters] = useEntryState<RepairFilters>('repairs.filters', NO_REPAIR_FILTERS);
  const [sort, setSort] = useEntryState<SortKey[]>('repairs.sort', []);
  const records = useRecordList<RepairOrdersQuery, RepairRow>({
    recordType: 'RepairOrder',
    name: 'repairs',
    ns: 'repairs',
    query: RepairOrdersDocument as never,
    pick: (d) => d.repairOrders,
    filter: repairFilterOf(filters),
    sort,
    search: search.term,
    update: [UpdateRepairOrderDocument, 'updateRepairOrder'],
    remove: [DeleteRepairOrderDocument, 'deleteRepairOrder'],
    restore: [RestoreRepairOrderDocument, 'restoreRepairOrder', 'repairOrder'],
    bulk: {},
  });
  const { list, rows, custom, variables, save } = records;
  const nav = useRowNavigation(rows.length, (i) => navigate(repairPath(rows[i].id)));

  const ownerName = (id: string) => (id === MINE ? t('list.me') : (owners.find((o) => o.value === id)?.label ?? id));
  const chipLabel: Record<keyof RepairFilters, (f: RepairFilters) => string> = {
    status: (f) => `${t('fields.status')}: ${t(`status.${f.status}`)}`,
    owner: (f) => `${t('fields.owner')}: ${ownerName(f.owner ?? '')}`,
    warranty: (f) => t('list.warrantyChip', { value: t(f.warranty === 'yes' ? 'list.yes' : 'list.no') }),
    stage: (f) => `${t('fields.stage')}: ${t(f.stage === 'closed' ? 'list.closed' : 'list.open')}`,
  };
  const chips = [
    ...chipIds(filters).map((id) => ({ id, label: chipLabel[id](filters), onRemove: () => setFilters(withoutChip(filters, id)) })),
    ...custom.chips,
    ...(search.term ? [{ id: 'search', label: `${t('list.search')}: ${search.term}`, onRemove: () => search.setValue('') }] : []),
  ];
  const header = (field: (typeof SORTABLE)[number]) => (
    <SortHeader field={field} text={t(`fields.${field}`)} sort={sort} onSort={setSort} label={t('list.sortBy', { name: t(`fields.${field}`) })} />
  );
  const exportUrl = (fileFormat: 'csv' | 'xlsx') => listExportUrl('repairs', fileFormat, variables, { columns: '', language: i18n.language });
  const choice = (value: string | null, on: (v: string | null) => void) => ({ value: value ?? '', onChange: (e: { currentTarget: { value: string } }) => on(e.currentTarget.value || null) });

  return (
    <>
      <ListHeader title={t('list.title')} newLabel={t('new.title')} onNew={onNew} exportUrl={access.canExport ? exportUrl : undefined} />
      {view}
      <Group align="flex-end" wrap="wrap">
        <TextInput label={t('list.search')} value={search.value} onChange={(e) => search.setValue(e.currentTarget.value)} onKeyDown={(e) => e.key === 'Enter' && search.commit()} type="search" />
        <NativeSelect
          label={t('fields.status')}
          {...choice(filters.status, (status) => setFilters({ ...filters, status }))}
          data={[{ value: '', label: t('list.any') }, ...REPAIR_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))]}
        />
        <NativeSelect label={t('fields.owner')} {...choice(filters.owner, (owner) => setFilters({ ...filters, owner }))} data={[{ value: '', label: t('list.any') }, { value: MINE, label: t('list.me') }, ...owners]} />
        <NativeSelect
          label={t('fields.underWarranty')}
          {...choice(filters.warranty, (warranty) => setFilters({ ...filters, warranty }))}
          data={[
            { value: '', label: t('list.any') },
            { value: 'yes', label: t('list.yes') },
            { value: 'no', label: t('list.no') },
          ]}
        />
        <NativeSelect
          label={t('fields.stage')}
          {...choice(filters.stage, (stage) => setFilters({ ...filters, stage }))}
          data={[
            { value: '', label: t('list.any') },
            { value: 'open', label: t('list.open') },
            { value: 'closed', label: t('list.closed') },
          ]}
        />
        {custom.filters}
      </Group>
      <FilterChips
        chips={chips}
        onClear={() => {
          setFilters(NO_REPAIR_FILTERS);
          custom.clear();
          search.setValue('');
        }}
      />
      <FormError errors={records.errors} />
      {records.bulkActions(access.canDelete)}
      <ListError error={list.error} onRetry={list.reload} />
      <Text size="sm" aria-live="polite" data-testid="record-count">
        {list.loaded ? t('list.count', { count: list.totalCount ?? rows.length }) : ''}
      </Text>
      {list.loaded && rows.length === 0 && <Text size="sm">{t('list.empty')}</Text>}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={1000}>
          <Table striped data-testid="repairs-table" {...nav.tableProps}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={36}>{records.selectPage}</Table.Th>
                {header('number')}
                <Table.Th>{t('fields.company')}</Table.Th>
                <Table.Th>{t('fields.product')}</Table.Th>
                {header('serialNumber')}
                <Table.Th>{t('fields.problem')}</Table.Th>
                {header('status')}
                {header('receivedOn')}
                <Table.Th>{t('fields.warranty')}</Table.Th>
                {header('total')}
                <Table.Th>{t('fields.owner')}</Table.Th>
                {custom.headers(sort, setSort)}
                <Table.Th>
                  <VisuallyHidden>{t('list.delete')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((order, i) => {
                const closed = CLOSED.includes(order.status);
                return (
                  <Table.Tr key={order.id} data-testid="repair-row" {...nav.rowProps(i)}>
                    <Table.Td>{records.selectRow(order, order.displayNumber)}</Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={repairPath(order.id)} size="sm" fw={600}>
                        {order.displayNumber}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{order.company?.name ?? '—'}</Table.Td>
                    <Table.Td>{order.product?.name ?? '—'}</Table.Td>
                    <Table.Td>
                      <InlineField compact label={`${t('fields.serialNumber')}: ${order.displayNumber}`} value={order.serialNumber} editor={{ kind: 'text' }} readOnly={closed || access.readOnly('serialNumber')} onSave={(v) => save(order.id, { serialNumber: v })} />
                    </Table.Td>
                    <Table.Td>
                      <InlineField compact label={`${t('fields.problem')}: ${order.displayNumber}`} value={order.problem} editor={{ kind: 'text' }} readOnly={closed || access.readOnly('problem')} onSave={(v) => save(order.id, { problem: v })} />
                    </Table.Td>
                    <Table.Td>{t(`status.${order.status}`)}</Table.Td>
                    <Table.Td>{format.date(order.receivedOn)}</Table.Td>
                    <Table.Td>{order.warranty ? `${t(`coverage.${order.warranty.coverage}`)} · ${t(`warrantyStatus.${order.warranty.status}`)}` : '—'}</Table.Td>
                    <Table.Td>{moneyText(format, order.total)}</Table.Td>
                    <Table.Td>{order.owner?.fullName ?? '—'}</Table.Td>
                    {custom.cells(order.customFields)}
                    <Table.Td>{records.deleteButton(order, order.displayNumber, access.canDelete)}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore shown={rows.length} total={list.totalCount} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onLoadMore={list.loadMore} />
      {records.dialogs((order) => ({
        title: t('list.deleteTitle'),
        message: t('list.deleteMessage', { name: order.displayNumber }),
        confirmLabel: t('list.delete'),
      }))}
    </>
  );
}

/** Deleted repair orders, newest first, each brought back with "Restore". */
function DeletedRepairs() {
  const { t } = useTranslation('repairs');
  return (
    <RecycleBinList
      recordType="RepairOrder"
      {...binOf('RepairOrders', RepairOrderRowFragment)}
      testId="repairs-bin"
      name={(row) => row.displayNumber}
      columns={[
        { label: t('fields.number'), cell: (row) => row.displayNumber },
        { label: t('fields.company'), cell: (row) => row.company?.name ?? '—' },
        { label: t('fields.problem'), cell: (row) => row.problem },
      ]}
      restored={t('list.restored')}
      restore={RestoreRepairOrderDocument}
    />
  );
}

/** The "new repair order" dialog (also from the command menu, a company's page and a ticket's, through `?new=1&company=` / `&ticket=`). */
export function NewRepairOrder({ company, ticket, onClose, onCreated }: { company: string | null; ticket: string | null; onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation('repairs');
  const { companies, productChoices } = useRepairOptions();
  const [values, setValues] = useState({ companyId: company ?? '', productId: '', serialNumber: '', problem: '', receivedOn: isoDay(0), taxRate: '0' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [, create] = useMutation(CreateRepairOrderDocument);
  const custom = useCustomFieldForm('RepairOrder');
  const submit = async () => {
    if (!custom.ready(setErrors)) return;
    setBusy(true);
    const result = await create({
      input: {
        companyId: values.companyId || null,
        productId: values.productId || null,
        serialNumber: values.serialNumber,
        problem: values.problem || null,
        receivedOn: values.receivedOn || null,
        taxRate: values.taxRate || null,
        ticketId: ticket,
        customFields: custom.input(),
      },
    });
    setBusy(false);
    const found = outcome(result, (d) => d.createRepairOrder, t);
    setErrors(found);
    const id = result.data?.createRepairOrder.repairOrder?.id;
    if (!Object.keys(found).length && id) onCreated(id);
  };
  const set = (name: keyof typeof values) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setValues((v) => ({ ...v, [name]: value }));
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
          <NativeSelect label={t('fields.company')} value={values.companyId} error={errors.companyId} required={!ticket} onChange={set('companyId')} data={[{ value: '', label: t('new.none') }, ...withChosen(companies, values.companyId)]} />
          <NativeSelect label={t('fields.product')} value={values.productId} error={errors.productId} onChange={set('productId')} data={[{ value: '', label: t('new.none') }, ...productChoices]} />
          <TextInput label={t('fields.serialNumber')} value={values.serialNumber} error={errors.serialNumber} onChange={set('serialNumber')} />
          <Textarea label={t('fields.problem')} value={values.problem} error={errors.problem} required={!ticket} autosize minRows={2} onChange={set('problem')} data-autofocus />
          <Group grow>
            <TextInput type="date" label={t('fields.receivedOn')} value={values.receivedOn} error={errors.receivedOn} onChange={set('receivedOn')} />
            <TextInput label={t('fields.taxRate')} inputMode="decimal" value={values.taxRate} error={errors.taxRate} onChange={set('taxRate')} />
          </Group>
          <CustomFieldInputs form={custom} errors={errors} />
          <FormError errors={errors} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('new.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={!ticket && (!values.companyId || !values.problem.trim())}>
              {t('new.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
