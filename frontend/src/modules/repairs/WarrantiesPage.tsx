import { ActionIcon, Anchor, Button, Group, Modal, NativeSelect, Stack, Table, Text, Textarea, TextInput, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useMutation } from 'urql';

import { ConfirmAction, notifyWithUndo } from '../../components/ConfirmAction';
import { IconTrash } from '../../components/icons';
import { useEntryState } from '../../components/list/entryState';
import { ListError } from '../../components/list/ListError';
import { ListHeader } from '../../components/list/ListHeader';
import { FilterChips, LoadMore } from '../../components/list/ListParts';
import { orderByOf, type SortKey } from '../../components/list/sorting';
import { useCursorList } from '../../components/list/useCursorList';
import { useSearchTerm } from '../../components/list/useSearchTerm';
import { CustomFieldInputs, useCustomFieldForm } from '../../components/record/CustomFieldInputs';
import { InlineField } from '../../components/record/InlineField';
import { useFieldAccess } from '../../components/record/fieldAccess';
import type { WarrantiesQuery, WarrantyCoverage, WarrantyRowFragment } from '../../gql/tenant/graphql';
import i18n from '../../i18n';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { FormError, outcome } from '../access/common';
import { chipIds, COVERAGES, isoDay, MINE, NO_WARRANTY_FILTERS, WARRANTY_STATUSES, warrantyFilterOf, warrantyPath, withoutChip, type WarrantyFilters } from './logic';
import { CreateWarrantyDocument, DeleteWarrantyDocument, RestoreWarrantyDocument, UpdateWarrantyDocument, VoidWarrantyDocument, WarrantiesDocument } from './operations';
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

/**
 * /repairs/warranties — every warranty the member may read: search (serial number, notes), filter chips
 * (status today, coverage, owner), header sorting, every row through "load more", serial number, end
 * date and coverage edited in place, void (with a reason), export, delete with undo; live.
 */
export function WarrantiesPage() {
  const { t } = useTranslation('repairs');
  const format = useFormat();
  const access = useFieldAccess('Warranty');
  const { owners } = useRepairOptions();
  const search = useSearchTerm();
  const [filters, setFilters] = useEntryState<WarrantyFilters>('warranties.filters', NO_WARRANTY_FILTERS);
  const [sort, setSort] = useEntryState<SortKey[]>('warranties.sort', []);
  const [deleting, setDeleting] = useState<WarrantyRowFragment | null>(null);
  const [voiding, setVoiding] = useState<WarrantyRowFragment | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [params, setParams] = useSearchParams();

  const filter = warrantyFilterOf(filters);
  const variables = { filter, orderBy: sort.length ? orderByOf(sort) : null, search: search.term || null };
  const query = WarrantiesDocument as Parameters<typeof useCursorList<WarrantiesQuery, WarrantyRowFragment>>[0]['query'];
  const list = useCursorList<WarrantiesQuery, WarrantyRowFragment>({ query, variables, pick: (d) => d.warranties });
  useLiveRecords(['Warranty'], list.reload);
  const rows = list.rows;
  const [, update] = useMutation(UpdateWarrantyDocument);
  const [, remove] = useMutation(DeleteWarrantyDocument);
  const [, restore] = useMutation(RestoreWarrantyDocument);

  const ownerName = (id: string) => (id === MINE ? t('list.me') : (owners.find((o) => o.value === id)?.label ?? id));
  const chipLabel: Record<keyof WarrantyFilters, (f: WarrantyFilters) => string> = {
    status: (f) => `${t('fields.status')}: ${t(`warrantyStatus.${f.status}`)}`,
    coverage: (f) => `${t('fields.coverage')}: ${t(`coverage.${f.coverage}`)}`,
    owner: (f) => `${t('fields.warrantyOwner')}: ${ownerName(f.owner ?? '')}`,
  };
  const chips = [
    ...chipIds(filters).map((id) => ({ id, label: chipLabel[id](filters), onRemove: () => setFilters(withoutChip(filters, id)) })),
    ...(search.term ? [{ id: 'search', label: `${t('list.search')}: ${search.term}`, onRemove: () => search.setValue('') }] : []),
  ];
  const save = async (id: string, input: Record<string, unknown>) => {
    const found = outcome(await update({ input: { id, ...input } as never }), (d) => d.updateWarranty, t);
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
    return `/exports/warranties.${fileFormat}?${query}`;
  };
  const onDelete = async (warranty: WarrantyRowFragment) => {
    const result = await remove({ input: { id: warranty.id } });
    list.reload();
    setErrors(outcome(result, (d) => d.deleteWarranty, t));
    if (result.error || result.data?.deleteWarranty.errors.length) return;
    notifyWithUndo({
      message: t('warranties.deleted'),
      undo: async () => {
        const back = await restore({ input: { id: warranty.id } });
        list.reload();
        return back.data?.restoreWarranty.warranty ? 1 : 0;
      },
    });
  };
  const choice = (value: string | null, on: (v: string | null) => void) => ({ value: value ?? '', onChange: (e: { currentTarget: { value: string } }) => on(e.currentTarget.value || null) });
  const coverages = COVERAGES.map((c) => ({ value: c, label: t(`coverage.${c}`) }));

  return (
    <Stack>
      <ListHeader title={t('warranties.title')} newLabel={t('warranties.new')} onNew={access.canCreate ? () => setParams({ new: '1' }) : undefined} exportUrl={access.canExport ? exportUrl : undefined} />
      <Group align="flex-end" wrap="wrap">
        <TextInput label={t('list.search')} value={search.value} onChange={(e) => search.setValue(e.currentTarget.value)} onKeyDown={(e) => e.key === 'Enter' && search.commit()} type="search" />
        <NativeSelect
          label={t('fields.status')}
          {...choice(filters.status, (status) => setFilters({ ...filters, status }))}
          data={[{ value: '', label: t('list.any') }, ...WARRANTY_STATUSES.map((s) => ({ value: s, label: t(`warrantyStatus.${s}`) }))]}
        />
        <NativeSelect label={t('fields.coverage')} {...choice(filters.coverage, (coverage) => setFilters({ ...filters, coverage }))} data={[{ value: '', label: t('list.any') }, ...coverages]} />
        <NativeSelect label={t('fields.warrantyOwner')} {...choice(filters.owner, (owner) => setFilters({ ...filters, owner }))} data={[{ value: '', label: t('list.any') }, { value: MINE, label: t('list.me') }, ...owners]} />
      </Group>
      <FilterChips
        chips={chips}
        onClear={() => {
          setFilters(NO_WARRANTY_FILTERS);
          search.setValue('');
        }}
      />
      <FormError errors={errors} />
      <ListError error={list.error} onRetry={list.reload} />
      <Text size="sm" aria-live="polite" data-testid="record-count">
        {list.loaded ? t('warranties.count', { count: list.totalCount ?? rows.length }) : ''}
      </Text>
      {list.loaded && rows.length === 0 && <Text size="sm">{t('warranties.empty')}</Text>}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={1000}>
          <Table striped data-testid="warranties-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('fields.company')}</Table.Th>
                <Table.Th>{t('fields.product')}</Table.Th>
                {header('serialNumber')}
                <Table.Th>{t('fields.coverage')}</Table.Th>
                {header('startDate')}
                {header('endDate')}
                <Table.Th>{t('fields.status')}</Table.Th>
                <Table.Th>{t('fields.warrantyOwner')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('list.delete')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((warranty) => {
                const fixed = warranty.status === 'VOID';
                const name = `${warranty.product?.name ?? ''} ${warranty.serialNumber}`.trim();
                return (
                  <Table.Tr key={warranty.id} data-testid="warranty-row">
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
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        {!fixed && access.canUpdate && (
                          <Button size="compact-xs" variant="outline" color="red.9" aria-label={`${t('warranties.void')}: ${name}`} onClick={() => setVoiding(warranty)}>
                            {t('warranties.void')}
                          </Button>
                        )}
                        {access.canDelete && (
                          <ActionIcon variant="subtle" color="red.8" aria-label={`${t('list.delete')}: ${name}`} onClick={() => setDeleting(warranty)}>
                            <IconTrash size={16} />
                          </ActionIcon>
                        )}
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
      {deleting && (
        <ConfirmAction
          title={t('warranties.deleteTitle')}
          message={t('warranties.deleteMessage', { serial: deleting.serialNumber })}
          confirmLabel={t('list.delete')}
          onConfirm={() => onDelete(deleting)}
          onClose={() => setDeleting(null)}
        />
      )}
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
      {params.get('new') && (
        <NewWarranty
          company={params.get('company')}
          onClose={() => {
            const next = new URLSearchParams(params);
            next.delete('new');
            next.delete('company');
            setParams(next);
          }}
          onCreated={() => {
            setParams({});
            list.reload();
          }}
        />
      )}
    </Stack>
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
