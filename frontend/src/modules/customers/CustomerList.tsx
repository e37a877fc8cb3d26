import {
  Anchor,
  Button,
  Group,
  Menu,
  Modal,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useClient, useMutation } from 'urql';

import { AppliesTo, ConfirmAction, notifyWithUndo } from '../../components/ConfirmAction';
import { applyToSelection, BulkActions, deleteSelection, inChunks, SelectPage, SelectRow, useBulkSelection } from '../../components/list/BulkSelection';
import { useEntryState } from '../../components/list/entryState';
import { ListError } from '../../components/list/ListError';
import { listExportUrl } from '../../components/list/exportUrl';
import { customFiltersFrom, customKeyOf, exportColumns } from '../../components/list/customColumns';
import { orderByWithCustom, useCustomColumns } from '../../components/list/useCustomColumns';
import { FilterChips, LoadMore, type FilterChip } from '../../components/list/ListParts';
import { nextSort, sortFrom, type SortKey } from '../../components/list/sorting';
import { allMatchingIds, useCursorList, type Connection } from '../../components/list/useCursorList';
import { useRowNavigation } from '../../components/list/useRowNavigation';
import { useSearchTerm } from '../../components/list/useSearchTerm';
import { isCustomField, type CustomFieldValue } from '../../components/record/customFields';
import { useFieldAccess } from '../../components/record/fieldAccess';
import { InlineField, type Editor } from '../../components/record/InlineField';
import { SortableColumns, SortableHeader, SortButton } from '../../components/SortableColumns';
import { TagList } from '../../components/TagList';
import { failed } from '../../graphql/client';
import type { CompanyRowFragment, ContactRowFragment, LifecycleStage } from '../../gql/tenant/graphql';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { danger, FormError, outcome, toast } from '../access/common';
import { useCustomerUpdate } from './editing';
import { NewCompanyButton, NewContactButton } from './forms';
import {
  ClaimCompanyDocument,
  ClaimContactDocument,
  CompaniesDocument,
  ContactsDocument,
  CreateSavedViewDocument,
  CreateTagDocument,
  DeleteCompaniesDocument,
  DeleteContactsDocument,
  RestoreCompaniesDocument,
  RestoreCompanyDocument,
  RestoreContactDocument,
  RestoreContactsDocument,
  TagCompaniesDocument,
  TagContactsDocument,
  TransferDocument,
} from './operations';
import { useCustomerOptions } from './options';

export type Kind = 'company' | 'contact';
export type Mode = 'active' | 'pool' | 'deleted';
type Row = CompanyRowFragment | ContactRowFragment;

const STAGES: LifecycleStage[] = ['PROSPECT', 'ACTIVE', 'DORMANT', 'LOST'];
const COLUMNS: Record<Kind, { all: string[]; initial: string[] }> = {
  company: {
    all: ['industry', 'lifecycleStage', 'owner', 'tags', 'region', 'phone', 'website', 'lastInteractionAt', 'createdAt'],
    initial: ['industry', 'lifecycleStage', 'owner', 'tags', 'createdAt'],
  },
  contact: {
    all: ['company', 'title', 'emails', 'phones', 'owner', 'tags', 'lastInteractionAt', 'createdAt'],
    initial: ['company', 'title', 'emails', 'owner', 'tags'],
  },
};
/** Columns the API can sort by, and the `orderBy` field each one sorts on. */
const SORTABLE: Record<Kind, Record<string, string>> = {
  company: { name: 'name', lifecycleStage: 'lifecycleStage', lastInteractionAt: 'lastInteractionAt', createdAt: 'createdAt' },
  contact: { fullName: 'lastName', lastInteractionAt: 'lastInteractionAt', createdAt: 'createdAt' },
};
/** Columns edited in place in the list (the rest on the record page). */
const EDITABLE: Record<Kind, string[]> = { company: ['industry', 'lifecycleStage', 'phone', 'website', 'owner'], contact: ['title', 'owner'] };

/** What the filter controls hold; saved views store it as the API's `filter:` object. */
interface Filters {
  stage: string | null;
  /** A user's node id, or MINE: whoever looks (stored as `mine: true`, so a shared view follows its viewer). */
  owner: string | null;
  tag: string | null;
  /** Created on or after / on or before this day (YYYY-MM-DD, the browser's day). */
  createdFrom?: string;
  createdTo?: string;
}

export const MINE = 'mine';
const NO_FILTERS: Filters = { stage: null, owner: null, tag: null };

const dayStart = (day: string) => new Date(`${day}T00:00:00`).toISOString();
const dayEnd = (day: string) => new Date(`${day}T23:59:59.999`).toISOString();
const dayOf = (iso: string) => {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

export function filterOf(kind: Kind, f: Filters): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (kind === 'company' && f.stage) filter.lifecycleStage = { eq: f.stage };
  if (f.owner === MINE) filter.mine = true;
  else if (f.owner) filter.owner = { eq: f.owner };
  if (f.tag) filter.tags = { eq: f.tag };
  if (f.createdFrom || f.createdTo)
    filter.createdAt = { ...(f.createdFrom ? { gte: dayStart(f.createdFrom) } : {}), ...(f.createdTo ? { lte: dayEnd(f.createdTo) } : {}) };
  return filter;
}

export function filtersFrom(filter: unknown): Filters {
  const f = (filter ?? {}) as Record<string, { eq?: string; gte?: string; lte?: string } | boolean | undefined>;
  const eq = (key: string) => (typeof f[key] === 'object' ? ((f[key] as { eq?: string }).eq ?? null) : null);
  const created = typeof f.createdAt === 'object' ? f.createdAt : undefined;
  return {
    stage: eq('lifecycleStage'),
    owner: f.mine === true ? MINE : eq('owner'),
    tag: eq('tags'),
    createdFrom: created?.gte ? dayOf(created.gte) : undefined,
    createdTo: created?.lte ? dayOf(created.lte) : undefined,
  };
}

const pathOf = (kind: Kind, id: string) => `/customers/${kind === 'company' ? 'companies' : 'contacts'}/${encodeURIComponent(id)}`;
const nameOf = (row: Row) => ('name' in row ? row.name : row.fullName);

type ListData = Record<string, Connection<Row> | undefined>;

/**
 * Companies or contacts: search (as you type, or Enter), filters as chips, header sorting (shift
 * adds keys), saved views, column choice, every row through "load more", cells edited in place,
 * bulk actions on the selection or on all matching records, delete with undo, CSV; live.
 */
export function CustomerList({ kind, mode = 'active' }: { kind: Kind; mode?: Mode }) {
  const { t, i18n } = useTranslation('customers');
  const format = useFormat();
  const client = useClient();
  const options = useCustomerOptions(kind === 'company' ? 'COMPANY' : 'CONTACT');
  const access = useFieldAccess(kind === 'company' ? 'Company' : 'Contact');
  const { update } = useCustomerUpdate(kind);
  const search = useSearchTerm(300, `${kind}-${mode}.search`);
  // What the list shows comes back with the Back button (kept per history entry).
  const [filters, setFilters] = useEntryState<Filters>(`${kind}-${mode}.filters`, NO_FILTERS);
  const [sort, setSort] = useEntryState<SortKey[]>(`${kind}-${mode}.sort`, []);
  // The workspace's custom fields (the kit's): columns, header sorting, picklist filters with chips.
  const custom = useCustomColumns(kind === 'company' ? 'Company' : 'Contact', `${kind}-${mode}`);
  // null: the default columns, custom fields included as they are defined; a choice or a view fixes them.
  const [chosenColumns, setColumns] = useEntryState<string[] | null>(`${kind}-${mode}.columns`, null);
  const columns = chosenColumns ?? [...COLUMNS[kind].initial, ...custom.columnIds];
  const [viewId, setViewId] = useEntryState<string | null>(`${kind}-${mode}.view`, null);
  const [dialog, setDialog] = useState<'transfer' | 'tag' | 'view' | 'delete' | 'pool' | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const orderBy = sort.flatMap((k): Record<string, unknown>[] =>
    SORTABLE[kind][k.field] ? [{ [SORTABLE[kind][k.field]]: k.desc ? 'DESC' : 'ASC' }] : custom.sortable(k.field) ? orderByWithCustom([k]) : [],
  );
  const listFilter = { ...filterOf(kind, filters), ...custom.filter };
  const variables = {
    withCustomFields: custom.wanted,
    filter: listFilter,
    search: search.term || null,
    orderBy: orderBy.length ? orderBy : null,
    active: mode === 'active',
    pool: mode === 'pool',
    deleted: mode === 'deleted',
  };
  const pick = (data: unknown) => {
    const d = data as ListData;
    const key = kind === 'company' ? 'Companies' : 'Contacts';
    return mode === 'pool' ? d[`pool${key}`] : mode === 'deleted' ? d[`deleted${key}`] : d[key.toLowerCase()];
  };
  const query = (kind === 'company' ? CompaniesDocument : ContactsDocument) as Parameters<typeof useCursorList<unknown, Row>>[0]['query'];
  const list = useCursorList<unknown, Row>({ query, variables, pick });
  const { rows } = list;
  const reload = () => void list.reload();
  // Ticked rows, the page, or "all N matching" (every record the filter finds, loaded or not); a new
  // filter, search or order is a new list and clears it.
  const selection = useBulkSelection({ rows, totalCount: list.totalCount, listKey: JSON.stringify(variables), allIds: () => allMatchingIds(client, query, variables, pick as never) });
  const navigate = useNavigate();
  // j/k or the arrows through the rows, Enter opens one (deleted records have no page).
  const rowNav = useRowNavigation(rows.length, (index) => {
    if (mode !== 'deleted' && rows[index]) navigate(pathOf(kind, rows[index].id));
  });
  // `?new=1` (the command menu's "New company"/"New contact") opens the create dialog once.
  const [params, setParams] = useSearchParams();
  const [newRequest, setNewRequest] = useState(0);
  const wantsNew = mode === 'active' && params.get('new') === '1';
  useEffect(() => {
    if (!wantsNew) return;
    setNewRequest((n) => n + 1);
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.delete('new');
        return next;
      },
      { replace: true },
    );
  }, [wantsNew, setParams]);
  // Someone else's change to these records: fetch the list again (bursts coalesced).
  const live = useLiveRecords([kind === 'company' ? 'Company' : 'Contact'], reload);

  const [, transfer] = useMutation(TransferDocument);
  const [, tagContacts] = useMutation(TagContactsDocument);
  const [, tagCompanies] = useMutation(TagCompaniesDocument);
  const [, createTag] = useMutation(CreateTagDocument);
  const [, deleteContacts] = useMutation(DeleteContactsDocument);
  const [, deleteCompanies] = useMutation(DeleteCompaniesDocument);
  const [, restoreCompanies] = useMutation(RestoreCompaniesDocument);
  const [, restoreContacts] = useMutation(RestoreContactsDocument);
  const [, claimCompany] = useMutation(ClaimCompanyDocument);
  const [, claimContact] = useMutation(ClaimContactDocument);
  const [, restoreCompany] = useMutation(RestoreCompanyDocument);
  const [, restoreContact] = useMutation(RestoreContactDocument);

  /** A bulk action over the selection in chunks: errors shown and the selection kept, or the dialog closed. */
  const bulk = async (run: (ids: string[]) => Promise<Record<string, string>>) => {
    const ids = await applyToSelection({ selection, run, onErrors: setErrors, reload });
    if (ids) setDialog(null);
    return ids;
  };
  const onDelete = () =>
    deleteSelection({
      selection,
      remove: async (chunk) =>
        kind === 'contact'
          ? outcome(await deleteContacts({ input: { contactIds: chunk } }), (d) => d.deleteContacts, t)
          : outcome(await deleteCompanies({ input: { companyIds: chunk } }), (d) => d.deleteCompanies, t),
      restore: async (chunk) => {
        const result =
          kind === 'company' ? (await restoreCompanies({ input: { companyIds: chunk } })).data?.restoreCompanies : (await restoreContacts({ input: { contactIds: chunk } })).data?.restoreContacts;
        return result && !result.errors.length ? result.restoredIds.length : 0;
      },
      message: (count) => t(kind === 'company' ? 'list.deletedCompaniesNotice' : 'list.deletedContactsNotice', { count }),
      onErrors: setErrors,
      reload,
    });
  /** Back to the public pool (owner none); undo gives each record its owner again (those whose owner the list showed). */
  const onReturnToPool = async () => {
    const ownerOf = new Map(rows.map((r) => [r.id, (r as { owner?: { id: string } | null }).owner?.id ?? null]));
    const send = (ownerId: string | null, chunk: string[]) => transfer({ input: kind === 'company' ? { ownerId, companyIds: chunk } : { ownerId, contactIds: chunk } });
    const ids = await bulk(async (chunk) => outcome(await send(null, chunk), (d) => d.transferCustomers, t));
    if (!ids) return;
    const byOwner = new Map<string, string[]>();
    for (const id of ids) {
      const owner = ownerOf.get(id);
      if (owner) byOwner.set(owner, [...(byOwner.get(owner) ?? []), id]);
    }
    notifyWithUndo({
      message: t('pool.returned', { count: ids.length }),
      undo: async () => {
        let back = 0;
        for (const [owner, owned] of byOwner)
          for (const count of await inChunks(owned, async (chunk) => {
            const result = await send(owner, chunk);
            return result.error || result.data?.transferCustomers.errors.length ? 0 : chunk.length;
          }))
            back += count;
        reload();
        return back;
      },
    });
  };
  const onRowAction = async (row: Row) => {
    const input = { input: { id: row.id } };
    const found =
      mode === 'pool'
        ? kind === 'company'
          ? outcome(await claimCompany(input), (d) => d.claimCompany, t)
          : outcome(await claimContact(input), (d) => d.claimContact, t)
        : kind === 'company'
          ? outcome(await restoreCompany(input), (d) => d.restoreCompany, t)
          : outcome(await restoreContact(input), (d) => d.restoreContact, t);
    setErrors(found);
    reload();
  };
  const applyView = (id: string | null) => {
    setViewId(id);
    const view = options.views.find((v) => v.id === id);
    setFilters(view ? filtersFrom(view.filter) : NO_FILTERS);
    custom.apply(view ? customFiltersFrom(view.filter) : {});
    setColumns(view && view.columns.length ? view.columns : null);
    setSort(view ? sortFrom(view.ordering).flatMap((k) => {
      // Saved orderings name API fields; the headers name columns.
      const column = Object.entries(SORTABLE[kind]).find(([, field]) => field === k.field)?.[0];
      // A custom column's key is already its column (`customFields.<key>`).
      return column ? [{ ...k, field: column }] : isCustomField(k.field) ? [k] : [];
    }) : []);
  };
  // A new filter is a new list: the selection (of the old one) is cleared by itself.
  const setFilter = (next: Partial<Filters>) => setFilters({ ...filters, ...next });

  const ownerLabel = (id: string | null) => (id === MINE ? t('list.mine') : (options.owners.find((o) => o.value === id)?.label ?? ''));
  const chips: FilterChip[] = [
    ...(filters.stage ? [{ id: 'stage', label: `${t('list.stage')}: ${t(`stage.${filters.stage}`)}`, onRemove: () => setFilter({ stage: null }) }] : []),
    ...(filters.owner ? [{ id: 'owner', label: `${t('list.owner')}: ${ownerLabel(filters.owner)}`, onRemove: () => setFilter({ owner: null }) }] : []),
    ...(filters.tag
      ? [{ id: 'tag', label: `${t('list.tag')}: ${options.tags.find((o) => o.value === filters.tag)?.label ?? ''}`, onRemove: () => setFilter({ tag: null }) }]
      : []),
    ...(filters.createdFrom || filters.createdTo
      ? [
          {
            id: 'createdAt',
            label: `${t('column.createdAt')}: ${filters.createdFrom ? format.date(dayStart(filters.createdFrom)) : '…'} – ${filters.createdTo ? format.date(dayStart(filters.createdTo)) : '…'}`,
            onRemove: () => setFilter({ createdFrom: undefined, createdTo: undefined }),
          },
        ]
      : []),
    ...custom.chips,
  ];

  const editorOf = (column: string): Editor =>
    column === 'lifecycleStage'
      ? { kind: 'select', options: STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) })) }
      : column === 'owner'
        ? { kind: 'select', options: options.owners, clearable: true }
        : { kind: 'text' };
  const editable = (column: string) => mode === 'active' && EDITABLE[kind].includes(column) && !access.readOnly(column);
  const valueOf = (row: Row, column: string): string => {
    if (column === 'owner') return row.owner?.id ?? '';
    return String((row as Record<string, unknown>)[column] ?? '');
  };

  const cell = (row: Row, column: string): { node: ReactNode; text: string } => {
    const r = row as Record<string, unknown> & Row;
    switch (column) {
      case 'owner':
        return { node: row.owner?.fullName ?? '—', text: row.owner?.fullName ?? '' };
      case 'tags': {
        const names = row.tags.map((tag) => tag.name);
        return {
          node: <TagList names={names} />,
          text: names.join('; '),
        };
      }
      case 'lifecycleStage': {
        const stage = String(r.lifecycleStage ?? '');
        return { node: stage ? t(`stage.${stage}`) : '—', text: stage };
      }
      case 'company': {
        const company = (row as ContactRowFragment).company;
        return {
          node: company ? (
            <Anchor component={Link} to={pathOf('company', company.id)} size="sm">
              {company.name}
            </Anchor>
          ) : (
            '—'
          ),
          text: company?.name ?? '',
        };
      }
      case 'emails':
      case 'phones': {
        const values = (r[column] as string[] | undefined) ?? [];
        return { node: values.join(', ') || '—', text: values.join('; ') };
      }
      case 'createdAt':
      case 'lastInteractionAt':
      case 'deletedAt': {
        const at = r[column] as string | null | undefined;
        return { node: at ? format.date(at) : '—', text: at ?? '' };
      }
      default: {
        const value = String(r[column] ?? '');
        return { node: value || '—', text: value };
      }
    }
  };
  const cellNode = (row: Row, column: string): ReactNode => {
    if (customKeyOf(column) !== null) return custom.cell(column, (row as { customFields?: CustomFieldValue[] }).customFields);
    const shown = cell(row, column);
    if (!editable(column)) return shown.node;
    return (
      <InlineField
        compact
        label={`${t(`column.${column}`)} — ${nameOf(row)}`}
        value={valueOf(row, column)}
        display={shown.node}
        editor={editorOf(column)}
        onSave={async (value) => {
          const refused = await update(row.id, column, value);
          if (!refused) reload();
          return refused;
        }}
      />
    );
  };

  /** The whole list from the server (every matching row, as filtered and sorted, the columns shown). */
  const exportUrl = (fileFormat: 'csv' | 'xlsx') =>
    listExportUrl(kind === 'company' ? 'companies' : 'contacts', fileFormat, variables, { ...exportColumns(shownColumns), mode, language: i18n.language });

  const title =
    mode === 'pool'
      ? t(kind === 'company' ? 'list.poolCompanies' : 'list.poolContacts')
      : mode === 'deleted'
        ? t(kind === 'company' ? 'list.deletedCompanies' : 'list.deletedContacts')
        : t(kind === 'company' ? 'list.companies' : 'list.contacts');
  // A custom field deleted since a view was saved drops out of its columns.
  const liveColumns = columns.filter((c) => customKeyOf(c) === null || custom.label(c) !== undefined);
  const shownColumns = mode === 'deleted' ? [...liveColumns.filter((c) => c !== 'createdAt'), 'deletedAt'] : liveColumns;
  const columnLabel = (c: string) => custom.label(c) ?? t(`column.${c}`);
  const nameColumn = kind === 'company' ? 'name' : 'fullName';
  const headerSort = (column: string) => {
    if (!SORTABLE[kind][column] && !custom.sortable(column)) return undefined;
    const at = sort.findIndex((k) => k.field === column);
    return {
      direction: at < 0 ? null : sort[at].desc ? ('descending' as const) : ('ascending' as const),
      position: sort.length > 1 && at >= 0 ? at + 1 : undefined,
      onSort: (additive: boolean) => setSort(nextSort(sort, column, additive)),
      label: t('common:list.sortBy', { name: columnLabel(column) }),
    };
  };
  const nameSort = headerSort(nameColumn);
  const totalCount = list.totalCount;
  const selectedCount = selection.count;

  return (
    <Stack data-testid={`${kind}-list-${mode}`}>
      <Group justify="space-between" wrap="wrap">
        <Title order={mode === 'active' ? 1 : 2} size={mode === 'active' ? 'h2' : 'h3'}>
          {title}
        </Title>
        {mode === 'active' && (
          <Group gap="xs">
            <Button component={Link} to={`/imports?type=${kind === 'company' ? 'Company' : 'Contact'}`} variant="default">
              {t('list.import')}
            </Button>
            {kind === 'company' ? (
              <NewCompanyButton key={newRequest} initiallyOpen={newRequest > 0} onCreated={reload} />
            ) : (
              <NewContactButton key={newRequest} initiallyOpen={newRequest > 0} onCreated={reload} />
            )}
          </Group>
        )}
      </Group>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          search.commit();
        }}
      >
        <Group align="flex-end" wrap="wrap" gap="sm">
          <TextInput
            type="search"
            label={t('list.search')}
            placeholder={t('list.searchPlaceholder')}
            value={search.value}
            onChange={(e) => search.setValue(e.currentTarget.value)}
            w={220}
          />
          {kind === 'company' && (
            <Select
              label={t('list.stage')}
              placeholder={t('list.anyStage')}
              data={STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) }))}
              value={filters.stage}
              onChange={(stage) => setFilter({ stage })}
              clearable
              w={170}
            />
          )}
          {mode === 'active' && (
            <Select
              label={t('list.owner')}
              placeholder={t('list.anyOwner')}
              data={[{ value: MINE, label: t('list.mine') }, ...options.owners]}
              value={filters.owner}
              onChange={(owner) => setFilter({ owner })}
              clearable
              searchable
              w={180}
            />
          )}
          <Select
            label={t('list.tag')}
            placeholder={t('list.anyTag')}
            data={options.tags}
            value={filters.tag}
            onChange={(tag) => setFilter({ tag })}
            clearable
            searchable
            w={160}
          />
          <TextInput
            type="date"
            label={t('common:list.from', { name: t('column.createdAt') })}
            value={filters.createdFrom ?? ''}
            onChange={(e) => setFilter({ createdFrom: e.currentTarget.value || undefined })}
            w={160}
          />
          <TextInput
            type="date"
            label={t('common:list.to', { name: t('column.createdAt') })}
            value={filters.createdTo ?? ''}
            onChange={(e) => setFilter({ createdTo: e.currentTarget.value || undefined })}
            w={160}
          />
          {custom.filters}
          {mode === 'active' && (
            <Select
              label={t('list.view')}
              placeholder={t('list.noView')}
              data={options.views.map((v) => ({ value: v.id, label: v.name }))}
              value={viewId}
              onChange={applyView}
              clearable
              w={180}
            />
          )}
          {mode === 'active' && (
            <Button variant="default" onClick={() => setDialog('view')}>
              {t('list.saveView')}
            </Button>
          )}
          <Menu closeOnItemClick={false} position="bottom-end">
            <Menu.Target>
              <Button variant="default">{t('list.columns')}</Button>
            </Menu.Target>
            <Menu.Dropdown>
              {[...COLUMNS[kind].all, ...custom.columnIds].map((c) => (
                <Menu.Item
                  key={c}
                  leftSection={
                    <span aria-hidden="true" style={{ display: 'inline-block', width: 14 }}>
                      {columns.includes(c) ? '✓' : ''}
                    </span>
                  }
                  onClick={() => setColumns(columns.includes(c) ? columns.filter((x) => x !== c) : [...columns, c])}
                >
                  {columnLabel(c)}
                  {columns.includes(c) && <VisuallyHidden> ({t('list.shown')})</VisuallyHidden>}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
          {access.canExport &&
            (['csv', 'xlsx'] as const).map((fileFormat) =>
              rows.length ? (
                <Button key={fileFormat} component="a" href={exportUrl(fileFormat)} download variant="default">
                  {t(fileFormat === 'csv' ? 'list.export' : 'list.exportXlsx')}
                </Button>
              ) : (
                <Button key={fileFormat} variant="default" disabled>
                  {t(fileFormat === 'csv' ? 'list.export' : 'list.exportXlsx')}
                </Button>
              ),
            )}
        </Group>
      </form>
      <FilterChips
        chips={chips}
        onClear={() => {
          setFilter(NO_FILTERS);
          custom.clear();
        }}
      />
      <FormError errors={errors} />
      {mode === 'active' && (
        <BulkActions selection={selection} selectedLabel={t('list.selected', { count: selectedCount })}>
          <Button size="xs" variant="default" onClick={() => setDialog('tag')}>
            {t('list.addTag')}
          </Button>
          <Button size="xs" variant="default" onClick={() => setDialog('transfer')}>
            {t('list.transfer')}
          </Button>
          <Button size="xs" variant="default" onClick={() => setDialog('pool')} data-testid="bulk-return-to-pool">
            {t('pool.returnToPool')}
          </Button>
          {access.canDelete && (
            <Button size="xs" {...danger} onClick={() => setDialog('delete')}>
              {t('list.delete')}
            </Button>
          )}
        </BulkActions>
      )}
      {failed(list.error, list.loaded ? rows : null) && <ListError error={list.error} onRetry={reload} />}
      <Group justify="space-between">
        <Text size="sm" aria-live="polite" data-testid="record-count">
          {list.loaded ? t('list.count', { count: totalCount ?? rows.length }) : list.fetching ? '…' : ''}
        </Text>
        {live && (
          <Text size="xs" c="dimmed">
            {t('list.live')}
          </Text>
        )}
      </Group>
      {list.loaded && rows.length === 0 && <Text size="sm">{t('list.empty')}</Text>}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="xs" highlightOnHover data-testid="records-table" {...rowNav.tableProps}>
            <Table.Thead>
              <Table.Tr>
                {mode === 'active' && (
                  <Table.Th w={40}>
                    <SelectPage selection={selection} label={t('list.selectAll')} />
                  </Table.Th>
                )}
                <Table.Th aria-sort={nameSort?.direction ?? undefined} data-column={nameColumn}>
                  {nameSort ? <SortButton text={t(`column.${nameColumn}`)} sort={nameSort} /> : t(`column.${nameColumn}`)}
                </Table.Th>
                <SortableColumns columns={shownColumns} labelOf={columnLabel} onReorder={(next) => setColumns(next.filter((c) => columns.includes(c)))}>
                  {shownColumns.map((c) => (
                    <SortableHeader key={c} id={c} label={columnLabel(c)} moveLabel={t('list.moveColumn', { name: columnLabel(c) })} sort={headerSort(c)} />
                  ))}
                </SortableColumns>
                {mode !== 'active' && (
                  <Table.Th>
                    <VisuallyHidden>{t('list.apply')}</VisuallyHidden>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row, index) => {
                const name = nameOf(row);
                return (
                  <Table.Tr key={row.id} data-row-id={row.id} {...rowNav.rowProps(index)}>
                    {mode === 'active' && (
                      <Table.Td>
                        <SelectRow selection={selection} id={row.id} label={t('list.select', { name })} />
                      </Table.Td>
                    )}
                    <Table.Td>
                      {mode === 'deleted' ? (
                        name
                      ) : (
                        <Anchor component={Link} to={pathOf(kind, row.id)} fw={600} size="sm">
                          {name}
                        </Anchor>
                      )}
                    </Table.Td>
                    {shownColumns.map((c) => (
                      <Table.Td key={c}>{cellNode(row, c)}</Table.Td>
                    ))}
                    {mode !== 'active' && (
                      <Table.Td>
                        <Button size="xs" variant="default" onClick={() => onRowAction(row)} aria-label={t(mode === 'pool' ? 'list.claimLabel' : 'list.restoreLabel', { name })}>
                          {t(mode === 'pool' ? 'list.claim' : 'list.restore')}
                        </Button>
                      </Table.Td>
                    )}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore shown={rows.length} total={totalCount} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onLoadMore={() => void list.loadMore()} />
      {dialog === 'delete' && (
        <ConfirmAction
          title={t(kind === 'company' ? 'list.deleteCompaniesTitle' : 'list.deleteContactsTitle', { count: selectedCount })}
          message={t('list.deleteMessage', { count: selectedCount })}
          confirmLabel={t('list.deleteConfirm', { count: selectedCount })}
          appliesTo={selection.allMatching ? selectedCount : undefined}
          onConfirm={onDelete}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'pool' && (
        <ConfirmAction
          title={t('pool.title', { count: selectedCount })}
          message={t('pool.message')}
          confirmLabel={t('pool.confirm')}
          appliesTo={selection.allMatching ? selectedCount : undefined}
          onConfirm={onReturnToPool}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'transfer' && (
        <PickDialog
          title={t('list.transfer')}
          label={t('list.transferTo')}
          appliesTo={selection.allMatching ? selectedCount : undefined}
          data={options.owners}
          onClose={() => setDialog(null)}
          onApply={async (ownerId) => {
            await bulk(async (chunk) => outcome(await transfer({ input: kind === 'company' ? { ownerId, companyIds: chunk } : { ownerId, contactIds: chunk } }), (d) => d.transferCustomers, t));
          }}
        />
      )}
      {dialog === 'tag' && (
        <PickDialog
          title={t('list.addTag')}
          label={t('list.tagWith')}
          appliesTo={selection.allMatching ? selectedCount : undefined}
          data={options.tags}
          allowNew={t('list.newTag')}
          onClose={() => setDialog(null)}
          onApply={async (tagId, newName) => {
            let id = tagId;
            if (!id && newName) {
              const created = await createTag({ input: { name: newName } });
              id = created.data?.createTag.tag?.id ?? null;
              if (!id) return setErrors(outcome(created, (d) => d.createTag, t));
              options.reload();
            }
            if (!id) return;
            const tag = id;
            await bulk(async (chunk) =>
              kind === 'company'
                ? outcome(await tagCompanies({ input: { companyIds: chunk, addTagIds: [tag] } }), (d) => d.tagCompanies, t)
                : outcome(await tagContacts({ input: { contactIds: chunk, addTagIds: [tag] } }), (d) => d.tagContacts, t),
            );
          }}
        />
      )}
      {dialog === 'view' && (
        <SaveViewDialog
          kind={kind}
          filter={listFilter}
          ordering={orderBy}
          columns={columns}
          onClose={(savedId) => {
            setDialog(null);
            if (savedId) {
              options.reload();
              setViewId(savedId);
            }
          }}
        />
      )}
    </Stack>
  );
}

function PickDialog({
  title,
  label,
  data,
  allowNew,
  appliesTo,
  onApply,
  onClose,
}: {
  title: string;
  label: string;
  data: { value: string; label: string }[];
  allowNew?: string;
  /** The count of a select-all-matching selection, said in the dialog. */
  appliesTo?: number;
  onApply: (value: string | null, newName?: string) => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation('customers');
  const [value, setValue] = useState<string | null>(null);
  const [newName, setNewName] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <Modal opened onClose={onClose} title={title} closeButtonProps={{ 'aria-label': t('list.cancel') }}>
      <Stack>
        <AppliesTo count={appliesTo} />
        <Select label={label} data={data} value={value} onChange={setValue} searchable data-autofocus />
        {allowNew && <TextInput label={allowNew} value={newName} onChange={(e) => setNewName(e.currentTarget.value)} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('list.cancel')}
          </Button>
          <Button
            loading={busy}
            disabled={!value && !newName.trim()}
            onClick={async () => {
              setBusy(true);
              await onApply(value, newName.trim() || undefined);
              setBusy(false);
            }}
          >
            {t('list.apply')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function SaveViewDialog({
  kind,
  filter,
  ordering,
  columns,
  onClose,
}: {
  kind: Kind;
  filter: Record<string, unknown>;
  ordering: Record<string, unknown>[];
  columns: string[];
  onClose: (savedId?: string) => void;
}) {
  const { t } = useTranslation('customers');
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [{ fetching }, save] = useMutation(CreateSavedViewDocument);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await save({ input: { name, recordType: kind === 'company' ? 'COMPANY' : 'CONTACT', filter, ordering, columns, shared } });
    const found = outcome(result, (d) => d.createSavedView, t);
    setErrors(found);
    const id = result.data?.createSavedView.savedView?.id;
    if (Object.keys(found).length || !id) return;
    toast({ message: t('list.viewSaved', { name }), color: 'green' });
    onClose(id);
  };
  return (
    <Modal opened onClose={() => onClose()} title={t('list.saveView')} closeButtonProps={{ 'aria-label': t('list.cancel') }}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError errors={errors} />
          <TextInput label={t('list.viewName')} required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} data-autofocus />
          <Switch label={t('list.shared')} checked={shared} onChange={(e) => setShared(e.currentTarget.checked)} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => onClose()}>
              {t('list.cancel')}
            </Button>
            <Button type="submit" loading={fetching}>
              {t('list.saveView')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

