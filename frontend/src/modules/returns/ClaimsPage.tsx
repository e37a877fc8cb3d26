import { ActionIcon, Anchor, Button, Group, Modal, NativeSelect, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMutation } from 'urql';

import { ConfirmAction, notifyWithUndo } from '../../components/ConfirmAction';
import { IconTrash } from '../../components/icons';
import { ListError } from '../../components/list/ListError';
import { ListHeader } from '../../components/list/ListHeader';
import { FilterChips, LoadMore } from '../../components/list/ListParts';
import { orderByOf, type SortKey } from '../../components/list/sorting';
import { useCursorList } from '../../components/list/useCursorList';
import { useRowNavigation } from '../../components/list/useRowNavigation';
import { useSearchTerm } from '../../components/list/useSearchTerm';
import { useFieldAccess } from '../../components/record/fieldAccess';
import { InlineField } from '../../components/record/InlineField';
import type { ClaimRowFragment, ClaimsQuery } from '../../gql/tenant/graphql';
import i18n from '../../i18n';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { FormError, outcome } from '../access/common';
import { moneyText } from '../sales/money';
import { chipIds, CLAIM_KINDS, CLAIM_STATUSES, claimPath, filterOf, MINE, NO_FILTERS, withoutChip, type ListFilters } from './logic';
import { ClaimsDocument, CreateClaimDocument, DeleteClaimDocument, RestoreClaimDocument, UpdateClaimDocument } from './operations';
import { useReturnOptions } from './options';
import { SortHeader } from '../../components/list/SortHeader';

const SORTABLE = ['number', 'kind', 'status', 'amountClaimed', 'createdAt'] as const;
const UNDECIDED = ['SUBMITTED', 'UNDER_REVIEW'];

/**
 * /returns/claims — every claim the member may read: search, filter chips (status, kind, owner), header
 * sorting, every row through "load more", descriptions edited in place, export, delete with undo; live.
 */
export function ClaimsPage() {
  const { t } = useTranslation('returns');
  const format = useFormat();
  const navigate = useNavigate();
  const access = useFieldAccess('Claim');
  const { owners } = useReturnOptions();
  const search = useSearchTerm();
  const [filters, setFilters] = useState<ListFilters>(NO_FILTERS);
  const [sort, setSort] = useState<SortKey[]>([]);
  const [deleting, setDeleting] = useState<ClaimRowFragment | null>(null);
  const [params, setParams] = useSearchParams();

  const filter = filterOf(filters, 'kind');
  const variables = { filter, orderBy: sort.length ? orderByOf(sort) : null, search: search.term || null };
  const query = ClaimsDocument as Parameters<typeof useCursorList<ClaimsQuery, ClaimRowFragment>>[0]['query'];
  const list = useCursorList<ClaimsQuery, ClaimRowFragment>({ query, variables, pick: (d) => d.claims });
  useLiveRecords(['Claim'], list.reload);
  const rows = list.rows;
  const nav = useRowNavigation(rows.length, (i) => navigate(claimPath(rows[i].id)));
  const [, update] = useMutation(UpdateClaimDocument);
  const [, remove] = useMutation(DeleteClaimDocument);
  const [, restore] = useMutation(RestoreClaimDocument);

  const ownerName = (id: string) => (id === MINE ? t('list.me') : (owners.find((o) => o.value === id)?.label ?? id));
  const chipLabel: Record<string, (f: ListFilters) => string> = {
    status: (f) => `${t('fields.status')}: ${t(`claimStatus.${f.status}`)}`,
    sort: (f) => `${t('fields.kind')}: ${t(`kind.${f.sort}`)}`,
    owner: (f) => `${t('fields.owner')}: ${ownerName(f.owner ?? '')}`,
  };
  const chips = [
    ...chipIds(filters).map((id) => ({ id, label: chipLabel[id](filters), onRemove: () => setFilters(withoutChip(filters, id)) })),
    ...(search.term ? [{ id: 'search', label: `${t('list.search')}: ${search.term}`, onRemove: () => search.setValue('') }] : []),
  ];
  const save = async (id: string, input: Record<string, unknown>) => {
    const found = outcome(await update({ input: { id, ...input } as never }), (d) => d.updateClaim, t);
    const messages = Object.values(found);
    return messages.length ? messages.join(' ') : null;
  };
  const header = (field: (typeof SORTABLE)[number]) => (
    <SortHeader field={field} text={t(`fields.${field === 'createdAt' ? 'submittedAt' : field}`)} sort={sort} onSort={setSort} label={t('list.sortBy', { name: t(`fields.${field === 'createdAt' ? 'submittedAt' : field}`) })} />
  );
  const exportUrl = (fileFormat: 'csv' | 'xlsx') => {
    const query = new URLSearchParams({ mode: 'active', filter: JSON.stringify(filter), lang: i18n.language });
    if (variables.orderBy) query.set('orderBy', JSON.stringify(variables.orderBy));
    if (variables.search) query.set('search', variables.search);
    return `/exports/claims.${fileFormat}?${query}`;
  };
  const onDelete = async (claim: ClaimRowFragment) => {
    const result = await remove({ input: { id: claim.id } });
    list.reload();
    if (result.error || result.data?.deleteClaim.errors.length) return;
    notifyWithUndo({
      message: t('list.claimDeleted'),
      undo: async () => {
        const back = await restore({ input: { id: claim.id } });
        list.reload();
        return back.data?.restoreClaim.claim ? 1 : 0;
      },
    });
  };

  return (
    <Stack>
      <ListHeader title={t('list.claimsTitle')} newLabel={t('new.claimTitle')} onNew={() => setParams({ new: '1' })} exportUrl={access.canExport ? exportUrl : undefined} />
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
      </Group>
      <FilterChips chips={chips} onClear={() => { setFilters(NO_FILTERS); search.setValue(''); }} />
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
                {header('number')}
                {header('kind')}
                <Table.Th>{t('fields.company')}</Table.Th>
                <Table.Th>{t('fields.description')}</Table.Th>
                {header('status')}
                {header('amountClaimed')}
                <Table.Th>{t('fields.amountApproved')}</Table.Th>
                {header('createdAt')}
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
                    <Table.Td>
                      <Anchor component={Link} to={claimPath(claim.id)} size="sm" fw={600}>
                        {name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{t(`kind.${claim.kind}`)}</Table.Td>
                    <Table.Td>{claim.company?.name ?? '—'}</Table.Td>
                    <Table.Td>
                      <InlineField compact label={`${t('fields.description')}: ${name}`} value={claim.description} editor={{ kind: 'text' }} readOnly={!UNDECIDED.includes(claim.status) || access.readOnly('description')} onSave={(v) => save(claim.id, { description: v })} />
                    </Table.Td>
                    <Table.Td>{t(`claimStatus.${claim.status}`)}</Table.Td>
                    <Table.Td>{moneyText(format, claim.amountClaimed)}</Table.Td>
                    <Table.Td>{moneyText(format, claim.amountApproved)}</Table.Td>
                    <Table.Td>{format.date(claim.createdAt)}</Table.Td>
                    <Table.Td>
                      {access.canDelete && (
                        <ActionIcon variant="subtle" color="red.8" aria-label={`${t('list.delete')}: ${name}`} onClick={() => setDeleting(claim)}>
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
          title={t('record.deleteClaimTitle')}
          message={t('record.deleteMessage', { name: t('claimName', { number: deleting.number }) })}
          confirmLabel={t('record.delete')}
          onConfirm={() => onDelete(deleting)}
          onClose={() => setDeleting(null)}
        />
      )}
      {params.get('new') && (
        <NewClaim
          company={params.get('company')}
          onClose={() => {
            const next = new URLSearchParams(params);
            next.delete('new');
            next.delete('company');
            setParams(next);
          }}
          onCreated={(id) => navigate(claimPath(id))}
        />
      )}
    </Stack>
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
