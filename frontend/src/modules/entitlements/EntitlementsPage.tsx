import { ActionIcon, Anchor, Button, Checkbox, Group, Modal, NativeSelect, SegmentedControl, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMutation } from 'urql';

import { ConfirmAction, notifyWithUndo } from '../../components/ConfirmAction';
import { IconTrash } from '../../components/icons';
import { useEntryState } from '../../components/list/entryState';
import { listExportUrl } from '../../components/list/exportUrl';
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
import type { DeletedEntitlementsQuery, EntitlementKind, EntitlementRowFragment, EntitlementsQuery, TicketChannel } from '../../gql/tenant/graphql';
import i18n from '../../i18n';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { FormError, outcome } from '../access/common';
import { allowanceProblem, amountText, CHANNELS, chipIds, entitlementPath, filterOf, isoDay, KINDS, leftOf, MINE, NO_FILTERS, STATUSES, withoutChip, type EntitlementFilters } from './logic';
import {
  CreateEntitlementDocument,
  DeletedEntitlementsDocument,
  DeleteEntitlementDocument,
  EntitlementsDocument,
  RestoreEntitlementDocument,
  UpdateEntitlementDocument,
} from './operations';
import { useEntitlementOptions } from './options';
import { SortHeader } from '../../components/list/SortHeader';

/** The export's columns after the name, as the list shows them. */
export const EXPORT_COLUMNS = 'company,kind,status,allowance,used,remaining,startDate,endDate,owner,createdAt';

const SORTABLE = ['name', 'kind', 'status', 'allowance', 'used', 'startDate', 'endDate'] as const;

/** "6 incidents left" / "36.5 hours left" / "Unlimited" for a row. */
export function LeftText({ entitlement }: { entitlement: Pick<EntitlementRowFragment, 'kind' | 'allowance' | 'used' | 'remaining'> }) {
  const { t } = useTranslation('entitlements');
  const left = leftOf(entitlement);
  return <>{t(left.key, { count: left.count, amount: left.amount })}</>;
}

/**
 * /entitlements — every entitlement the member may read: search, filter chips (status, kind, owner,
 * company), header sorting, every row through "load more", allowance and end date edited in place,
 * export, delete with undo, and the recycle bin (restore); live.
 */
export function EntitlementsPage() {
  const [params, setParams] = useSearchParams();
  const [view, setView] = useEntryState<'current' | 'bin'>('entitlements.view', 'current');
  const navigate = useNavigate();
  return (
    <Stack>
      {view === 'current' ? <CurrentEntitlements view={<ViewSwitch view={view} setView={setView} />} /> : <RecycleBin view={<ViewSwitch view={view} setView={setView} />} />}
      {params.get('new') && (
        <NewEntitlement
          company={params.get('company')}
          onClose={() => {
            const next = new URLSearchParams(params);
            next.delete('new');
            next.delete('company');
            setParams(next);
          }}
          onCreated={(id) => navigate(entitlementPath(id))}
        />
      )}
    </Stack>
  );
}

function ViewSwitch({ view, setView }: { view: 'current' | 'bin'; setView: (v: 'current' | 'bin') => void }) {
  const { t } = useTranslation('entitlements');
  return (
    <SegmentedControl
      aria-label={t('list.view')}
      value={view}
      onChange={(v) => setView(v as 'current' | 'bin')}
      data={[
        { value: 'current', label: t('list.current') },
        { value: 'bin', label: t('list.recycleBin') },
      ]}
    />
  );
}

function CurrentEntitlements({ view }: { view: React.ReactNode }) {
  const { t } = useTranslation('entitlements');
  const format = useFormat();
  const navigate = useNavigate();
  const access = useFieldAccess('Entitlement');
  const { owners, companies } = useEntitlementOptions();
  const search = useSearchTerm();
  // Kept for the history entry: Back from an entitlement finds the list as it was.
  const [filters, setFilters] = useEntryState<EntitlementFilters>('entitlements.filters', NO_FILTERS);
  const [sort, setSort] = useEntryState<SortKey[]>('entitlements.sort', []);
  const [deleting, setDeleting] = useState<EntitlementRowFragment | null>(null);
  const [, setParams] = useSearchParams();

  const filter = filterOf(filters);
  const variables = { filter, orderBy: sort.length ? orderByOf(sort) : null, search: search.term || null };
  const query = EntitlementsDocument as Parameters<typeof useCursorList<EntitlementsQuery, EntitlementRowFragment>>[0]['query'];
  const list = useCursorList<EntitlementsQuery, EntitlementRowFragment>({ query, variables, pick: (d) => d.entitlements });
  useLiveRecords(['Entitlement'], list.reload);
  const rows = list.rows;
  const nav = useRowNavigation(rows.length, (i) => navigate(entitlementPath(rows[i].id)));
  const [, update] = useMutation(UpdateEntitlementDocument);
  const [, remove] = useMutation(DeleteEntitlementDocument);
  const [, restore] = useMutation(RestoreEntitlementDocument);

  const ownerName = (id: string) => (id === MINE ? t('list.me') : (owners.find((o) => o.value === id)?.label ?? id));
  const chipLabel: Record<string, (f: EntitlementFilters) => string> = {
    status: (f) => `${t('fields.status')}: ${t(`status.${f.status}`)}`,
    kind: (f) => `${t('fields.kind')}: ${t(`kind.${f.kind}`)}`,
    owner: (f) => `${t('fields.owner')}: ${ownerName(f.owner ?? '')}`,
    company: (f) => `${t('fields.company')}: ${companies.find((c) => c.value === f.company)?.label ?? f.company}`,
  };
  const chips = [
    ...chipIds(filters).map((id) => ({ id, label: chipLabel[id](filters), onRemove: () => setFilters(withoutChip(filters, id)) })),
    ...(search.term ? [{ id: 'search', label: `${t('list.search')}: ${search.term}`, onRemove: () => search.setValue('') }] : []),
  ];
  const save = async (id: string, input: Record<string, unknown>) => {
    const found = outcome(await update({ input: { id, ...input } as never }), (d) => d.updateEntitlement, t);
    const messages = Object.values(found);
    return messages.length ? messages.join(' ') : null;
  };
  const header = (field: (typeof SORTABLE)[number]) => (
    <SortHeader field={field} text={t(`fields.${field}`)} sort={sort} onSort={setSort} label={t('list.sortBy', { name: t(`fields.${field}`) })} />
  );
  const exportUrl = (fileFormat: 'csv' | 'xlsx') => listExportUrl('entitlements', fileFormat, variables, { columns: EXPORT_COLUMNS, language: i18n.language });
  const onDelete = async (entitlement: EntitlementRowFragment) => {
    const result = await remove({ input: { id: entitlement.id } });
    list.reload();
    const refused = result.error?.message ?? result.data?.deleteEntitlement.errors[0]?.message;
    if (refused) {
      notifications.show({ color: 'red', message: refused });
      return;
    }
    notifyWithUndo({
      message: t('record.deleted'),
      undo: async () => {
        const back = await restore({ input: { id: entitlement.id } });
        list.reload();
        return back.data?.restoreEntitlement.entitlement ? 1 : 0;
      },
    });
  };
  const select = (name: keyof EntitlementFilters, label: string, data: { value: string; label: string }[]) => (
    <NativeSelect label={label} value={filters[name] ?? ''} onChange={(e) => setFilters({ ...filters, [name]: e.currentTarget.value || null })} data={[{ value: '', label: t('list.any') }, ...data]} />
  );

  return (
    <>
      <ListHeader title={t('list.title')} newLabel={access.canCreate ? t('new.title') : undefined} onNew={() => setParams({ new: '1' })} exportUrl={access.canExport ? exportUrl : undefined} />
      {view}
      <Group align="flex-end" wrap="wrap">
        <TextInput label={t('list.search')} value={search.value} onChange={(e) => search.setValue(e.currentTarget.value)} onKeyDown={(e) => e.key === 'Enter' && search.commit()} type="search" />
        {select('status', t('fields.status'), STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })))}
        {select('kind', t('fields.kind'), KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) })))}
        {select('owner', t('fields.owner'), [{ value: MINE, label: t('list.me') }, ...owners])}
        {select('company', t('fields.company'), companies)}
      </Group>
      <FilterChips chips={chips} onClear={() => (setFilters(NO_FILTERS), search.setValue(''))} />
      <ListError error={list.error} onRetry={list.reload} />
      <Text size="sm" aria-live="polite" data-testid="record-count">
        {list.loaded ? t('list.count', { count: list.totalCount ?? rows.length }) : ''}
      </Text>
      {list.loaded && rows.length === 0 && <Text size="sm">{t('list.empty')}</Text>}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={1000}>
          <Table striped data-testid="entitlements-table" {...nav.tableProps}>
            <Table.Thead>
              <Table.Tr>
                {header('name')}
                <Table.Th>{t('fields.company')}</Table.Th>
                {header('kind')}
                {header('status')}
                {header('allowance')}
                {header('used')}
                <Table.Th>{t('fields.remaining')}</Table.Th>
                {header('startDate')}
                {header('endDate')}
                <Table.Th>{t('fields.owner')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('list.delete')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((entitlement, i) => {
                const ended = entitlement.status === 'CANCELLED';
                return (
                  <Table.Tr key={entitlement.id} data-testid="entitlement-row" {...nav.rowProps(i)}>
                    <Table.Td>
                      <Anchor component={Link} to={entitlementPath(entitlement.id)} size="sm" fw={600}>
                        {entitlement.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{entitlement.company?.name ?? '—'}</Table.Td>
                    <Table.Td>{t(`kind.${entitlement.kind}`)}</Table.Td>
                    <Table.Td>{t(`status.${entitlement.status}`)}</Table.Td>
                    <Table.Td>
                      {entitlement.kind === 'UNLIMITED' ? (
                        '—'
                      ) : (
                        <InlineField
                          compact
                          label={`${t('fields.allowance')}: ${entitlement.name}`}
                          value={amountText(entitlement.allowance) ?? ''}
                          editor={{ kind: 'number' }}
                          readOnly={ended || access.readOnly('allowance')}
                          onSave={async (v) => {
                            const problem = allowanceProblem(entitlement.kind, v);
                            return problem ? t(`problem.${problem}`) : save(entitlement.id, { allowance: v });
                          }}
                        />
                      )}
                    </Table.Td>
                    <Table.Td>{amountText(entitlement.used)}</Table.Td>
                    <Table.Td data-testid="entitlement-left">
                      <LeftText entitlement={entitlement} />
                    </Table.Td>
                    <Table.Td>{format.date(entitlement.startDate)}</Table.Td>
                    <Table.Td>
                      <InlineField compact label={`${t('fields.endDate')}: ${entitlement.name}`} value={entitlement.endDate} display={format.date(entitlement.endDate)} editor={{ kind: 'date' }} readOnly={ended || access.readOnly('endDate')} onSave={(v) => save(entitlement.id, { endDate: v || null })} />
                    </Table.Td>
                    <Table.Td>{entitlement.owner?.fullName ?? '—'}</Table.Td>
                    <Table.Td>
                      {access.canDelete && (
                        <ActionIcon variant="subtle" color="red.8" aria-label={`${t('list.delete')}: ${entitlement.name}`} onClick={() => setDeleting(entitlement)}>
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
          title={t('record.deleteTitle')}
          message={t('record.deleteMessage', { name: deleting.name })}
          confirmLabel={t('record.delete')}
          onConfirm={() => onDelete(deleting)}
          onClose={() => setDeleting(null)}
        />
      )}
    </>
  );
}

type DeletedRow = DeletedEntitlementsQuery['deletedEntitlements']['edges'][number]['node'];

/** The recycle bin: deleted entitlements, newest first, each brought back with "Restore". */
function RecycleBin({ view }: { view: React.ReactNode }) {
  const { t } = useTranslation('entitlements');
  const format = useFormat();
  const access = useFieldAccess('Entitlement');
  const search = useSearchTerm();
  const query = DeletedEntitlementsDocument as Parameters<typeof useCursorList<DeletedEntitlementsQuery, DeletedRow>>[0]['query'];
  const list = useCursorList<DeletedEntitlementsQuery, DeletedRow>({ query, variables: { search: search.term || null }, pick: (d) => d.deletedEntitlements });
  useLiveRecords(['Entitlement'], list.reload);
  const [, restore] = useMutation(RestoreEntitlementDocument);
  const onRestore = async (id: string) => {
    const result = await restore({ input: { id } });
    const refused = result.error?.message ?? result.data?.restoreEntitlement.errors[0]?.message;
    notifications.show(refused ? { color: 'red', message: refused } : { message: t('list.restored') });
    list.reload();
  };
  return (
    <>
      <ListHeader title={t('list.recycleBin')} />
      {view}
      <TextInput label={t('list.search')} value={search.value} onChange={(e) => search.setValue(e.currentTarget.value)} onKeyDown={(e) => e.key === 'Enter' && search.commit()} type="search" w={260} />
      <ListError error={list.error} onRetry={list.reload} />
      {list.loaded && list.rows.length === 0 && <Text size="sm">{t('list.binEmpty')}</Text>}
      {list.rows.length > 0 && (
        <Table striped data-testid="entitlements-bin">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('fields.name')}</Table.Th>
              <Table.Th>{t('fields.company')}</Table.Th>
              <Table.Th>{t('fields.kind')}</Table.Th>
              <Table.Th>{t('fields.deletedAt')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('list.restore')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.rows.map((row) => (
              <Table.Tr key={row.id} data-testid="deleted-entitlement-row">
                <Table.Td>{row.name}</Table.Td>
                <Table.Td>{row.company?.name ?? '—'}</Table.Td>
                <Table.Td>{t(`kind.${row.kind}`)}</Table.Td>
                <Table.Td>{row.deletedAt ? format.dateTime(row.deletedAt) : '—'}</Table.Td>
                <Table.Td>
                  {access.canDelete && (
                    <Button size="xs" variant="light" aria-label={`${t('list.restore')}: ${row.name}`} onClick={() => void onRestore(row.id)}>
                      {t('list.restore')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <LoadMore shown={list.rows.length} total={list.totalCount} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onLoadMore={list.loadMore} />
    </>
  );
}

/** The "new entitlement" dialog (also from the command menu and a company's page, through `?new=1&company=`). */
export function NewEntitlement({ company, onClose, onCreated }: { company: string | null; onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation('entitlements');
  const { companies, slaPolicies } = useEntitlementOptions();
  const [values, setValues] = useState({ name: '', companyId: company ?? '', kind: 'INCIDENTS', allowance: '10', startDate: isoDay(0), endDate: isoDay(364), slaPolicyId: '' });
  const [channels, setChannels] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [, create] = useMutation(CreateEntitlementDocument);
  const custom = useCustomFieldForm('Entitlement');
  const submit = async () => {
    const problem = allowanceProblem(values.kind, values.allowance);
    if (problem) return setErrors({ allowance: t(`problem.${problem}`) });
    if (!custom.ready(setErrors)) return;
    setBusy(true);
    const result = await create({
      input: {
        name: values.name,
        companyId: values.companyId,
        kind: values.kind as EntitlementKind,
        allowance: values.kind === 'UNLIMITED' ? null : values.allowance.trim(),
        startDate: values.startDate,
        endDate: values.endDate,
        slaPolicyId: values.slaPolicyId || null,
        channels: channels.length ? (channels as TicketChannel[]) : null,
        customFields: custom.input(),
      },
    });
    setBusy(false);
    const found = outcome(result, (d) => d.createEntitlement, t);
    setErrors(found);
    const id = result.data?.createEntitlement.entitlement?.id;
    if (!Object.keys(found).length && id) onCreated(id);
  };
  const set = (name: keyof typeof values) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setValues((v) => ({ ...v, [name]: value }));
  };
  const choices = companies.some((c) => c.value === values.companyId) || !values.companyId ? companies : [{ value: values.companyId, label: values.companyId }, ...companies];
  return (
    <Modal opened onClose={onClose} title={t('new.title')} closeButtonProps={{ 'aria-label': t('new.cancel') }}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <TextInput label={t('fields.name')} value={values.name} error={errors.name} required data-autofocus onChange={set('name')} />
          <NativeSelect label={t('fields.company')} value={values.companyId} error={errors.companyId} required onChange={set('companyId')} data={[{ value: '', label: '—' }, ...choices]} />
          <Group grow align="flex-start">
            <NativeSelect label={t('fields.kind')} value={values.kind} error={errors.kind} onChange={set('kind')} data={KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
            {values.kind !== 'UNLIMITED' && <TextInput label={t('fields.allowance')} inputMode="decimal" value={values.allowance} error={errors.allowance} onChange={set('allowance')} />}
          </Group>
          <Group grow>
            <TextInput type="date" label={t('fields.startDate')} value={values.startDate} error={errors.startDate} onChange={set('startDate')} />
            <TextInput type="date" label={t('fields.endDate')} value={values.endDate} error={errors.endDate} onChange={set('endDate')} />
          </Group>
          <NativeSelect label={t('fields.slaPolicy')} value={values.slaPolicyId} error={errors.slaPolicyId} onChange={set('slaPolicyId')} data={[{ value: '', label: t('new.noPolicy') }, ...slaPolicies]} />
          <Checkbox.Group label={t('fields.channels')} description={t('list.allChannels')} value={channels} onChange={setChannels} error={errors.channels}>
            <Group gap="sm" mt={4}>
              {CHANNELS.map((c) => (
                <Checkbox key={c} value={c} label={t(`channel.${c}`)} />
              ))}
            </Group>
          </Checkbox.Group>
          <CustomFieldInputs form={custom} errors={errors} />
          <FormError errors={errors} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('new.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={!values.name.trim() || !values.companyId}>
              {t('new.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
