import { Anchor, Button, Checkbox, Group, Modal, NativeSelect, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
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
import type { EntitlementKind, EntitlementRowFragment, EntitlementsQuery, TicketChannel } from '../../gql/tenant/graphql';
import i18n from '../../i18n';
import { useFormat } from '../../locale';
import { FormError, outcome } from '../access/common';
import { allowanceProblem, amountText, CHANNELS, chipIds, entitlementPath, filterOf, isoDay, KINDS, leftOf, MINE, NO_FILTERS, STATUSES, withoutChip, type EntitlementFilters } from './logic';
import {
  CreateEntitlementDocument,
  DeleteEntitlementDocument,
  EntitlementRowFragment as EntitlementRowDocument,
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

type EntitlementListRow = EntitlementsQuery['entitlements']['edges'][number]['node'];

/**
 * /entitlements — every entitlement the member may read: search, filter chips (status, kind, owner,
 * company, the workspace's custom fields), header sorting, every row through "load more", allowance and
 * end date edited in place, export, delete with undo, and the recycle bin (restore); live.
 */
export function EntitlementsPage() {
  const { t } = useTranslation('entitlements');
  const navigate = useNavigate();
  return (
    <ListWithBin
      name="entitlements"
      binTitle={t('list.recycleBin')}
      current={(view, onNew) => <CurrentEntitlements view={view} onNew={onNew} />}
      bin={<RecycleBin />}
      create={(params, close) => <NewEntitlement company={params.get('company')} onClose={close} onCreated={(id) => navigate(entitlementPath(id))} />}
    />
  );
}

function CurrentEntitlements({ view, onNew }: { view: ReactNode; onNew: () => void }) {
  const { t } = useTranslation('entitlements');
  const format = useFormat();
  const navigate = useNavigate();
  const access = useFieldAccess('Entitlement');
  const { owners, companies } = useEntitlementOptions();
  const search = useSearchTerm();
  // Kept for the history entry: Back from an entitlement finds the list as it was.
  const [filters, setFilters] = useEntryState<EntitlementFilters>('entitlements.filters', NO_FILTERS);
  const [sort, setSort] = useEntryState<SortKey[]>('entitlements.sort', []);
  const records = useRecordList<EntitlementsQuery, EntitlementListRow>({
    recordType: 'Entitlement',
    name: 'entitlements',
    ns: 'entitlements',
    keys: 'record',
    query: EntitlementsDocument as never,
    pick: (d) => d.entitlements,
    filter: filterOf(filters),
    sort,
    search: search.term,
    update: [UpdateEntitlementDocument, 'updateEntitlement'],
    remove: [DeleteEntitlementDocument, 'deleteEntitlement'],
    restore: [RestoreEntitlementDocument, 'restoreEntitlement', 'entitlement'],
  });
  const { list, rows, custom, variables, save } = records;
  const nav = useRowNavigation(rows.length, (i) => navigate(entitlementPath(rows[i].id)));

  const ownerName = (id: string) => (id === MINE ? t('list.me') : (owners.find((o) => o.value === id)?.label ?? id));
  const chipLabel: Record<string, (f: EntitlementFilters) => string> = {
    status: (f) => `${t('fields.status')}: ${t(`status.${f.status}`)}`,
    kind: (f) => `${t('fields.kind')}: ${t(`kind.${f.kind}`)}`,
    owner: (f) => `${t('fields.owner')}: ${ownerName(f.owner ?? '')}`,
    company: (f) => `${t('fields.company')}: ${companies.find((c) => c.value === f.company)?.label ?? f.company}`,
  };
  const chips = [
    ...chipIds(filters).map((id) => ({ id, label: chipLabel[id](filters), onRemove: () => setFilters(withoutChip(filters, id)) })),
    ...custom.chips,
    ...(search.term ? [{ id: 'search', label: `${t('list.search')}: ${search.term}`, onRemove: () => search.setValue('') }] : []),
  ];
  const header = (field: (typeof SORTABLE)[number]) => (
    <SortHeader field={field} text={t(`fields.${field}`)} sort={sort} onSort={setSort} label={t('list.sortBy', { name: t(`fields.${field}`) })} />
  );
  const exportUrl = (fileFormat: 'csv' | 'xlsx') => listExportUrl('entitlements', fileFormat, variables, { columns: EXPORT_COLUMNS, language: i18n.language });
  const select = (name: keyof EntitlementFilters, label: string, data: { value: string; label: string }[]) => (
    <NativeSelect label={label} value={filters[name] ?? ''} onChange={(e) => setFilters({ ...filters, [name]: e.currentTarget.value || null })} data={[{ value: '', label: t('list.any') }, ...data]} />
  );

  return (
    <>
      <ListHeader title={t('list.title')} newLabel={access.canCreate ? t('new.title') : undefined} onNew={onNew} exportUrl={access.canExport ? exportUrl : undefined} />
      {view}
      <Group align="flex-end" wrap="wrap">
        <TextInput label={t('list.search')} value={search.value} onChange={(e) => search.setValue(e.currentTarget.value)} onKeyDown={(e) => e.key === 'Enter' && search.commit()} type="search" />
        {select('status', t('fields.status'), STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })))}
        {select('kind', t('fields.kind'), KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) })))}
        {select('owner', t('fields.owner'), [{ value: MINE, label: t('list.me') }, ...owners])}
        {select('company', t('fields.company'), companies)}
        {custom.filters}
      </Group>
      <FilterChips chips={chips} onClear={() => (setFilters(NO_FILTERS), custom.clear(), search.setValue(''))} />
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
                {custom.headers(sort, setSort)}
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
                    {custom.cells(entitlement.customFields)}
                    <Table.Td>{records.deleteButton(entitlement, entitlement.name, access.canDelete)}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore shown={rows.length} total={list.totalCount} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onLoadMore={list.loadMore} />
      {records.dialogs((entitlement) => ({
        title: t('record.deleteTitle'),
        message: t('record.deleteMessage', { name: entitlement.name }),
        confirmLabel: t('record.delete'),
      }))}
    </>
  );
}

/** The recycle bin: deleted entitlements, newest first, each brought back with "Restore". */
function RecycleBin() {
  const { t } = useTranslation('entitlements');
  return (
    <RecycleBinList
      recordType="Entitlement"
      {...binOf('Entitlements', EntitlementRowDocument)}
      testId="entitlements-bin"
      name={(row) => row.name}
      columns={[
        { label: t('fields.name'), cell: (row) => row.name },
        { label: t('fields.company'), cell: (row) => row.company?.name ?? '—' },
        { label: t('fields.kind'), cell: (row) => t(`kind.${row.kind}`) },
      ]}
      restored={t('list.restored')}
      restore={RestoreEntitlementDocument}
    />
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
