import { Anchor, Button, Group, Modal, NativeSelect, Stack, Table, Text, Textarea, TextInput, VisuallyHidden } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useMutation } from 'urql';

import { useEntryState } from '../../components/list/entryState';
import { listExportUrl } from '../../components/list/exportUrl';
import { ListError } from '../../components/list/ListError';
import { ListHeader } from '../../components/list/ListHeader';
import { FilterChips, LoadMore } from '../../components/list/ListParts';
import { binOf, RecycleBinList } from '../../components/list/RecycleBinList';
import { type SortKey } from '../../components/list/sorting';
import { ListWithBin, useRecordList } from '../../components/list/useRecordList';
import { useRowNavigation } from '../../components/list/useRowNavigation';
import { useSearchTerm } from '../../components/list/useSearchTerm';
import { CustomFieldInputs, useCustomFieldForm } from '../../components/record/CustomFieldInputs';
import { InlineField } from '../../components/record/InlineField';
import { useFieldAccess } from '../../components/record/fieldAccess';
import type { WarrantiesQuery, WarrantyCoverage, WarrantyRowFragment } from '../../gql/tenant/graphql';
import i18n from '../../i18n';
import { useFormat } from '../../locale';
import { FormError, outcome } from '../access/common';
import { chipIds, COVERAGES, isoDay, MINE, NO_WARRANTY_FILTERS, WARRANTY_STATUSES, warrantyFilterOf, warrantyPath, withoutChip, type WarrantyFilters } from './logic';
import {
  CreateWarrantyDocument,
  DeleteWarrantyDocument,
  RestoreWarrantyDocument,
  UpdateWarrantyDocument,
  VoidWarrantyDocument,
  WarrantiesDocument,
  WarrantyRowFragment as WarrantyRowDocument,
} from './operations';
import { useRepairOptions, withChosen } from './options';
import { SortHeader } from '../../components/list/SortHeader';
import { StatusBadge } from '../../components/StatusBadge';

const SORTABLE = ['serialNumber', 'startDate', 'endDate'] as const;

export function WarrantyStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation('repairs');
  return (
    <StatusBadge tone={status === 'ACTIVE' ? 'positive' : status === 'VOID' ? 'negative' : 'neutral'} tt="none" data-testid="warranty-status">
      {t(`warrantyStatus.${status}`)}
    </StatusBadge>
  );
}

type WarrantyRow = WarrantiesQuery['warranties']['edges'][number]['node'];

/** A warranty as the list names it (its row's buttons, the bin): product and serial number. */
const warrantyName = (warranty: Pick<WarrantyRowFragment, 'serialNumber' | 'product'>) => `${warranty.product?.name ?? ''} ${warranty.serialNumber}`.trim();

/**
 * /repairs/warranties — every warranty the member may read: search (serial number, notes), filter chips
 * (status today, coverage, owner, the workspace's custom fields), header sorting, every row through "load
 * more", serial number, end date and coverage edited in place, void (with a reason), export, delete with
 * undo (one row, or a selection), and the recycle bin (restore); live.
 */
export function WarrantiesPage() {
  const { t } = useTranslation('repairs');
  const access = useFieldAccess('Warranty');
  return (
    <ListWithBin
      name="warranties"
      binTitle={t('warranties.binTitle')}
      current={(view, onNew) => <CurrentWarranties view={view} onNew={access.canCreate ? onNew : undefined} />}
      bin={<DeletedWarranties />}
      create={(params, close) => <NewWarranty company={params.get('company')} onClose={close} onCreated={close} />}
    />
  );
}

function CurrentWarranties({ view, onNew }: { view: ReactNode; onNew?: () => void }) {
  const { t } = useTranslation('repairs');
  const format = useFormat();
  const navigate = useNavigate();
  const access = useFieldAccess('Warranty');
  const { owners } = useRepairOptions();
  const search = useSearchTerm();
  const [filters, setFilters] = useEntryState<WarrantyFilters>('warranties.filters', NO_WARRANTY_FILTERS);
  const [sort, setSort] = useEntryState<SortKey[]>('warranties.sort', []);
  const [voiding, setVoiding] = useState<WarrantyRow | null>(null);
  const records = useRecordList<WarrantiesQuery, WarrantyRow>({
    recordType: 'Warranty',
    name: 'warranties',
    ns: 'repairs',
    keys: 'warrantyBulk',
    query: WarrantiesDocument as never,
    pick: (d) => d.warranties,
    filter: warrantyFilterOf(filters),
    sort,
    search: search.term,
    update: UpdateWarrantyDocument,
    remove: DeleteWarrantyDocument,
    restore: RestoreWarrantyDocument,
    bulk: { plural: 'Warranties' },
  });
  const { list, rows, custom, variables, save } = records;
  const nav = useRowNavigation(rows.length, (i) => navigate(warrantyPath(rows[i].id)));

  const ownerName = (id: string) => (id === MINE ? t('list.me') : (owners.find((o) => o.value === id)?.label ?? id));
  const chipLabel: Record<keyof WarrantyFilters, (f: WarrantyFilters) => string> = {
    status: (f) => `${t('fields.status')}: ${t(`warrantyStatus.${f.status}`)}`,
    coverage: (f) => `${t('fields.coverage')}: ${t(`coverage.${f.coverage}`)}`,
    owner: (f) => `${t('fields.warrantyOwner')}: ${ownerName(f.owner ?? '')}`,
  };
  const chips = [
    ...chipIds(filters).map((id) => ({ id, label: chipLabel[id](filters), onRemove: () => setFilters(withoutChip(filters, id)) })),
    ...custom.chips,
    ...(search.term ? [{ id: 'search', label: `${t('list.search')}: ${search.term}`, onRemove: () => search.setValue('') }] : []),
  ];
  const header = (field: (typeof SORTABLE)[number]) => (
    <SortHeader field={field} text={t(`fields.${field}`)} sort={sort} onSort={setSort} label={t('list.sortBy', { name: t(`fields.${field}`) })} />
  );
  const exportUrl = (fileFormat: 'csv' | 'xlsx') => listExportUrl('warranties', fileFormat, variables, { columns: '', language: i18n.language });
  const choice = (value: string | null, on: (v: string | null) => void) => ({ value: value ?? '', onChange: (e: { currentTarget: { value: string } }) => on(e.currentTarget.value || null) });
  const coverages = COVERAGES.map((c) => ({ value: c, label: t(`coverage.${c}`) }));

  return (
    <>
      <ListHeader title={t('warranties.title')} newLabel={t('warranties.new')} onNew={onNew} exportUrl={access.canExport ? exportUrl : undefined} />
      {view}
      <Group align="flex-end" wrap="wrap">
        <TextInput label={t('list.search')} value={search.value} onChange={(e) => search.setValue(e.currentTarget.value)} onKeyDown={(e) => e.key === 'Enter' && search.commit()} type="search" />
        <NativeSelect
          label={t('fields.status')}
          {...choice(filters.status, (status) => setFilters({ ...filters, status }))}
          data={[{ value: '', label: t('list.any') }, ...WARRANTY_STATUSES.map((s) => ({ value: s, label: t(`warrantyStatus.${s}`) }))]}
        />
        <NativeSelect label={t('fields.coverage')} {...choice(filters.coverage, (coverage) => setFilters({ ...filters, coverage }))} data={[{ value: '', label: t('list.any') }, ...coverages]} />
        <NativeSelect label={t('fields.warrantyOwner')} {...choice(filters.owner, (owner) => setFilters({ ...filters, owner }))} data={[{ value: '', label: t('list.any') }, { value: MINE, label: t('list.me') }, ...owners]} />
        {custom.filters}
      </Group>
      <FilterChips
        chips={chips}
        onClear={() => {
          setFilters(NO_WARRANTY_FILTERS);
          custom.clear();
          search.setValue('');
        }}
      />
      <FormError errors={records.errors} />
      {records.bulkActions(access.canDelete)}
      <ListError error={list.error} onRetry={list.reload} />
      <Text size="sm" aria-live="polite" data-testid="record-count">
        {list.loaded ? t('warranties.count', { count: list.totalCount ?? rows.length }) : ''}
      </Text>
      {list.loaded && rows.length === 0 && <Text size="sm">{t('warranties.empty')}</Text>}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={1000}>
          <Table striped data-testid="warranties-table" {...nav.tableProps}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={36}>{records.selectPage}</Table.Th>
                <Table.Th>{t('fields.company')}</Table.Th>
                <Table.Th>{t('fields.product')}</Table.Th>
                {header('serialNumber')}
                <Table.Th>{t('fields.coverage')}</Table.Th>
                {header('startDate')}
                {header('endDate')}
                <Table.Th>{t('fields.status')}</Table.Th>
                <Table.Th>{t('fields.warrantyOwner')}</Table.Th>
                {custom.headers(sort, setSort)}
                <Table.Th>
                  <VisuallyHidden>{t('list.delete')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((warranty, i) => {
                const fixed = warranty.status === 'VOID';
                const name = warrantyName(warranty);
                return (
                  <Table.Tr key={warranty.id} data-testid="warranty-row" {...nav.rowProps(i)}>
                    <Table.Td>{records.selectRow(warranty, name)}</Table.Td>
                    <Table.Td>{warranty.company?.name ?? '—'}</Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={warrantyPath(warranty.id)} size="sm" fw={600}>
                        {warranty.product?.name ?? t('warranties.open')}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <InlineField compact label={`${t('fields.serialNumber')}: ${name}`} value={warranty.serialNumber} editor={{ kind: 'text' }} readOnly={fixed || access.readOnly('serialNumber')} onSave={(v) => save(warranty.id, { serialNumber: v })} />
                    </Table.Td>
                    <Table.Td>
                      <InlineField
                        compact
                        label={`${t('fields.coverage')}: ${name}`}
                        value={warranty.coverage}
                        display={t(`coverage.${warranty.coverage}`)}
                        editor={{ kind: 'select', options: coverages }}
                        readOnly={fixed || access.readOnly('coverage')}
                        onSave={(v) => save(warranty.id, { coverage: v as WarrantyCoverage })}
                      />
                    </Table.Td>
                    <Table.Td>{format.date(warranty.startDate)}</Table.Td>
                    <Table.Td>
                      <InlineField compact label={`${t('fields.endDate')}: ${name}`} value={warranty.endDate} display={format.date(warranty.endDate)} editor={{ kind: 'date' }} readOnly={fixed || access.readOnly('endDate')} onSave={(v) => save(warranty.id, { endDate: v || null })} />
                    </Table.Td>
                    <Table.Td>
                      <WarrantyStatusBadge status={warranty.status} />
                      {warranty.voidReason && (
                        <Text size="xs" c="dimmed">
                          {warranty.voidReason}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{warranty.owner?.fullName ?? '—'}</Table.Td>
                    {custom.cells(warranty.customFields)}
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        {!fixed && access.canUpdate && (
                          <Button size="compact-xs" variant="outline" color="red.9" aria-label={`${t('warranties.void')}: ${name}`} onClick={() => setVoiding(warranty)}>
                            {t('warranties.void')}
                          </Button>
                        )}
                        {records.deleteButton(warranty, name, access.canDelete)}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore shown={rows.length} total={list.totalCount} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onLoadMore={list.loadMore} />
      {records.dialogs((warranty) => ({
        title: t('warranties.deleteTitle'),
        message: t('warranties.deleteMessage', { serial: warranty.serialNumber }),
        confirmLabel: t('list.delete'),
      }))}
      {voiding && (
        <VoidWarranty
          warranty={voiding}
          onClose={() => setVoiding(null)}
          onDone={() => {
            setVoiding(null);
            list.reload();
          }}
        />
      )}
    </>
  );
}

/** Deleted warranties, newest first, each brought back with "Restore". */
function DeletedWarranties() {
  const { t } = useTranslation('repairs');
  return (
    <RecycleBinList
      recordType="Warranty"
      {...binOf('Warranties', WarrantyRowDocument)}
      testId="warranties-bin"
      name={warrantyName}
      columns={[
        { label: t('fields.product'), cell: (row) => row.product?.name ?? '—' },
        { label: t('fields.serialNumber'), cell: (row) => row.serialNumber },
        { label: t('fields.company'), cell: (row) => row.company?.name ?? '—' },
      ]}
      restored={t('warranties.restored')}
      restore={RestoreWarrantyDocument}
    />
  );
}

/** Void a warranty, saying why: open repair orders under it are charged in full from then on. */
export function VoidWarranty({ warranty, onClose, onDone }: { warranty: Pick<WarrantyRowFragment, 'id'>; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('repairs');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [, voidIt] = useMutation(VoidWarrantyDocument);
  return (
    <Modal opened onClose={onClose} title={t('warranties.voidTitle')} closeButtonProps={{ 'aria-label': t('warrantyForm.cancel') }}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          const found = outcome(await voidIt({ input: { id: warranty.id, reason: reason.trim() || null } }), (d) => d.voidWarranty, t);
          setBusy(false);
          setErrors(found);
          if (!Object.keys(found).length) onDone();
        }}
      >
        <Stack>
          <Text size="sm">{t('warranties.voidMessage')}</Text>
          <TextInput label={t('warranties.voidReason')} value={reason} error={errors.reason} onChange={(e) => setReason(e.currentTarget.value)} data-autofocus />
          <FormError errors={errors} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('warrantyForm.cancel')}
            </Button>
            <Button type="submit" color="red.8" loading={busy}>
              {t('warranties.void')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The "new warranty" dialog (also from the command menu and a company's page, through `?new=1&company=`). */
export function NewWarranty({ company, onClose, onCreated }: { company: string | null; onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation('repairs');
  const { companies, productChoices } = useRepairOptions();
  const [values, setValues] = useState({ companyId: company ?? '', productId: '', serialNumber: '', startDate: isoDay(0), endDate: isoDay(364), coverage: 'BOTH', notes: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [, create] = useMutation(CreateWarrantyDocument);
  const custom = useCustomFieldForm('Warranty');
  const submit = async () => {
    if (!custom.ready(setErrors)) return;
    setBusy(true);
    const result = await create({
      input: { ...values, coverage: values.coverage as WarrantyCoverage, notes: values.notes || null, customFields: custom.input() },
    });
    setBusy(false);
    const found = outcome(result, (d) => d.createWarranty, t);
    setErrors(found);
    const id = result.data?.createWarranty.warranty?.id;
    if (!Object.keys(found).length && id) onCreated(id);
  };
  const set = (name: keyof typeof values) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setValues((v) => ({ ...v, [name]: value }));
  };
  return (
    <Modal opened onClose={onClose} title={t('warrantyForm.title')} closeButtonProps={{ 'aria-label': t('warrantyForm.cancel') }}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <NativeSelect label={t('fields.company')} value={values.companyId} error={errors.companyId} required onChange={set('companyId')} data={[{ value: '', label: t('new.none') }, ...withChosen(companies, values.companyId)]} />
          <NativeSelect label={t('fields.product')} value={values.productId} error={errors.productId} required onChange={set('productId')} data={[{ value: '', label: t('new.none') }, ...productChoices]} />
          <TextInput label={t('fields.serialNumber')} value={values.serialNumber} error={errors.serialNumber} required onChange={set('serialNumber')} data-autofocus />
          <Group grow>
            <TextInput type="date" label={t('fields.startDate')} value={values.startDate} error={errors.startDate} onChange={set('startDate')} />
            <TextInput type="date" label={t('fields.endDate')} value={values.endDate} error={errors.endDate} onChange={set('endDate')} />
          </Group>
          <NativeSelect label={t('fields.coverage')} value={values.coverage} error={errors.coverage} onChange={set('coverage')} data={COVERAGES.map((c) => ({ value: c, label: t(`coverage.${c}`) }))} />
          <Textarea label={t('fields.notes')} value={values.notes} error={errors.notes} autosize minRows={2} onChange={set('notes')} />
          <CustomFieldInputs form={custom} errors={errors} />
          <FormError errors={errors} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('warrantyForm.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={!values.companyId || !values.productId || !values.serialNumber.trim()}>
              {t('warrantyForm.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
