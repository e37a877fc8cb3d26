import { ActionIcon, Anchor, Badge, Button, Group, Modal, NativeSelect, Stack, Table, Text, Textarea, TextInput, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMutation } from 'urql';

import { ConfirmAction, notifyWithUndo } from '../../components/ConfirmAction';
import { IconTrash } from '../../components/icons';
import { useEntryState } from '../../components/list/entryState';
import { ListError } from '../../components/list/ListError';
import { ListHeader } from '../../components/list/ListHeader';
import { FilterChips, LoadMore } from '../../components/list/ListParts';
import { orderByOf, type SortKey } from '../../components/list/sorting';
import { useCursorList } from '../../components/list/useCursorList';
import { useRowNavigation } from '../../components/list/useRowNavigation';
import { useSearchTerm } from '../../components/list/useSearchTerm';
import { CustomFieldInputs, useCustomFieldForm } from '../../components/record/CustomFieldInputs';
import { InlineField } from '../../components/record/InlineField';
import { useFieldAccess } from '../../components/record/fieldAccess';
import type { RepairOrderRowFragment, RepairOrdersQuery } from '../../gql/tenant/graphql';
import i18n from '../../i18n';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { FormError, outcome } from '../access/common';
import { moneyText } from '../sales/money';
import { chipIds, isoDay, MINE, NO_REPAIR_FILTERS, REPAIR_STATUSES, repairFilterOf, repairPath, withoutChip, type RepairFilters } from './logic';
import { CreateRepairOrderDocument, DeleteRepairOrderDocument, RepairOrdersDocument, RestoreRepairOrderDocument, UpdateRepairOrderDocument } from './operations';
import { useRepairOptions, withChosen } from './options';
import { SortHeader } from '../../components/list/SortHeader';

const SORTABLE = ['number', 'status', 'receivedOn', 'serialNumber', 'total'] as const;
const CLOSED = ['RETURNED', 'CANCELLED'];

export function RepairStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation('repairs');
  const color = status === 'READY' ? 'teal.9' : CLOSED.includes(status) ? 'gray.8' : 'blue.9';
  return (
    <Badge data-testid="repair-status" variant="filled" tt="none" color={color}>
      {t(`status.${status}`)}
    </Badge>
  );
}

/**
 * /repairs — every repair order the member may read: search, filter chips (status, technician, under
 * warranty, in the workshop or closed), header sorting, every row through "load more", problem and
 * serial number edited in place, export, delete with undo; live.
 */
export function RepairsPage() {
  const { t } = useTranslation('repairs');
  const format = useFormat();
  const navigate = useNavigate();
  const access = useFieldAccess('RepairOrder');
  const { owners } = useRepairOptions();
  const search = useSearchTerm();
  const [filters, setFilters] = useEntryState<RepairFilters>('repairs.filters', NO_REPAIR_FILTERS);
  const [sort, setSort] = useEntryState<SortKey[]>('repairs.sort', []);
  const [deleting, setDeleting] = useState<RepairOrderRowFragment | null>(null);
  const [params, setParams] = useSearchParams();

  const filter = repairFilterOf(filters);
  const variables = { filter, orderBy: sort.length ? orderByOf(sort) : null, search: search.term || null };
  const query = RepairOrdersDocument as Parameters<typeof useCursorList<RepairOrdersQuery, RepairOrderRowFragment>>[0]['query'];
  const list = useCursorList<RepairOrdersQuery, RepairOrderRowFragment>({ query, variables, pick: (d) => d.repairOrders });
  useLiveRecords(['RepairOrder'], list.reload);
  const rows = list.rows;
  const nav = useRowNavigation(rows.length, (i) => navigate(repairPath(rows[i].id)));
  const [, update] = useMutation(UpdateRepairOrderDocument);
  const [, remove] = useMutation(DeleteRepairOrderDocument);
  const [, restore] = useMutation(RestoreRepairOrderDocument);

  const ownerName = (id: string) => (id === MINE ? t('list.me') : (owners.find((o) => o.value === id)?.label ?? id));
  const chipLabel: Record<keyof RepairFilters, (f: RepairFilters) => string> = {
    status: (f) => `${t('fields.status')}: ${t(`status.${f.status}`)}`,
    owner: (f) => `${t('fields.owner')}: ${ownerName(f.owner ?? '')}`,
    warranty: (f) => t('list.warrantyChip', { value: t(f.warranty === 'yes' ? 'list.yes' : 'list.no') }),
    stage: (f) => `${t('fields.stage')}: ${t(f.stage === 'closed' ? 'list.closed' : 'list.open')}`,
  };
  const chips = [
    ...chipIds(filters).map((id) => ({ id, label: chipLabel[id](filters), onRemove: () => setFilters(withoutChip(filters, id)) })),
    ...(search.term ? [{ id: 'search', label: `${t('list.search')}: ${search.term}`, onRemove: () => search.setValue('') }] : []),
  ];
  const save = async (id: string, input: Record<string, unknown>) => {
    const found = outcome(await update({ input: { id, ...input } as never }), (d) => d.updateRepairOrder, t);
    const messages = Object.values(found);
    return messages.length ? messages.join(' ') : null;
  };
  const header = (field: (typeof SORTABLE)[number]) => (
    <SortHeader field={field} text={t(`fields.${field}`)} sort={sort} onSort={setSort} label={t('list.sortBy', { name: t(`fields.${field}`) })} />
  );
  const exportUrl = (fileFormat: 'csv' | 'xlsx') => {
    const query = new URLSearchParams({ mode: 'active', filter: JSON.stringify(filter), lang: i18n.language });
    if (variables.orderBy) query.set('orderBy', JSON.stringify(variables.orderBy));
    if (variables.search) query.set('search', variables.search);
    return `/exports/repairs.${fileFormat}?${query}`;
  };
  const onDelete = async (order: RepairOrderRowFragment) => {
    const result = await remove({ input: { id: order.id } });
    list.reload();
    if (result.error || result.data?.deleteRepairOrder.errors.length) return;
    notifyWithUndo({
      message: t('list.deleted'),
      undo: async () => {
        const back = await restore({ input: { id: order.id } });
        list.reload();
        return back.data?.restoreRepairOrder.repairOrder ? 1 : 0;
      },
    });
  };
  const choice = (value: string | null, on: (v: string | null) => void) => ({ value: value ?? '', onChange: (e: { currentTarget: { value: string } }) => on(e.currentTarget.value || null) });

  return (
    <Stack>
      <ListHeader title={t('list.title')} newLabel={t('new.title')} onNew={access.canCreate ? () => setParams({ new: '1' }) : undefined} exportUrl={access.canExport ? exportUrl : undefined} />
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
      </Group>
      <FilterChips
        chips={chips}
        onClear={() => {
          setFilters(NO_REPAIR_FILTERS);
          search.setValue('');
        }}
      />
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
                    <Table.Td>
                      {access.canDelete && (
                        <ActionIcon variant="subtle" color="red.8" aria-label={`${t('list.delete')}: ${order.displayNumber}`} onClick={() => setDeleting(order)}>
                          <IconTrash size={16} />
                        </ActionIcon>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore shown={rows.length} total={list.totalCount} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onLoadMore={list.loadMore} />
      {deleting && (
        <ConfirmAction
          title={t('list.deleteTitle')}
          message={t('list.deleteMessage', { name: deleting.displayNumber })}
          confirmLabel={t('list.delete')}
          onConfirm={() => onDelete(deleting)}
          onClose={() => setDeleting(null)}
        />
      )}
      {params.get('new') && (
        <NewRepairOrder
          company={params.get('company')}
          ticket={params.get('ticket')}
          onClose={() => {
            const next = new URLSearchParams(params);
            for (const key of ['new', 'company', 'ticket']) next.delete(key);
            setParams(next);
          }}
          onCreated={(id) => navigate(repairPath(id))}
        />
      )}
    </Stack>
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
