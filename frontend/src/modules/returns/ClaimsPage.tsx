import { Anchor, Button, Group, Modal, NativeSelect, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
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
import { SortHeader } from '../../components/list/SortHeader';
import { type SortKey } from '../../components/list/sorting';
import { ListWithBin, useRecordList } from '../../components/list/useRecordList';
import { useRowNavigation } from '../../components/list/useRowNavigation';
import { useSearchTerm } from '../../components/list/useSearchTerm';
import { useFieldAccess } from '../../components/record/fieldAccess';
import { InlineField } from '../../components/record/InlineField';
import type { ClaimsQuery } from '../../gql/tenant/graphql';
import i18n from '../../i18n';
import { useFormat } from '../../locale';
import { FormError, outcome } from '../access/common';
import { moneyText } from '../../components/record/money';
import { chipIds, CLAIM_KINDS, CLAIM_STATUSES, claimPath, filterOf, MINE, NO_FILTERS, withoutChip, type ListFilters } from './logic';
import { ClaimRowFragment, ClaimsDocument, CreateClaimDocument, DeleteClaimDocument, RestoreClaimDocument, UpdateClaimDocument } from './operations';
import { useReturnOptions } from './options';

const SORTABLE = ['number', 'kind', 'status', 'amountClaimed', 'createdAt'] as const;
const UNDECIDED = ['SUBMITTED', 'UNDER_REVIEW'];

type ClaimRow = ClaimsQuery['claims']['edges'][number]['node'];

/**
 * /returns/claims — every claim the member may read: search, filter chips (status, kind, owner, the
 * workspace's custom fields), header sorting, every row through "load more", descriptions edited in place,
 * export, delete with undo (one row, or a selection), and the recycle bin (restore); live.
 */
export function ClaimsPage() {
  const { t } = useTranslation('returns');
  const navigate = useNavigate();
  return (
    <ListWithBin
      name="claims"
      binTitle={t('list.claimsBinTitle')}
      current={(view, onNew) => <CurrentClaims view={view} onNew={onNew} />}
      bin={<DeletedClaims />}
      create={(params, close) => <NewClaim company={params.get('company')} onClose={close} onCreated={(id) => navigate(claimPath(id))} />}
    />
  );
}

function CurrentClaims({ view, onNew }: { view: ReactNode; onNew: () => void }) {
  const { t } = useTranslation('returns');
  const format = useFormat();
  const navigate = useNavigate();
  const access = useFieldAccess('Claim');
  const { owners } = useReturnOptions();
  const search = useSearchTerm();
  const [filters, setFilters] = useEntryState<ListFilters>('claims.filters', NO_FILTERS);
  const [sort, setSort] = useEntryState<SortKey[]>('claims.sort', []);
  const records = useRecordList<ClaimsQuery, ClaimRow>({
    recordType: 'Claim',
    name: 'claims',
    ns: 'returns',
    keys: 'claimBulk',
    query: ClaimsDocument as never,
    pick: (d) => d.claims,
    filter: filterOf(filters, 'kind'),
    sort,
    search: search.term,
    update: [UpdateClaimDocument, 'updateClaim'],
    remove: [DeleteClaimDocument, 'deleteClaim'],
    restore: [RestoreClaimDocument, 'restoreClaim', 'claim'],
    bulk: {},
  });
  const { list, rows, custom, variables } = records;
  const nav = useRowNavigation(rows.length, (i) => navigate(claimPath(rows[i].id)));

  const ownerName = (id: string) => (id === MINE ? t('list.me') : (owners.find((o) => o.value === id)?.label ?? id));
  const chipLabel: Record<string, (f: ListFilters) => string> = {
    status: (f) => `${t('fields.status')}: ${t(`claimStatus.${f.status}`)}`,
    sort: (f) => `${t('fields.kind')}: ${t(`kind.${f.sort}`)}`,
    owner: (f) => `${t('fields.owner')}: ${ownerName(f.owner ?? '')}`,
  };
  const chips = [
    ...chipIds(filters).map((id) => ({ id, label: chipLabel[id](filters), onRemove: () => setFilters(withoutChip(filters, id)) })),
    ...custom.chips,
    ...(search.term ? [{ id: 'search', label: `${t('list.search')}: ${search.term}`, onRemove: () => search.setValue('') }] : []),
  ];
  const header = (field: (typeof SORTABLE)[number]) => (
    <SortHeader field={field} text={t(`fields.${field === 'createdAt' ? 'submittedAt' : field}`)} sort={sort} onSort={setSort} label={t('list.sortBy', { name: t(`fields.${field === 'createdAt' ? 'submittedAt' : field}`) })} />
  );
  const exportUrl = (fileFormat: 'csv' | 'xlsx') => listExportUrl('claims', fileFormat, variables, { columns: '', language: i18n.language });

  return (
    <>
      <ListHeader title={t('list.claimsTitle')} newLabel={t('new.claimTitle')} onNew={onNew} exportUrl={access.canExport ? exportUrl : undefined} />
      {view}
      <Group align="flex-end" wrap="wrap">
        <TextInput label={t('list.search')} value={search.value} onChange={(e) => search.setValue(e.currentTarget.value)} onKeyDown={(e) => e.key === 'Enter' && search.commit()} type="search" />
        <NativeSelect
          label={t('fields.status')}
          value={filters.status ?? ''}
          onChange={(e) => setFilters({ ...filters, status: e.currentTarget.value || null })}
          data={[{ value: '', label: t('list.any') }, ...CLAIM_STATUSES.map((s) => ({ value: s, label: t(`claimStatus.${s}`) }))]}
        />
        <NativeSelect
          label={t('fields.kind')}
          value={filters.sort ?? ''}
          onChange={(e) => setFilters({ ...filters, sort: e.currentTarget.value || null })}
          data={[{ value: '', label: t('list.any') }, ...CLAIM_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))]}
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
        {list.loaded ? t('list.claimCount', { count: list.totalCount ?? rows.length }) : ''}
      </Text>
      {list.loaded && rows.length === 0 && <Text size="sm">{t('list.claimsEmpty')}</Text>}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={900}>
          <Table striped data-testid="claims-table" {...nav.tableProps}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={36}>{records.selectPage}</Table.Th>
                {header('number')}
                {header('kind')}
                <Table.Th>{t('fields.company')}</Table.Th>
                <Table.Th>{t('fields.description')}</Table.Th>
                {header('status')}
                {header('amountClaimed')}
                <Table.Th>{t('fields.amountApproved')}</Table.Th>
                {header('createdAt')}
                {custom.headers(sort, setSort)}
                <Table.Th>
                  <VisuallyHidden>{t('list.delete')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((claim, i) => {
                const name = t('claimName', { number: claim.number });
                return (
                  <Table.Tr key={claim.id} data-testid="claim-row" {...nav.rowProps(i)}>
                    <Table.Td>{records.selectRow(claim, name)}</Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={claimPath(claim.id)} size="sm" fw={600}>
                        {name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{t(`kind.${claim.kind}`)}</Table.Td>
                    <Table.Td>{claim.company?.name ?? '—'}</Table.Td>
                    <Table.Td>
                      <InlineField compact label={`${t('fields.description')}: ${name}`} value={claim.description} editor={{ kind: 'text' }} readOnly={!UNDECIDED.includes(claim.status) || access.readOnly('description')} onSave={(v) => records.save(claim.id, { description: v })} />
                    </Table.Td>
                    <Table.Td>{t(`claimStatus.${claim.status}`)}</Table.Td>
                    <Table.Td>{moneyText(format, claim.amountClaimed)}</Table.Td>
                    <Table.Td>{moneyText(format, claim.amountApproved)}</Table.Td>
                    <Table.Td>{format.date(claim.createdAt)}</Table.Td>
                    {custom.cells(claim.customFields)}
                    <Table.Td>{records.deleteButton(claim, name, access.canDelete)}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore shown={rows.length} total={list.totalCount} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onLoadMore={list.loadMore} />
      {records.dialogs((claim) => ({
        title: t('record.deleteClaimTitle'),
        message: t('record.deleteMessage', { name: t('claimName', { number: claim.number }) }),
        confirmLabel: t('record.delete'),
      }))}
    </>
  );
}

/** Deleted claims, newest first, each brought back with "Restore". */
function DeletedClaims() {
  const { t } = useTranslation('returns');
  return (
    <RecycleBinList
      recordType="Claim"
      {...binOf('Claims', ClaimRowFragment)}
      testId="claims-bin"
      name={(row) => t('claimName', { number: row.number })}
      columns={[
        { label: t('fields.number'), cell: (row) => t('claimName', { number: row.number }) },
        { label: t('fields.company'), cell: (row) => row.company?.name ?? '—' },
        { label: t('fields.kind'), cell: (row) => t(`kind.${row.kind}`) },
      ]}
      restored={t('list.claimRestored')}
      restore={RestoreClaimDocument}
    />
  );
}

/** The "new claim" dialog: the customer, warranty or damage, what happened and how much is claimed. */
export function NewClaim({ company, onClose, onCreated }: { company: string | null; onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation('returns');
  const { companies } = useReturnOptions();
  const [values, setValues] = useState({ companyId: company ?? '', kind: 'WARRANTY', description: '', amountClaimed: '', currency: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [, create] = useMutation(CreateClaimDocument);
  const submit = async () => {
    setBusy(true);
    const input = { ...values, kind: values.kind as never, currency: values.currency || null };
    const result = await create({ input });
    setBusy(false);
    const found = outcome(result, (d) => d.createClaim, t);
    setErrors(found);
    const id = result.data?.createClaim.claim?.id;
    if (!Object.keys(found).length && id) onCreated(id);
  };
  const set = (name: keyof typeof values) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setValues((v) => ({ ...v, [name]: value }));
  };
  return (
    <Modal opened onClose={onClose} title={t('new.claimTitle')} closeButtonProps={{ 'aria-label': t('new.cancel') }}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <NativeSelect label={t('fields.company')} value={values.companyId} error={errors.companyId} required data-autofocus onChange={set('companyId')} data={[{ value: '', label: '—' }, ...companies]} />
          <NativeSelect label={t('fields.kind')} value={values.kind} error={errors.kind} onChange={set('kind')} data={CLAIM_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
          <TextInput label={t('fields.description')} value={values.description} error={errors.description} required onChange={set('description')} />
          <Group grow>
            <TextInput label={t('fields.amountClaimed')} inputMode="decimal" value={values.amountClaimed} error={errors.amountClaimed} required onChange={set('amountClaimed')} />
            <TextInput label={t('fields.currency')} value={values.currency} maxLength={3} placeholder="USD" error={errors.currency} onChange={set('currency')} />
          </Group>
          <FormError errors={errors} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('new.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={!values.companyId || !values.description.trim() || !values.amountClaimed}>
              {t('new.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
