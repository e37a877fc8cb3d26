import { Anchor, Button, Checkbox, Group, Modal, NativeSelect, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useMutation } from 'urql';

import { ListHeader } from '../../components/list/ListHeader';
import { FilterChips, LoadMore } from '../../components/list/ListParts';
import { ListError } from '../../components/list/ListError';
import { binOf, RecycleBinList } from '../../components/list/RecycleBinList';
import { type SortKey } from '../../components/list/sorting';
import { ListWithBin, useRecordList } from '../../components/list/useRecordList';
import { useRowNavigation } from '../../components/list/useRowNavigation';
import { useSearchTerm } from '../../components/list/useSearchTerm';
import { InlineField } from '../../components/record/InlineField';
import { useFieldAccess } from '../../components/record/fieldAccess';
import { CustomFieldInputs, useCustomFieldForm } from '../../components/record/CustomFieldInputs';
import type { ContractsQuery } from '../../gql/tenant/graphql';
import i18n from '../../i18n';
import { useFormat } from '../../locale';
import { FormError, outcome } from '../access/common';
import { MoneyInput, moneyInputOf, moneyText, type MoneyDraft } from '../../components/record/money';
import { chipIds, contractPath, daysOf, ENDING_SOON_DAYS, filterOf, MINE, NO_FILTERS, STATUSES, withoutChip, type ContractFilters } from './logic';
import {
  ContractIdsDocument,
  ContractRowFragment,
  ContractsDocument,
  CreateContractDocument,
  DeleteContractDocument,
  RestoreContractDocument,
  UpdateContractDocument,
} from './operations';
import { useContractOptions } from './options';
import { useEntryState } from '../../components/list/entryState';
import { listExportUrl } from '../../components/list/exportUrl';
import { SortHeader } from '../../components/list/SortHeader';

// The export's columns: those the table shows (the server adds the name column and the custom fields).
const EXPORT_COLUMNS = ['number', 'company', 'status', 'startDate', 'endDate', 'value', 'currency', 'owner'];

const SORTABLE = ['number', 'title', 'status', 'startDate', 'endDate', 'value'] as const;

type ContractRow = ContractsQuery['contracts']['edges'][number]['node'];

/**
 * /contracts — every contract the member may read: search, filter chips (status, owner, ending within
 * N days, with an "ending soon" shortcut), header sorting, every row through "load more", titles and
 * end dates edited in place, export, delete with undo (one row, or a selection: bulk delete with undo), and
 * the recycle bin (restore); live.
 */
export function ContractsPage() {
  const { t } = useTranslation('contracts');
  const navigate = useNavigate();
  return (
    <ListWithBin
      name="contracts"
      binTitle={t('list.binTitle')}
      current={(view, onNew) => <CurrentContracts view={view} onNew={onNew} />}
      bin={<DeletedContracts />}
      create={(params, close) => <NewContract company={params.get('company')} onClose={close} onCreated={(id) => navigate(contractPath(id))} />}
    />
  );
}

function CurrentContracts({ view, onNew }: { view: ReactNode; onNew: () => void }) {
  const { t } = useTranslation('contracts');
  const format = useFormat();
  const navigate = useNavigate();
  const access = useFieldAccess('Contract');
  const { owners } = useContractOptions();
  const search = useSearchTerm();
  const [filters, setFilters] = useEntryState<ContractFilters>('contracts.filters', NO_FILTERS);
  const [daysText, setDaysText] = useEntryState('contracts.days', '');
  const [sort, setSort] = useEntryState<SortKey[]>('contracts.sort', []);
  // The workspace's custom fields of contracts: columns, picklist filters and sortable headers by themselves.
  const records = useRecordList<ContractsQuery, ContractRow>({
    recordType: 'Contract',
    name: 'contracts',
    ns: 'contracts',
    keys: 'list',
    query: ContractsDocument as never,
    idsQuery: ContractIdsDocument,
    pick: (d) => d.contracts,
    filter: filterOf(filters),
    sort,
    search: search.term,
    update: UpdateContractDocument,
    remove: DeleteContractDocument,
    restore: RestoreContractDocument,
    bulk: {},
  });
  const { list, rows, custom, variables, save } = records;
  const nav = useRowNavigation(rows.length, (i) => navigate(contractPath(rows[i].id)));

  const ownerName = (id: string) => (id === MINE ? t('list.me') : (owners.find((o) => o.value === id)?.label ?? id));
  const chipLabel: Record<string, (f: ContractFilters) => string> = {
    status: (f) => `${t('fields.status')}: ${t(`status.${f.status}`)}`,
    owner: (f) => `${t('fields.owner')}: ${ownerName(f.owner ?? '')}`,
    endingWithin: (f) => t('list.endingChip', { days: f.endingWithin }),
  };
  const chips = [
    ...chipIds(filters).map((id) => ({
      id,
      label: chipLabel[id](filters),
      onRemove: () => {
        setFilters(withoutChip(filters, id));
        if (id === 'endingWithin') setDaysText('');
      },
    })),
    ...custom.chips,
    ...(search.term ? [{ id: 'search', label: `${t('list.search')}: ${search.term}`, onRemove: () => search.setValue('') }] : []),
  ];
  const clearAll = () => {
    custom.clear();
    setFilters(NO_FILTERS);
    setDaysText('');
    search.setValue('');
  };
  const header = (field: (typeof SORTABLE)[number]) => (
    <SortHeader field={field} text={t(`fields.${field}`)} sort={sort} onSort={setSort} label={t('list.sortBy', { name: t(`fields.${field}`) })} />
  );
  const exportUrl = (fileFormat: 'csv' | 'xlsx') => listExportUrl('contracts', fileFormat, variables, { columns: EXPORT_COLUMNS, language: i18n.language });

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
          data={[{ value: '', label: t('list.any') }, ...STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))]}
        />
        <NativeSelect
          label={t('fields.owner')}
          value={filters.owner ?? ''}
          onChange={(e) => setFilters({ ...filters, owner: e.currentTarget.value || null })}
          data={[{ value: '', label: t('list.any') }, { value: MINE, label: t('list.me') }, ...owners]}
        />
        <TextInput
          label={t('fields.endingWithin')}
          w={150}
          inputMode="numeric"
          value={daysText}
          onChange={(e) => {
            const text = e.currentTarget.value;
            setDaysText(text);
            setFilters((f) => ({ ...f, endingWithin: daysOf(text) }));
          }}
        />
        <Button
          variant="light"
          onClick={() => {
            setDaysText(String(ENDING_SOON_DAYS));
            setFilters((f) => ({ ...f, endingWithin: ENDING_SOON_DAYS }));
          }}
        >
          {t('list.endingSoon')}
        </Button>
        {custom.filters}
      </Group>
      <FilterChips chips={chips} onClear={clearAll} />
      <FormError errors={records.errors} />
      {records.bulkActions(access.canDelete)}
      <ListError error={list.error} onRetry={list.reload} />
      <Text size="sm" aria-live="polite" data-testid="record-count">
        {list.loaded ? t('list.count', { count: list.totalCount ?? rows.length }) : ''}
      </Text>
      {list.loaded && rows.length === 0 && <Text size="sm">{t('list.empty')}</Text>}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={900}>
          <Table striped data-testid="contracts-table" {...nav.tableProps}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={36}>{records.selectPage}</Table.Th>
                {header('number')}
                {header('title')}
                <Table.Th>{t('fields.company')}</Table.Th>
                {header('status')}
                {header('startDate')}
                {header('endDate')}
                {header('value')}
                <Table.Th>{t('fields.owner')}</Table.Th>
                {custom.headers(sort, setSort)}
                <Table.Th>
                  <VisuallyHidden>{t('list.delete')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((contract, i) => {
                const ended = !['DRAFT', 'ACTIVE'].includes(contract.status);
                return (
                  <Table.Tr key={contract.id} data-testid="contract-row" {...nav.rowProps(i)}>
                    <Table.Td>{records.selectRow(contract, t('name', { number: contract.number }))}</Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={contractPath(contract.id)} size="sm" fw={600}>
                        {t('name', { number: contract.number })}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <InlineField compact label={`${t('fields.title')}: ${contract.title}`} value={contract.title} editor={{ kind: 'text' }} readOnly={ended || access.readOnly('title')} onSave={(v) => save(contract.id, { title: v })} />
                    </Table.Td>
                    <Table.Td>{contract.company?.name ?? '—'}</Table.Td>
                    <Table.Td>{t(`status.${contract.status}`)}</Table.Td>
                    <Table.Td>{format.date(contract.startDate)}</Table.Td>
                    <Table.Td>
                      <InlineField compact label={`${t('fields.endDate')}: ${contract.title}`} value={contract.endDate} display={format.date(contract.endDate)} editor={{ kind: 'date' }} readOnly={ended || access.readOnly('endDate')} onSave={(v) => save(contract.id, { endDate: v || null })} />
                    </Table.Td>
                    <Table.Td>{moneyText(format, contract.value)}</Table.Td>
                    <Table.Td>{contract.owner?.fullName ?? '—'}</Table.Td>
                    {custom.cells(contract.customFields)}
                    <Table.Td>{records.deleteButton(contract, contract.title, access.canDelete)}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore shown={rows.length} total={list.totalCount} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onLoadMore={list.loadMore} />
      {records.dialogs((contract) => ({
        title: t('record.deleteTitle'),
        message: t('record.deleteMessage', { title: contract.title }),
        confirmLabel: t('record.delete'),
      }))}
    </>
  );
}

/** Deleted contracts, newest first, each brought back with "Restore". */
function DeletedContracts() {
  const { t } = useTranslation('contracts');
  return (
    <RecycleBinList
      recordType="Contract"
      {...binOf('Contracts', ContractRowFragment)}
      testId="contracts-bin"
      name={(row) => t('name', { number: row.number })}
      columns={[
        { label: t('fields.number'), cell: (row) => t('name', { number: row.number }) },
        { label: t('fields.title'), cell: (row) => row.title },
        { label: t('fields.company'), cell: (row) => row.company?.name ?? '—' },
      ]}
      restored={t('list.restored')}
      restore={RestoreContractDocument}
    />
  );
}

function isoDay(offsetDays: number): string {
  const day = new Date();
  day.setDate(day.getDate() + offsetDays);
  return `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
}

/** The "new contract" dialog (also from the command menu and a company's page, through `?new=1&company=`). */
export function NewContract({ company, onClose, onCreated }: { company: string | null; onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation('contracts');
  const { companies } = useContractOptions();
  const format = useFormat();
  const [values, setValues] = useState({ title: '', companyId: company ?? '', startDate: isoDay(0), endDate: isoDay(364), autoRenew: false });
  const [money, setMoney] = useState<MoneyDraft>({ amount: '', currency: format.currencyCode ?? 'USD' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [, create] = useMutation(CreateContractDocument);
  const custom = useCustomFieldForm('Contract');
  const input = useMemo(
    () => ({
      title: values.title,
      companyId: values.companyId,
      startDate: values.startDate,
      endDate: values.endDate,
      value: moneyInputOf(money),
      autoRenew: values.autoRenew,
    }),
    [values, money],
  );
  const submit = async () => {
    if (!custom.ready(setErrors)) return;
    setBusy(true);
    const result = await create({ input: { ...input, customFields: custom.input() } });
    setBusy(false);
    const found = outcome(result, (d) => d.createContract, t);
    setErrors(found);
    const id = result.data?.createContract.contract?.id;
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
          <TextInput label={t('fields.title')} value={values.title} error={errors.title} required data-autofocus onChange={set('title')} />
          <NativeSelect label={t('new.company')} value={values.companyId} error={errors.companyId} required onChange={set('companyId')} data={[{ value: '', label: '—' }, ...choices]} />
          <Group grow>
            <TextInput type="date" label={t('fields.startDate')} value={values.startDate} error={errors.startDate} onChange={set('startDate')} />
            <TextInput type="date" label={t('fields.endDate')} value={values.endDate} error={errors.endDate} onChange={set('endDate')} />
          </Group>
          <MoneyInput label={t('new.amount')} value={money} onChange={setMoney} error={errors['value.amount'] ?? errors.value} currencyError={errors['value.currency']} />
          <Checkbox label={t('fields.autoRenew')} checked={values.autoRenew} onChange={(e) => setValues((v) => ({ ...v, autoRenew: e.currentTarget.checked }))} />
          <CustomFieldInputs form={custom} errors={errors} />
          <FormError errors={errors} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('new.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={!values.title.trim() || !values.companyId}>
              {t('new.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
