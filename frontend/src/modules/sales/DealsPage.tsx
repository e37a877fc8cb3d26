import { ActionIcon, Anchor, Button, Group, Menu, NativeSelect, SegmentedControl, Stack, Table, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation } from 'urql';

import { ConfirmAction, notifyWithUndo } from '../../components/ConfirmAction';
import { FilterChips, LoadMore } from '../../components/list/ListParts';
import { ListError } from '../../components/list/ListError';
import { type SortKey } from '../../components/list/sorting';
import { orderByWithCustom, useCustomColumns } from '../../components/list/useCustomColumns';
import { useCursorList } from '../../components/list/useCursorList';
import { useSearchTerm } from '../../components/list/useSearchTerm';
import { CustomFieldInputs, useCustomFieldForm } from '../../components/record/CustomFieldInputs';
import { InlineField } from '../../components/record/InlineField';
import { useMember } from '../../auth/session';
import { FormError, outcome } from '../access/common';
import type { SalesDealsQuery } from '../../gql/tenant/graphql';
import i18n from '../../i18n';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { moneyText } from '../../components/record/money';
import { CreateDealDocument, DealsDocument, DeleteDealDocument, RestoreDealDocument, UpdateDealDocument } from './operations';
import { useEntryState } from '../../components/list/entryState';
import { listExportUrl } from '../../components/list/exportUrl';
import { SortHeader } from '../../components/list/SortHeader';

// The export's columns: those the table shows (the server adds the name column and the custom fields).
const EXPORT_COLUMNS = ['amount', 'currency', 'stage', 'probability', 'expectedCloseDate', 'company', 'owner', 'nextStep'];

type Status = 'ALL' | 'OPEN' | 'WON' | 'LOST';
const CATEGORIES = ['COMMIT', 'BEST_CASE', 'PIPELINE', 'OMITTED'] as const;
type Category = (typeof CATEGORIES)[number];
const SORTABLE = ['title', 'amount', 'probability', 'expectedCloseDate', 'createdAt'] as const;
type DealRow = SalesDealsQuery['deals']['edges'][number]['node'];

/** /sales/deals — every deal the member may read: search, status and forecast category filters, sorting, load more, export, edit in place, delete with undo. */
export function DealsPage() {
  const { t } = useTranslation('sales');
  const format = useFormat();
  const search = useSearchTerm();
  const [status, setStatus] = useEntryState<Status>('deals.status', 'ALL');
  const [category, setCategory] = useEntryState<Category | ''>('deals.category', '');
  const [sort, setSort] = useEntryState<SortKey[]>('deals.sort', []);
  const [deleting, setDeleting] = useState<DealRow | null>(null);
  // The workspace's custom fields of deals: columns, picklist filters and sortable headers by themselves.
  const custom = useCustomColumns('Deal', 'deals');
  const conditions = { ...(status === 'ALL' ? {} : { status: { eq: status } }), ...(category ? { forecastCategory: { eq: category } } : {}), ...custom.filter };
  const filter = Object.keys(conditions).length ? conditions : null;
  const variables = { filter, orderBy: sort.length ? orderByWithCustom(sort) : null, search: search.term || null, withCustomFields: custom.wanted };
  const query = DealsDocument as Parameters<typeof useCursorList<SalesDealsQuery, DealRow>>[0]['query'];
  const list = useCursorList<SalesDealsQuery, DealRow>({ query, variables, pick: (d) => d.deals });
  useLiveRecords(['Deal'], list.reload);
  const [, update] = useMutation(UpdateDealDocument);
  const [, remove] = useMutation(DeleteDealDocument);
  const [, restore] = useMutation(RestoreDealDocument);

  const save = async (id: string, input: Record<string, unknown>) => {
    const result = await update({ input: { id, ...input } });
    return result.error?.message ?? result.data?.updateDeal.errors[0]?.message ?? null;
  };
  const header = (field: (typeof SORTABLE)[number]) => (
    <SortHeader field={field} text={t(`fields.${field}`)} sort={sort} onSort={setSort} label={t('list.sortBy', { name: t(`fields.${field}`) })} />
  );
  const exportUrl = (fileFormat: 'csv' | 'xlsx') => listExportUrl('deals', fileFormat, variables, { columns: EXPORT_COLUMNS, language: i18n.language });
  const chips = [
    ...(status !== 'ALL' ? [{ id: 'status', label: `${t('fields.status')}: ${t(`status.${status}`)}`, onRemove: () => setStatus('ALL') }] : []),
    ...(category ? [{ id: 'forecastCategory', label: `${t('fields.forecastCategory')}: ${t(`forecastCategory.${category}`)}`, onRemove: () => setCategory('') }] : []),
    ...custom.chips,
    ...(search.term ? [{ id: 'search', label: `${t('list.search')}: ${search.term}`, onRemove: () => search.setValue('') }] : []),
  ];

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('list.title')}
        </Title>
        <Group>
          <Anchor component={Link} to="/sales/board">
            {t('list.asBoard')}
          </Anchor>
          <Menu>
            <Menu.Target>
              <Button variant="default" size="xs">
                {t('list.export')}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item component="a" href={exportUrl('csv')}>
                CSV
              </Menu.Item>
              <Menu.Item component="a" href={exportUrl('xlsx')}>
                XLSX
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
      <NewDeal onCreated={list.reload} />
      <Group>
        <TextInput
          aria-label={t('list.search')}
          placeholder={t('list.search')}
          value={search.value}
          onChange={(e) => search.setValue(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Enter' && search.commit()}
        />
        <SegmentedControl
          aria-label={t('fields.status')}
          value={status}
          onChange={(v) => setStatus(v as Status)}
          data={(['ALL', 'OPEN', 'WON', 'LOST'] as const).map((s) => ({ value: s, label: t(`status.${s}`) }))}
        />
        <NativeSelect
          aria-label={t('fields.forecastCategory')}
          value={category}
          onChange={(e) => setCategory(e.currentTarget.value as Category | '')}
          data={[{ value: '', label: t('list.anyCategory') }, ...CATEGORIES.map((c) => ({ value: c, label: t(`forecastCategory.${c}`) }))]}
        />
        {custom.filters}
      </Group>
      <FilterChips chips={chips} onClear={() => (setStatus('ALL'), setCategory(''), search.setValue(''), custom.clear())} />
      <ListError error={list.error} onRetry={list.reload} />
      <Table.ScrollContainer minWidth={800}>
        <Table striped data-testid="deals-table">
          <Table.Thead>
            <Table.Tr>
              {header('title')}
              {header('amount')}
              <Table.Th>{t('fields.stage')}</Table.Th>
              {header('probability')}
              {header('expectedCloseDate')}
              <Table.Th>{t('fields.company')}</Table.Th>
              <Table.Th>{t('fields.owner')}</Table.Th>
              <Table.Th>{t('fields.nextStep')}</Table.Th>
              {custom.headers(sort, setSort)}
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.rows.map((deal) => (
              <Table.Tr key={deal.id} data-testid="deal-row">
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <InlineField compact label={t('fields.title')} value={deal.title} editor={{ kind: 'text' }} onSave={(v) => save(deal.id, { title: v })} />
                    <Anchor component={Link} to={`/sales/deals/${encodeURIComponent(deal.id)}`} size="xs" aria-label={t('list.open', { title: deal.title })}>
                      ↗
                    </Anchor>
                  </Group>
                </Table.Td>
                <Table.Td>{moneyText(format, deal.amount)}</Table.Td>
                <Table.Td>{deal.stage.name}</Table.Td>
                <Table.Td>{deal.probability}%</Table.Td>
                <Table.Td>{deal.expectedCloseDate ? format.date(deal.expectedCloseDate) : '—'}</Table.Td>
                <Table.Td>{deal.company?.name ?? '—'}</Table.Td>
                <Table.Td>{deal.owner?.fullName ?? '—'}</Table.Td>
                <Table.Td>
                  <InlineField compact label={t('fields.nextStep')} value={deal.nextStep} editor={{ kind: 'text' }} onSave={(v) => save(deal.id, { nextStep: v })} />
                </Table.Td>
                {custom.cells(deal.customFields)}
                <Table.Td>
                  <ActionIcon variant="subtle" color="red.8" aria-label={t('list.delete', { title: deal.title })} onClick={() => setDeleting(deal)}>
                    ✕
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <LoadMore shown={list.rows.length} total={list.totalCount} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onLoadMore={list.loadMore} />
      {deleting && (
        <ConfirmAction
          title={t('list.deleteTitle')}
          message={t('list.deleteMessage', { title: deleting.title })}
          confirmLabel={t('list.deleteConfirm')}
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            const id = deleting.id;
            const result = await remove({ input: { id } });
            list.reload();
            if (!result.error && !result.data?.deleteDeal.errors.length) {
              notifyWithUndo({
                message: t('list.deleted'),
                undo: async () => {
                  const back = await restore({ input: { id } });
                  list.reload();
                  return back.data?.restoreDeal.deal ? 1 : 0;
                },
              });
            }
          }}
        />
      )}
    </Stack>
  );
}

function NewDeal({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation('sales');
  const { tenant } = useMember();
  const [title, setTitle] = useState('');
  const [amount, setAmount] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [, create] = useMutation(CreateDealDocument);
  const custom = useCustomFieldForm('Deal');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!custom.ready(setErrors)) return;
    const result = await create({
      input: { title, amount: amount ? { amount, currency: tenant.currency || 'USD' } : null, customFields: custom.input() },
    });
    const found = outcome(result, (d) => d.createDeal, t);
    setErrors(found);
    if (!Object.keys(found).length) {
      setTitle('');
      setAmount('');
      custom.reset();
      onCreated();
    }
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="xs">
        <FormError errors={errors} />
        <Group align="flex-end">
          <TextInput label={t('new.title')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} error={errors.title} />
          <TextInput label={t('new.amount')} value={amount} onChange={(e) => setAmount(e.currentTarget.value)} error={errors.amount} inputMode="decimal" w={140} />
          <Button type="submit" disabled={!title.trim()}>
            {t('new.add')}
          </Button>
        </Group>
        <CustomFieldInputs form={custom} errors={errors} />
      </Stack>
    </form>
  );
}
