import { Anchor, Button, Group, Modal, NativeSelect, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMutation } from 'urql';

import { ListHeader } from '../../components/list/ListHeader';
import { useMemberChoices } from '../../components/members';
import { FilterChips, LoadMore } from '../../components/list/ListParts';
import { ListError } from '../../components/list/ListError';
import { type SortKey } from '../../components/list/sorting';
import { useRecordList } from '../../components/list/useRecordList';
import { useRowNavigation } from '../../components/list/useRowNavigation';
import { useSearchTerm } from '../../components/list/useSearchTerm';
import { InlineField } from '../../components/record/InlineField';
import { useFieldAccess } from '../../components/record/fieldAccess';
import type { CampaignsQuery } from '../../gql/tenant/graphql';

type CampaignRow = CampaignsQuery['campaigns']['edges'][number]['node'];
import i18n from '../../i18n';
import { useFormat } from '../../locale';
import { FormError, outcome } from '../access/common';
import { moneyText } from '../../components/record/money';
import { CAMPAIGN_STATUSES, CAMPAIGN_TYPES, campaignFilterOf, campaignPath, MINE, NO_CAMPAIGN_FILTERS, percentText, type CampaignFilters } from './logic';
import { CampaignIdsDocument, CampaignsDocument, CreateCampaignDocument, UpdateCampaignDocument } from './operations';
import { SortHeader } from '../../components/list/SortHeader';

const SORTABLE = ['name', 'type', 'status', 'startDate', 'endDate', 'budget', 'actualCost'] as const;

/**
 * /leads/campaigns — every campaign the member may read, with its figures (leads, converted, conversion
 * rate, won amount, cost per lead, ROI; money figures hidden with a deal's amount): search, filters as chips,
 * header sorting, every row through "load more", name, status and cost edited in place, export, bulk delete
 * with undo; live.
 */
export function CampaignsPage() {
  const { t } = useTranslation('leads');
  const format = useFormat();
  const navigate = useNavigate();
  const access = useFieldAccess('Campaign');
  const { owners } = useMemberChoices();
  const search = useSearchTerm();
  const [filters, setFilters] = useState<CampaignFilters>(NO_CAMPAIGN_FILTERS);
  const [sort, setSort] = useState<SortKey[]>([]);
  const [params, setParams] = useSearchParams();
  const records = useRecordList<CampaignsQuery, CampaignRow>({
    recordType: 'Campaign',
    alsoLive: ['Lead'],
    name: 'campaigns',
    ns: 'leads',
    keys: 'campaigns',
    query: CampaignsDocument as never,
    idsQuery: CampaignIdsDocument,
    pick: (d) => d.campaigns,
    filter: campaignFilterOf(filters),
    sort,
    search: search.term,
    update: [UpdateCampaignDocument, 'updateCampaign'],
    bulk: {},
  });
  const { list, rows, custom, variables, save } = records;
  const nav = useRowNavigation(rows.length, (i) => navigate(campaignPath(rows[i].id)));

  const ownerName = (id: string) => (id === MINE ? t('list.me') : (owners.find((o) => o.value === id)?.label ?? id));
  const chipLabel: Record<keyof CampaignFilters, (f: CampaignFilters) => string> = {
    type: (f) => `${t('campaigns.fields.type')}: ${t(`campaigns.type.${f.type}`)}`,
    status: (f) => `${t('campaigns.fields.status')}: ${t(`campaigns.status.${f.status}`)}`,
    owner: (f) => `${t('campaigns.fields.owner')}: ${ownerName(f.owner ?? '')}`,
  };
  const chips = [
    ...(Object.keys(filters) as (keyof CampaignFilters)[])
      .filter((id) => filters[id])
      .map((id) => ({ id, label: chipLabel[id](filters), onRemove: () => setFilters({ ...filters, [id]: null }) })),
    ...custom.chips,
    ...(search.term ? [{ id: 'search', label: `${t('campaigns.search')}: ${search.term}`, onRemove: () => search.setValue('') }] : []),
  ];
  const header = (field: (typeof SORTABLE)[number]) =>
    access.hidden(field) ? (
      <Table.Th>{t(`campaigns.fields.${field}`)}</Table.Th>
    ) : (
      <SortHeader field={field} text={t(`campaigns.fields.${field}`)} sort={sort} onSort={setSort} label={t('list.sortBy', { name: t(`campaigns.fields.${field}`) })} />
    );
  const exportUrl = (fileFormat: 'csv' | 'xlsx') => {
    const query = new URLSearchParams({ mode: 'active', filter: JSON.stringify(variables.filter), lang: i18n.language, columns: 'type,status,startDate,endDate,budget,actualCost,currency,owner' });
    if (variables.orderBy) query.set('orderBy', JSON.stringify(variables.orderBy));
    if (variables.search) query.set('search', variables.search);
    return `/exports/campaigns.${fileFormat}?${query}`;
  };
  const statusOptions = CAMPAIGN_STATUSES.map((s) => ({ value: s, label: t(`campaigns.status.${s}`) }));
  const typeOptions = CAMPAIGN_TYPES.map((s) => ({ value: s, label: t(`campaigns.type.${s}`) }));

  return (
    <Stack>
      <ListHeader title={t('campaigns.title')} newLabel={t('campaigns.new')} onNew={() => setParams({ new: '1' })} exportUrl={access.canExport ? exportUrl : undefined} />
      <Group align="flex-end" wrap="wrap">
        <TextInput label={t('campaigns.search')} value={search.value} onChange={(e) => search.setValue(e.currentTarget.value)} onKeyDown={(e) => e.key === 'Enter' && search.commit()} type="search" />
        <NativeSelect label={t('campaigns.fields.type')} value={filters.type ?? ''} onChange={(e) => setFilters({ ...filters, type: e.currentTarget.value || null })} data={[{ value: '', label: t('list.any') }, ...typeOptions]} />
        <NativeSelect label={t('campaigns.fields.status')} value={filters.status ?? ''} onChange={(e) => setFilters({ ...filters, status: e.currentTarget.value || null })} data={[{ value: '', label: t('list.any') }, ...statusOptions]} />
        <NativeSelect label={t('campaigns.fields.owner')} value={filters.owner ?? ''} onChange={(e) => setFilters({ ...filters, owner: e.currentTarget.value || null })} data={[{ value: '', label: t('list.any') }, { value: MINE, label: t('list.me') }, ...owners]} />
        {custom.filters}
      </Group>
      <FilterChips chips={chips} onClear={() => (setFilters(NO_CAMPAIGN_FILTERS), custom.clear(), search.setValue(''))} />
      <FormError errors={records.errors} />
      {records.bulkActions(access.canDelete)}
      <ListError error={list.error} onRetry={list.reload} />
      <Text size="sm" aria-live="polite" data-testid="record-count">
        {list.loaded ? t('campaigns.count', { count: list.totalCount ?? rows.length }) : ''}
      </Text>
      {list.loaded && rows.length === 0 && <Text size="sm">{t('campaigns.empty')}</Text>}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={1100}>
          <Table striped data-testid="campaigns-table" {...nav.tableProps}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={36}>{records.selectPage}</Table.Th>
                {header('name')}
                {header('type')}
                {header('status')}
                {header('startDate')}
                {header('endDate')}
                {header('budget')}
                {header('actualCost')}
                <Table.Th>{t('campaigns.fields.leadsCount')}</Table.Th>
                <Table.Th>{t('campaigns.fields.convertedCount')}</Table.Th>
                <Table.Th>{t('campaigns.fields.wonAmount')}</Table.Th>
                <Table.Th>{t('campaigns.fields.costPerLead')}</Table.Th>
                <Table.Th>{t('campaigns.fields.roi')}</Table.Th>
                <Table.Th>{t('campaigns.fields.owner')}</Table.Th>
                {custom.headers(sort, setSort)}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((campaign, i) => (
                <Table.Tr key={campaign.id} data-testid="campaign-row" {...nav.rowProps(i)}>
                  <Table.Td>{records.selectRow(campaign, campaign.name)}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Anchor component={Link} to={campaignPath(campaign.id)} size="sm" fw={600} aria-label={t('list.open', { name: campaign.name })}>
                        ↗
                      </Anchor>
                      <InlineField compact label={`${t('campaigns.fields.name')}: ${campaign.name}`} value={campaign.name} editor={{ kind: 'text' }} readOnly={access.readOnly('name')} onSave={(v) => save(campaign.id, { name: v })} />
                    </Group>
                  </Table.Td>
                  <Table.Td>{t(`campaigns.type.${campaign.type}`)}</Table.Td>
                  <Table.Td>
                    <InlineField
                      compact
                      label={`${t('campaigns.fields.status')}: ${campaign.name}`}
                      value={campaign.status}
                      display={t(`campaigns.status.${campaign.status}`)}
                      editor={{ kind: 'select', options: statusOptions }}
                      readOnly={access.readOnly('status')}
                      onSave={(v) => save(campaign.id, { status: v })}
                    />
                  </Table.Td>
                  <Table.Td>{campaign.startDate ? format.date(campaign.startDate) : '—'}</Table.Td>
                  <Table.Td>{campaign.endDate ? format.date(campaign.endDate) : '—'}</Table.Td>
                  <Table.Td>{moneyText(format, campaign.budget)}</Table.Td>
                  <Table.Td>
                    <InlineField
                      compact
                      label={`${t('campaigns.fields.actualCost')}: ${campaign.name}`}
                      value={campaign.actualCost?.amount ?? ''}
                      display={moneyText(format, campaign.actualCost)}
                      editor={{ kind: 'text' }}
                      readOnly={access.readOnly('actualCost')}
                      onSave={(v) => save(campaign.id, { actualCost: v.trim() || null })}
                    />
                  </Table.Td>
                  <Table.Td data-testid="campaign-leads">{campaign.leadsCount}</Table.Td>
                  <Table.Td>{campaign.convertedCount}</Table.Td>
                  <Table.Td>{moneyText(format, campaign.wonAmount)}</Table.Td>
                  <Table.Td>{moneyText(format, campaign.costPerLead)}</Table.Td>
                  <Table.Td>{percentText(campaign.roi)}</Table.Td>
                  <Table.Td>{campaign.owner?.fullName ?? '—'}</Table.Td>
                  {custom.cells(campaign.customFields)}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore shown={rows.length} total={list.totalCount} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onLoadMore={list.loadMore} />
      {records.dialogs()}
      {params.get('new') && (
        <NewCampaign
          onClose={() => {
            const next = new URLSearchParams(params);
            next.delete('new');
            setParams(next);
          }}
          onCreated={(id) => navigate(campaignPath(id))}
        />
      )}
    </Stack>
  );
}

/** The "new campaign" dialog (also from the command menu, through `?new=1`). */
function NewCampaign({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation('leads');
  const [values, setValues] = useState({ name: '', type: 'OTHER', status: 'PLANNED', startDate: '', endDate: '', budget: '', actualCost: '', currency: '', description: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [, create] = useMutation(CreateCampaignDocument);
  const set = (name: keyof typeof values) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setValues((v) => ({ ...v, [name]: value }));
  };
  const submit = async () => {
    setBusy(true);
    const input = {
      name: values.name,
      type: values.type,
      status: values.status,
      startDate: values.startDate || null,
      endDate: values.endDate || null,
      budget: values.budget.trim() || null,
      actualCost: values.actualCost.trim() || null,
      currency: values.currency.trim() || null,
      description: values.description || null,
    };
    const result = await create({ input: input as never });
    setBusy(false);
    const found = outcome(result, (d) => d.createCampaign, t);
    setErrors(found);
    const id = result.data?.createCampaign.campaign?.id;
    if (!Object.keys(found).length && id) onCreated(id);
  };
  return (
    <Modal opened onClose={onClose} title={t('campaigns.new')} closeButtonProps={{ 'aria-label': t('campaigns.cancel') }}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <TextInput label={t('campaigns.fields.name')} value={values.name} error={errors.name} required data-autofocus onChange={set('name')} />
          <Group grow>
            <NativeSelect label={t('campaigns.fields.type')} value={values.type} onChange={set('type')} data={CAMPAIGN_TYPES.map((s) => ({ value: s, label: t(`campaigns.type.${s}`) }))} />
            <NativeSelect label={t('campaigns.fields.status')} value={values.status} error={errors.status} onChange={set('status')} data={['PLANNED', 'ACTIVE'].map((s) => ({ value: s, label: t(`campaigns.status.${s}`) }))} />
          </Group>
          <Group grow>
            <TextInput type="date" label={t('campaigns.fields.startDate')} value={values.startDate} error={errors.startDate} onChange={set('startDate')} />
            <TextInput type="date" label={t('campaigns.fields.endDate')} value={values.endDate} error={errors.endDate} onChange={set('endDate')} />
          </Group>
          <Group grow>
            <TextInput label={t('campaigns.fields.budget')} inputMode="decimal" value={values.budget} error={errors['budget.amount'] ?? errors.budget} onChange={set('budget')} />
            <TextInput label={t('campaigns.fields.actualCost')} inputMode="decimal" value={values.actualCost} error={errors['actualCost.amount'] ?? errors.actualCost} onChange={set('actualCost')} />
            <TextInput label={t('campaigns.fields.currency')} value={values.currency} maxLength={3} placeholder="USD" error={errors.currency} onChange={set('currency')} />
          </Group>
          <Textarea label={t('campaigns.fields.description')} value={values.description} error={errors.description} onChange={set('description')} />
          <FormError errors={errors} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('campaigns.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={!values.name.trim()}>
              {t('campaigns.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
