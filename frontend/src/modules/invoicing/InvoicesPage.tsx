import { Anchor, Button, Checkbox, Group, Modal, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { ListHeader } from '../../components/list/ListHeader';
import { CustomFieldInputs, useCustomFieldForm } from '../../components/record/CustomFieldInputs';
import { FilterChips, LoadMore } from '../../components/list/ListParts';
import { ListError } from '../../components/list/ListError';
import { type SortKey } from '../../components/list/sorting';
import { orderByWithCustom, useCustomColumns } from '../../components/list/useCustomColumns';
import { useCursorList } from '../../components/list/useCursorList';
import { useRowNavigation } from '../../components/list/useRowNavigation';
import { useSearchTerm } from '../../components/list/useSearchTerm';
import { useFieldAccess } from '../../components/record/fieldAccess';
import type { InvoicesQuery } from '../../gql/tenant/graphql';

type InvoiceRow = InvoicesQuery['invoices']['edges'][number]['node'];
import i18n from '../../i18n';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { FormError, outcome } from '../access/common';
import { moneyText } from '../../components/record/money';
import { CreateInvoiceDocument, InvoiceCustomersDocument, InvoicesDocument } from './operations';
import { useEntryState } from '../../components/list/entryState';
import { listExportUrl } from '../../components/list/exportUrl';
import { SortHeader } from '../../components/list/SortHeader';
import { StatusBadge as ToneBadge } from '../../components/StatusBadge';

const SORTABLE = ['number', 'status', 'issueDate', 'dueDate', 'total', 'createdAt'] as const;
const STATUSES = ['DRAFT', 'ISSUED', 'PARTIALLY_PAID', 'PAID', 'VOID'] as const;
/** Every column of the export, the balance due included (the server leaves out the ones the role may not see). */
const EXPORT_COLUMNS = 'company,status,issueDate,dueDate,currency,total,amountPaid,balance,owner,createdAt';

export const invoicePath = (id: string) => `/invoices/${encodeURIComponent(id)}`;

interface Filters {
  status: string | null;
  overdue: boolean;
  company: string | null;
}

/** The API's filter for the chosen chips. */
export function filterOf(filters: Filters): Record<string, unknown> | null {
  const filter: Record<string, unknown> = {};
  if (filters.status) filter.status = { eq: filters.status };
  if (filters.overdue) filter.overdue = true;
  if (filters.company) filter.company = { eq: filters.company };
  return Object.keys(filter).length ? filter : null;
}

/** A status badge; overdue (derived from the due date) shows beside it. */
export function StatusBadge({ status, overdue }: { status: string; overdue: boolean }) {
  const { t } = useTranslation('invoicing');
  return (
    <Group gap={4} wrap="nowrap">
      <ToneBadge tone={status === 'PAID' ? 'positive' : status === 'VOID' ? 'neutral' : 'info'} tt="none" data-testid="invoice-status">
        {t(`status.${status}`)}
      </ToneBadge>
      {overdue && (
        <ToneBadge tone="negative" tt="none" data-testid="invoice-overdue">
          {t('list.overdue')}
        </ToneBadge>
      )}
    </Group>
  );
}

/**
 * /invoices — every invoice the member may read: search, chips for status / overdue / customer,
 * header sorting, every row through "load more", export of the whole list; live.
 */
export function InvoicesPage() {
  const { t } = useTranslation('invoicing');
  const format = useFormat();
  const navigate = useNavigate();
  const access = useFieldAccess('CustomerInvoice');
  const search = useSearchTerm();
  const [params, setParams] = useSearchParams();
  const [filters, setFilters] = useEntryState<Filters>('invoices.filters', { status: null, overdue: params.get('overdue') === '1', company: params.get('company') });
  const [sort, setSort] = useEntryState<SortKey[]>('invoices.sort', []);
  const [{ data: customers }] = useQuery({ query: InvoiceCustomersDocument });
  const companies = (customers?.companies.edges ?? []).map(({ node }) => ({ value: node.id, label: node.name }));

  // The workspace's custom fields of invoices: columns, picklist filters and sortable headers by themselves.
  const custom = useCustomColumns('CustomerInvoice', 'invoices');
  const filter = { ...filterOf(filters), ...custom.filter };
  const variables = { filter, orderBy: sort.length ? orderByWithCustom(sort) : null, search: search.term || null, withCustomFields: custom.wanted };
  const query = InvoicesDocument as Parameters<typeof useCursorList<InvoicesQuery, InvoiceRow>>[0]['query'];
  const list = useCursorList<InvoicesQuery, InvoiceRow>({ query, variables, pick: (d) => d.invoices as never });
  useLiveRecords(['CustomerInvoice'], list.reload);
  const rows = list.rows;
  const nav = useRowNavigation(rows.length, (i) => navigate(invoicePath(rows[i].id)));

  const companyName = (id: string) => companies.find((c) => c.value === id)?.label ?? id;
  const chips = [
    ...(filters.status ? [{ id: 'status', label: `${t('fields.status')}: ${t(`status.${filters.status}`)}`, onRemove: () => setFilters({ ...filters, status: null }) }] : []),
    ...(filters.overdue ? [{ id: 'overdue', label: t('list.overdueOnly'), onRemove: () => setFilters({ ...filters, overdue: false }) }] : []),
    ...(filters.company ? [{ id: 'company', label: `${t('fields.company')}: ${companyName(filters.company)}`, onRemove: () => setFilters({ ...filters, company: null }) }] : []),
    ...custom.chips,
    ...(search.term ? [{ id: 'search', label: `${t('list.search')}: ${search.term}`, onRemove: () => search.setValue('') }] : []),
  ];
  const clearAll = () => {
    custom.clear();
    setFilters({ status: null, overdue: false, company: null });
    search.setValue('');
  };

  const header = (field: (typeof SORTABLE)[number]) => (
    <SortHeader field={field} text={t(`fields.${field}`)} sort={sort} onSort={setSort} label={t('list.sortBy', { name: t(`fields.${field}`) })} />
  );
  const exportUrl = (fileFormat: 'csv' | 'xlsx') => listExportUrl('invoices', fileFormat, variables, { columns: EXPORT_COLUMNS, language: i18n.language });

  return (
    <Stack>
      <ListHeader title={t('list.title')} newLabel={t('new.title')} onNew={() => setParams({ new: '1' })} exportUrl={access.canExport ? exportUrl : undefined} />
      <Group align="flex-end" wrap="wrap">
        <TextInput label={t('list.search')} value={search.value} onChange={(e) => search.setValue(e.currentTarget.value)} onKeyDown={(e) => e.key === 'Enter' && search.commit()} type="search" />
        <NativeSelect
          label={t('fields.status')}
          value={filters.status ?? ''}
          onChange={(e) => setFilters({ ...filters, status: e.currentTarget.value || null })}
          data={[{ value: '', label: t('list.any') }, ...STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))]}
        />
        <NativeSelect
          label={t('fields.company')}
          value={filters.company ?? ''}
          onChange={(e) => setFilters({ ...filters, company: e.currentTarget.value || null })}
          data={[{ value: '', label: t('list.any') }, ...companies]}
        />
        <Checkbox label={t('list.overdueOnly')} checked={filters.overdue} onChange={(e) => setFilters({ ...filters, overdue: e.currentTarget.checked })} mb={8} />
        {custom.filters}
      </Group>
      <FilterChips chips={chips} onClear={clearAll} />
      <ListError error={list.error} onRetry={list.reload} />
      <Text size="sm" aria-live="polite" data-testid="record-count">
        {list.loaded ? t('list.count', { count: list.totalCount ?? rows.length }) : ''}
      </Text>
      {list.loaded && rows.length === 0 && <Text size="sm">{t('list.empty')}</Text>}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={900}>
          <Table striped data-testid="invoices-table" {...nav.tableProps}>
            <Table.Thead>
              <Table.Tr>
                {header('number')}
                <Table.Th>{t('fields.company')}</Table.Th>
                {header('status')}
                {header('issueDate')}
                {header('dueDate')}
                {header('total')}
                <Table.Th>{t('fields.balance')}</Table.Th>
                <Table.Th>{t('fields.owner')}</Table.Th>
                {custom.headers(sort, setSort)}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((invoice, i) => (
                <Table.Tr key={invoice.id} data-testid="invoice-row" {...nav.rowProps(i)}>
                  <Table.Td>
                    <Anchor component={Link} to={invoicePath(invoice.id)} size="sm" fw={600}>
                      {invoice.number ? invoice.displayNumber : t('status.DRAFT')}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{invoice.company.name}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={invoice.status} overdue={invoice.isOverdue} />
                  </Table.Td>
                  <Table.Td>{invoice.issueDate ? format.date(invoice.issueDate) : '—'}</Table.Td>
                  <Table.Td>{invoice.dueDate ? format.date(invoice.dueDate) : '—'}</Table.Td>
                  <Table.Td>{moneyText(format, invoice.total)}</Table.Td>
                  <Table.Td data-testid="invoice-balance">{moneyText(format, invoice.balance)}</Table.Td>
                  <Table.Td>{invoice.owner?.fullName ?? '—'}</Table.Td>
                  {custom.cells(invoice.customFields)}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore shown={rows.length} total={list.totalCount} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onLoadMore={list.loadMore} />
      {params.get('new') && (
        <NewInvoice
          companies={companies}
          onClose={() => {
            const next = new URLSearchParams(params);
            next.delete('new');
            setParams(next);
          }}
          onCreated={(id) => navigate(invoicePath(id))}
        />
      )}
    </Stack>
  );
}

/** The "new invoice" dialog (also from the command menu, through `?new=1`): a draft for a customer. */
function NewInvoice({ companies, onClose, onCreated }: { companies: { value: string; label: string }[]; onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation('invoicing');
  const [company, setCompany] = useState('');
  const [currency, setCurrency] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [, create] = useMutation(CreateInvoiceDocument);
  const custom = useCustomFieldForm('CustomerInvoice');
  const submit = async () => {
    if (!custom.ready(setErrors)) return;
    setBusy(true);
    const result = await create({ input: { companyId: company, currency: currency.trim() || null, customFields: custom.input() } });
    setBusy(false);
    const found = outcome(result, (d) => d.createInvoice, t);
    setErrors(found);
    const id = result.data?.createInvoice.invoice?.id;
    if (!Object.keys(found).length && id) onCreated(id);
  };
  return (
    <Modal opened onClose={onClose} title={t('new.title')} closeButtonProps={{ 'aria-label': t('new.cancel') }}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <NativeSelect label={t('new.company')} required value={company} error={errors.companyId} onChange={(e) => setCompany(e.currentTarget.value)} data={[{ value: '', label: '—' }, ...companies]} />
          <TextInput label={t('new.currency')} value={currency} error={errors.currency} placeholder="USD" maxLength={3} onChange={(e) => setCurrency(e.currentTarget.value)} />
          <CustomFieldInputs form={custom} errors={errors} />
          <FormError errors={errors} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('new.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={!company}>
              {t('new.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
