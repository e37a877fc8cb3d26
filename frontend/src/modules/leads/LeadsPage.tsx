import { Anchor, Button, Group, Modal, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useClient, useMutation } from 'urql';

import { BulkActions, deleteSelection, SelectPage, SelectRow, useBulkSelection } from '../../components/list/BulkSelection';
import { ListHeader } from '../../components/list/ListHeader';
import { ConfirmAction } from '../../components/ConfirmAction';
import { useMemberChoices } from '../../components/members';
import { FilterChips, LoadMore } from '../../components/list/ListParts';
import { ListError } from '../../components/list/ListError';
import { type SortKey } from '../../components/list/sorting';
import { orderByWithCustom, useCustomColumns } from '../../components/list/useCustomColumns';
import { allMatchingIds, useCursorList } from '../../components/list/useCursorList';
import { useRowNavigation } from '../../components/list/useRowNavigation';
import { useSearchTerm } from '../../components/list/useSearchTerm';
import { InlineField } from '../../components/record/InlineField';
import { useFieldAccess } from '../../components/record/fieldAccess';
import { CustomFieldInputs, useCustomFieldForm } from '../../components/record/CustomFieldInputs';
import type { LeadsQuery } from '../../gql/tenant/graphql';
import i18n from '../../i18n';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { FormError, outcome } from '../access/common';
import { chipsOf, EDITABLE_STATUSES, filterOf, inputOf, MINE, NO_FILTERS, scoreBound, SOURCES, STATUSES, withoutChip, type LeadFilters } from './logic';
import { useCampaignChoices } from './campaignChoices';
import { CreateLeadDocument, DeleteLeadsDocument, LeadIdsDocument, LeadsDocument, RestoreLeadsDocument, UpdateLeadDocument } from './operations';
import { useEntryState } from '../../components/list/entryState';
import { listExportUrl } from '../../components/list/exportUrl';
import { SortHeader } from '../../components/list/SortHeader';

// The export's columns: those the table shows (the server adds the name column and the custom fields).
const EXPORT_COLUMNS = ['companyName', 'status', 'score', 'source', 'owner', 'createdAt'];

type LeadRow = LeadsQuery['leads']['edges'][number]['node'];

const SORTABLE = ['name', 'companyName', 'status', 'score', 'createdAt'] as const;
export const leadPath = (id: string) => `/leads/${encodeURIComponent(id)}`;

/**
 * /leads — every lead the member may read: search (as you type or on Enter), filters as chips, header
 * sorting (shift adds a key), every row through "load more", cells edited in place, export of the
 * whole list, bulk delete with undo; live.
 */
export function LeadsPage() {
  const { t } = useTranslation('leads');
  const format = useFormat();
  const navigate = useNavigate();
  const client = useClient();
  const access = useFieldAccess('Lead');
  const { owners } = useMemberChoices();
  const search = useSearchTerm();
  const [params, setParams] = useSearchParams();
  // ?campaign=<id>: the leads of one campaign (the campaign page links here).
  const [filters, setFilters] = useEntryState<LeadFilters>('leads.filters', () => ({ ...NO_FILTERS, campaign: params.get('campaign') }));
  const campaigns = useCampaignChoices();
  const [scoreText, setScoreText] = useEntryState('leads.score', { min: '', max: '' });
  const [sort, setSort] = useEntryState<SortKey[]>('leads.sort', []);
  const [deleting, setDeleting] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});

  // The workspace's custom fields: columns, picklist filters with chips and sortable headers (the kit's).
  const custom = useCustomColumns('Lead', 'leads');
  const filter = { ...filterOf(filters), ...custom.filter };
  const variables = { filter, orderBy: sort.length ? orderByWithCustom(sort) : null, search: search.term || null, withCustomFields: custom.wanted };
  const query = LeadsDocument as Parameters<typeof useCursorList<LeadsQuery, LeadRow>>[0]['query'];
  const list = useCursorList<LeadsQuery, LeadRow>({ query, variables, pick: (d) => d.leads });
  useLiveRecords(['Lead'], list.reload);
  const rows = list.rows;
  const nav = useRowNavigation(rows.length, (i) => navigate(leadPath(rows[i].id)));
  const [, update] = useMutation(UpdateLeadDocument);
  const [, removeMany] = useMutation(DeleteLeadsDocument);
  const [, restoreMany] = useMutation(RestoreLeadsDocument);

  const selection = useBulkSelection({
    rows,
    totalCount: list.totalCount,
    listKey: JSON.stringify(variables),
    allIds: () => allMatchingIds(client, LeadIdsDocument as never, variables, (d: { leads: { edges: { node: { id: string } }[] } }) => d.leads as never),
  });

  const statusOptions = STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }));
  const editableStatuses = EDITABLE_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }));
  const sourceOptions = SOURCES.map((s) => ({ value: s, label: t(`source.${s}`) }));
  const ownerName = (id: string) => (id === MINE ? t('list.me') : (owners.find((o) => o.value === id)?.label ?? id));
  const chips = [
    ...chipsOf(filters, { status: (s) => t(`status.${s}`), source: (s) => t(`source.${s}`), owner: ownerName, campaign: (id) => campaigns.find((c) => c.value === id)?.label ?? id }).map((chip) => ({
      id: chip.id,
      label: `${t(`fields.${chip.field}`)}: ${chip.value}`,
      onRemove: () => {
        setFilters(withoutChip(filters, chip.id));
        if (chip.id === 'score') setScoreText({ min: '', max: '' });
      },
    })),
    ...custom.chips,
    ...(search.term ? [{ id: 'search', label: `${t('list.search')}: ${search.term}`, onRemove: () => search.setValue('') }] : []),
  ];
  const clearAll = () => {
    setFilters(NO_FILTERS);
    custom.clear();
    setScoreText({ min: '', max: '' });
    search.setValue('');
  };

  const save = async (id: string, field: string, value: string) => {
    const found = outcome(await update({ input: { id, ...inputOf(field, value) } as never }), (d) => d.updateLead, t);
    const messages = Object.values(found);
    return messages.length ? messages.join(' ') : null;
  };

  const header = (field: (typeof SORTABLE)[number]) => (
    <SortHeader field={field} text={t(`fields.${field}`)} sort={sort} onSort={setSort} label={t('list.sortBy', { name: t(`fields.${field}`) })} />
  );
  const exportUrl = (fileFormat: 'csv' | 'xlsx') => listExportUrl('leads', fileFormat, variables, { columns: EXPORT_COLUMNS, language: i18n.language });

  const selectedCount = selection.count;
  const onDelete = () =>
    deleteSelection({
      selection,
      remove: async (leadIds) => outcome(await removeMany({ input: { leadIds } }), (d) => d.deleteLeads, t),
      restore: async (leadIds) => {
        const result = (await restoreMany({ input: { leadIds } })).data?.restoreLeads;
        return result && !result.errors.length ? result.restoredIds.length : 0;
      },
      message: (count) => t('list.deleted', { count }),
      onErrors: setErrors,
      reload: list.reload,
    });

  return (
    <Stack>
      <ListHeader title={t('list.title')} newLabel={t('new.title')} onNew={() => setParams({ new: '1' })} exportUrl={access.canExport ? exportUrl : undefined} />
      <Group align="flex-end" wrap="wrap">
        <TextInput
          label={t('list.search')}
          value={search.value}
          onChange={(e) => search.setValue(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Enter' && search.commit()}
          type="search"
        />
        <NativeSelect
          label={t('fields.status')}
          value={filters.status ?? ''}
          onChange={(e) => setFilters({ ...filters, status: e.currentTarget.value || null })}
          data={[{ value: '', label: t('list.any') }, ...statusOptions]}
        />
        <NativeSelect
          label={t('fields.source')}
          value={filters.source ?? ''}
          onChange={(e) => setFilters({ ...filters, source: e.currentTarget.value || null })}
          data={[{ value: '', label: t('list.any') }, ...sourceOptions]}
        />
        <NativeSelect
          label={t('fields.owner')}
          value={filters.owner ?? ''}
          onChange={(e) => setFilters({ ...filters, owner: e.currentTarget.value || null })}
          data={[{ value: '', label: t('list.any') }, { value: MINE, label: t('list.me') }, ...owners]}
        />
        <NativeSelect
          label={t('fields.campaign')}
          value={filters.campaign ?? ''}
          onChange={(e) => setFilters({ ...filters, campaign: e.currentTarget.value || null })}
          data={[{ value: '', label: t('list.any') }, ...campaigns, ...(filters.campaign && !campaigns.some((c) => c.value === filters.campaign) ? [{ value: filters.campaign, label: filters.campaign }] : [])]}
        />
        <TextInput
          label={t('list.scoreMin')}
          w={110}
          inputMode="numeric"
          value={scoreText.min}
          onChange={(e) => {
            const min = e.currentTarget.value;
            setScoreText((s) => ({ ...s, min }));
            setFilters((f) => ({ ...f, scoreMin: scoreBound(min) }));
          }}
        />
        <TextInput
          label={t('list.scoreMax')}
          w={110}
          inputMode="numeric"
          value={scoreText.max}
          onChange={(e) => {
            const max = e.currentTarget.value;
            setScoreText((s) => ({ ...s, max }));
            setFilters((f) => ({ ...f, scoreMax: scoreBound(max) }));
          }}
        />
        {custom.filters}
      </Group>
      <FilterChips chips={chips} onClear={clearAll} />
      <FormError errors={errors} />
      <BulkActions selection={selection} selectedLabel={t('list.selected', { count: selectedCount })}>
        {access.canDelete && (
          <Button size="xs" color="red.8" variant="outline" onClick={() => setDeleting(true)}>
            {t('list.delete')}
          </Button>
        )}
      </BulkActions>
      <ListError error={list.error} onRetry={list.reload} />
      <Text size="sm" aria-live="polite" data-testid="record-count">
        {list.loaded ? t('list.count', { count: list.totalCount ?? rows.length }) : ''}
      </Text>
      {list.loaded && rows.length === 0 && <Text size="sm">{t('list.empty')}</Text>}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={900}>
          <Table striped data-testid="leads-table" {...nav.tableProps}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={36}>
                  <SelectPage selection={selection} label={t('list.selectAll')} />
                </Table.Th>
                {header('name')}
                {header('companyName')}
                {header('status')}
                {header('score')}
                <Table.Th>{t('fields.source')}</Table.Th>
                <Table.Th>{t('fields.campaign')}</Table.Th>
                <Table.Th>{t('fields.owner')}</Table.Th>
                {header('createdAt')}
                {custom.headers(sort, setSort)}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((lead, i) => {
                const readOnly = (field: string) => access.readOnly(field);
                return (
                  <Table.Tr key={lead.id} data-testid="lead-row" {...nav.rowProps(i)}>
                    <Table.Td>
                      <SelectRow selection={selection} id={lead.id} label={t('list.selectRow', { name: lead.name })} />
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Anchor component={Link} to={leadPath(lead.id)} size="sm" fw={600}>
                          {lead.name}
                        </Anchor>
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <InlineField compact label={`${t('fields.companyName')}: ${lead.name}`} value={lead.companyName} editor={{ kind: 'text' }} readOnly={readOnly('companyName')} onSave={(v) => save(lead.id, 'companyName', v)} />
                    </Table.Td>
                    <Table.Td>
                      {lead.status === 'CONVERTED' ? (
                        <Text size="sm">{t('status.CONVERTED')}</Text>
                      ) : (
                        <InlineField compact label={`${t('fields.status')}: ${lead.name}`} value={lead.status} editor={{ kind: 'select', options: editableStatuses }} readOnly={readOnly('status')} onSave={(v) => save(lead.id, 'status', v)} />
                      )}
                    </Table.Td>
                    <Table.Td data-testid="lead-score">{format.number(lead.score)}</Table.Td>
                    <Table.Td>{t(`source.${lead.source}`)}</Table.Td>
                    <Table.Td data-testid="lead-campaign">{lead.campaign?.name ?? '—'}</Table.Td>
                    <Table.Td>
                      <InlineField
                        compact
                        label={`${t('fields.owner')}: ${lead.name}`}
                        value={lead.owner?.id ?? ''}
                        display={lead.owner?.fullName ?? '—'}
                        editor={{ kind: 'select', options: owners, clearable: true }}
                        readOnly={readOnly('owner')}
                        onSave={(v) => save(lead.id, 'owner', v)}
                      />
                    </Table.Td>
                    <Table.Td>{format.date(lead.createdAt)}</Table.Td>
                    {custom.cells(lead.customFields)}
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
          title={t('list.deleteTitle', { count: selectedCount })}
          message={t('list.deleteMessage', { count: selectedCount })}
          confirmLabel={t('list.deleteConfirm', { count: selectedCount })}
          appliesTo={selection.allMatching ? selectedCount : undefined}
          onConfirm={onDelete}
          onClose={() => setDeleting(false)}
        />
      )}
      {params.get('new') && (
        <NewLead
          onClose={() => {
            const next = new URLSearchParams(params);
            next.delete('new');
            setParams(next);
          }}
          onCreated={(id) => navigate(leadPath(id))}
        />
      )}
    </Stack>
  );
}

/** The "new lead" dialog (also from the command menu, through `?new=1`). */
function NewLead({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation('leads');
  const [values, setValues] = useState({ name: '', companyName: '', email: '', campaignId: '' });
  const campaigns = useCampaignChoices();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [, create] = useMutation(CreateLeadDocument);
  const custom = useCustomFieldForm('Lead');
  const input = useMemo(() => ({ name: values.name, companyName: values.companyName || null, email: values.email || null, campaignId: values.campaignId || null }), [values]);
  const submit = async () => {
    if (!custom.ready(setErrors)) return;
    setBusy(true);
    const result = await create({ input: { ...input, customFields: custom.input() } });
    setBusy(false);
    const found = outcome(result, (d) => d.createLead, t);
    setErrors(found);
    const id = result.data?.createLead.lead?.id;
    if (!Object.keys(found).length && id) onCreated(id);
  };
  const field = (name: 'name' | 'companyName' | 'email') => (
    <TextInput
      label={t(`new.${name}`)}
      value={values[name]}
      error={errors[name]}
      required={name === 'name'}
      data-autofocus={name === 'name' || undefined}
      onChange={(e) => {
        const value = e.currentTarget.value;
        setValues((v) => ({ ...v, [name]: value }));
      }}
    />
  );
  return (
    <Modal opened onClose={onClose} title={t('new.title')} closeButtonProps={{ 'aria-label': t('new.cancel') }}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack>
          {field('name')}
          {field('companyName')}
          {field('email')}
          <NativeSelect
            label={t('fields.campaign')}
            value={values.campaignId}
            error={errors.campaignId}
            onChange={(e) => {
              const campaignId = e.currentTarget.value;
              setValues((v) => ({ ...v, campaignId }));
            }}
            data={[{ value: '', label: t('campaigns.none') }, ...campaigns]}
          />
          <CustomFieldInputs form={custom} errors={errors} />
          <FormError errors={errors} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('new.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={!values.name.trim()}>
              {t('new.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
