import {
  Anchor,
  Badge,
  Button,
  Checkbox,
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
import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { failed } from '../../graphql/client';
import type { CompanyRowFragment, ContactRowFragment, LifecycleStage } from '../../gql/tenant/graphql';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { danger, FormError, outcome, toast } from '../access/common';
import { NewCompanyButton, NewContactButton } from './forms';
import {
  ClaimCompanyDocument,
  ClaimContactDocument,
  CompaniesDocument,
  ContactsDocument,
  CreateSavedViewDocument,
  CreateTagDocument,
  DeleteCompanyDocument,
  DeleteContactsDocument,
  RestoreCompanyDocument,
  RestoreContactDocument,
  TagCompaniesDocument,
  TagContactsDocument,
  TransferDocument,
} from './operations';
import { SortableColumns, SortableHeader } from '../../components/SortableColumns';
import { download, toCsv, useCustomerOptions } from './options';

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

/** What the filter controls hold; saved views store it as the API's `filter:` object. */
interface Filters {
  stage: string | null;
  /** A user's node id, or MINE: whoever looks (stored as `mine: true`, so a shared view follows its viewer). */
  owner: string | null;
  tag: string | null;
}

export const MINE = 'mine';

export function filterOf(kind: Kind, f: Filters): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (kind === 'company' && f.stage) filter.lifecycleStage = { eq: f.stage };
  if (f.owner === MINE) filter.mine = true;
  else if (f.owner) filter.owner = { eq: f.owner };
  if (f.tag) filter.tags = { eq: f.tag };
  return filter;
}

export function filtersFrom(filter: unknown): Filters {
  const f = (filter ?? {}) as Record<string, { eq?: string } | boolean | undefined>;
  const eq = (key: string) => (typeof f[key] === 'object' ? (f[key] as { eq?: string }).eq ?? null : null);
  return { stage: eq('lifecycleStage'), owner: f.mine === true ? MINE : eq('owner'), tag: eq('tags') };
}

const pathOf = (kind: Kind, id: string) => `/customers/${kind === 'company' ? 'companies' : 'contacts'}/${encodeURIComponent(id)}`;
const nameOf = (row: Row) => ('name' in row ? row.name : row.fullName);

/** Companies or contacts: search, filters, saved views, column choice, bulk actions, CSV; live. */
export function CustomerList({ kind, mode = 'active' }: { kind: Kind; mode?: Mode }) {
  const { t } = useTranslation('customers');
  const format = useFormat();
  const options = useCustomerOptions(kind === 'company' ? 'COMPANY' : 'CONTACT');
  const [search, setSearch] = useState('');
  const [term, setTerm] = useState('');
  const [filters, setFilters] = useState<Filters>({ stage: null, owner: null, tag: null });
  const [columns, setColumns] = useState<string[]>(COLUMNS[kind].initial);
  const [viewId, setViewId] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [dialog, setDialog] = useState<'transfer' | 'tag' | 'view' | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const variables = {
    filter: filterOf(kind, filters),
    search: term || null,
    first: 100,
    active: mode === 'active',
    pool: mode === 'pool',
    deleted: mode === 'deleted',
  };
  const [{ data, fetching, error }, refetch] = useQuery(
    kind === 'company'
      ? { query: CompaniesDocument, variables: variables as never }
      : { query: ContactsDocument, variables: variables as never },
  );
  const reload = () => refetch({ requestPolicy: 'network-only' });
  // Someone else's change to these records: fetch the list again (bursts coalesced).
  const live = useLiveRecords([kind === 'company' ? 'Company' : 'Contact'], reload);

  const connection = (() => {
    const d = data as Record<string, { totalCount?: number | null; edges: { node: Row }[] } | undefined> | undefined;
    if (!d) return undefined;
    const key = kind === 'company' ? 'Companies' : 'Contacts';
    return mode === 'pool' ? d[`pool${key}`] : mode === 'deleted' ? d[`deleted${key}`] : d[key.toLowerCase()];
  })();
  const rows = useMemo(() => connection?.edges.map((e) => e.node) ?? [], [connection]);

  const [, transfer] = useMutation(TransferDocument);
  const [, tagContacts] = useMutation(TagContactsDocument);
  const [, tagCompanies] = useMutation(TagCompaniesDocument);
  const [, createTag] = useMutation(CreateTagDocument);
  const [, deleteContacts] = useMutation(DeleteContactsDocument);
  const [, deleteCompany] = useMutation(DeleteCompanyDocument);
  const [, claimCompany] = useMutation(ClaimCompanyDocument);
  const [, claimContact] = useMutation(ClaimContactDocument);
  const [, restoreCompany] = useMutation(RestoreCompanyDocument);
  const [, restoreContact] = useMutation(RestoreContactDocument);

  const done = (found: Record<string, string>) => {
    setErrors(found);
    if (!Object.keys(found).length) {
      setSelected(new Set());
      setDialog(null);
    }
    reload();
  };
  const ids = [...selected];

  const onDelete = async () => {
    if (kind === 'contact') return done(outcome(await deleteContacts({ input: { contactIds: ids } }), (d) => d.deleteContacts, t));
    const results = await Promise.all(ids.map((id) => deleteCompany({ input: { id } })));
    done(Object.assign({}, ...results.map((r) => outcome(r, (d) => d.deleteCompany, t))));
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
    done(found);
  };
  const applyView = (id: string | null) => {
    setViewId(id);
    const view = options.views.find((v) => v.id === id);
    setFilters(view ? filtersFrom(view.filter) : { stage: null, owner: null, tag: null });
    setColumns(view && view.columns.length ? view.columns : COLUMNS[kind].initial);
  };

  const cell = (row: Row, column: string): { node: ReactNode; text: string } => {
    const r = row as Record<string, unknown> & Row;
    switch (column) {
      case 'owner':
        return { node: row.owner?.fullName ?? '—', text: row.owner?.fullName ?? '' };
      case 'tags': {
        const names = row.tags.map((tag) => tag.name);
        return {
          node: (
            <Group gap={4}>
              {names.map((n) => (
                <Badge key={n} size="sm" variant="outline" color="blue.8">
                  {n}
                </Badge>
              ))}
            </Group>
          ),
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
        const list = (r[column] as string[] | undefined) ?? [];
        return { node: list.join(', ') || '—', text: list.join('; ') };
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

  const exportCsv = () => {
    const header = [t(`column.${kind === 'company' ? 'name' : 'fullName'}`), ...columns.map((c) => t(`column.${c}`))];
    const body = rows.map((row) => [nameOf(row), ...columns.map((c) => cell(row, c).text)]);
    download(`${kind === 'company' ? 'companies' : 'contacts'}.csv`, toCsv(header, body));
  };

  const title =
    mode === 'pool'
      ? t(kind === 'company' ? 'list.poolCompanies' : 'list.poolContacts')
      : mode === 'deleted'
        ? t(kind === 'company' ? 'list.deletedCompanies' : 'list.deletedContacts')
        : t(kind === 'company' ? 'list.companies' : 'list.contacts');
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const shownColumns = mode === 'deleted' ? [...columns.filter((c) => c !== 'createdAt'), 'deletedAt'] : columns;

  return (
    <Stack data-testid={`${kind}-list-${mode}`}>
      <Group justify="space-between" wrap="wrap">
        <Title order={mode === 'active' ? 1 : 2} size={mode === 'active' ? 'h2' : 'h3'}>
          {title}
        </Title>
        {mode === 'active' && (kind === 'company' ? <NewCompanyButton onCreated={reload} /> : <NewContactButton onCreated={reload} />)}
      </Group>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          setTerm(search.trim());
        }}
      >
        <Group align="flex-end" wrap="wrap" gap="sm">
          <TextInput
            type="search"
            label={t('list.search')}
            placeholder={t('list.searchPlaceholder')}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            onBlur={() => setTerm(search.trim())}
            w={220}
          />
          {kind === 'company' && (
            <Select
              label={t('list.stage')}
              placeholder={t('list.anyStage')}
              data={STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) }))}
              value={filters.stage}
              onChange={(stage) => setFilters({ ...filters, stage })}
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
              onChange={(owner) => setFilters({ ...filters, owner })}
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
            onChange={(tag) => setFilters({ ...filters, tag })}
            clearable
            searchable
            w={160}
          />
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
              {COLUMNS[kind].all.map((c) => (
                <Menu.Item
                  key={c}
                  leftSection={<span aria-hidden="true" style={{ display: 'inline-block', width: 14 }}>{columns.includes(c) ? '✓' : ''}</span>}
                  onClick={() => setColumns(columns.includes(c) ? columns.filter((x) => x !== c) : [...columns, c])}
                >
                  {t(`column.${c}`)}
                  {columns.includes(c) && <VisuallyHidden> ({t('list.shown')})</VisuallyHidden>}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
          <Button variant="default" onClick={exportCsv} disabled={!rows.length}>
            {t('list.export')}
          </Button>
        </Group>
      </form>
      <FormError errors={errors} />
      {selected.size > 0 && mode === 'active' && (
        <Group gap="xs" data-testid="bulk-actions">
          <Text size="sm" fw={600}>
            {t('list.selected', { count: selected.size })}
          </Text>
          <Button size="xs" variant="default" onClick={() => setDialog('tag')}>
            {t('list.addTag')}
          </Button>
          <Button size="xs" variant="default" onClick={() => setDialog('transfer')}>
            {t('list.transfer')}
          </Button>
          <Button size="xs" {...danger} onClick={onDelete}>
            {t('list.delete')}
          </Button>
        </Group>
      )}
      {failed(error, data) && <Text c="red.9">{error?.message}</Text>}
      <Group justify="space-between">
        <Text size="sm" aria-live="polite" data-testid="record-count">
          {connection ? t('list.count', { count: connection.totalCount ?? rows.length }) : fetching ? '…' : ''}
        </Text>
        {live && (
          <Text size="xs" c="dimmed">
            {t('list.live')}
          </Text>
        )}
      </Group>
      {connection && rows.length === 0 && <Text size="sm">{t('list.empty')}</Text>}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="xs" highlightOnHover data-testid="records-table">
            <Table.Thead>
              <Table.Tr>
                {mode === 'active' && (
                  <Table.Th w={40}>
                    <Checkbox
                      aria-label={t('list.selectAll')}
                      checked={allSelected}
                      indeterminate={selected.size > 0 && !allSelected}
                      onChange={() => setSelected(allSelected ? new Set() : new Set(rows.map((r) => r.id)))}
                    />
                  </Table.Th>
                )}
                <Table.Th>{t(`column.${kind === 'company' ? 'name' : 'fullName'}`)}</Table.Th>
                <SortableColumns columns={shownColumns} labelOf={(c) => t(`column.${c}`)} onReorder={(next) => setColumns(next.filter((c) => columns.includes(c)))}>
                  {shownColumns.map((c) => (
                    <SortableHeader key={c} id={c} label={t(`column.${c}`)} moveLabel={t('list.moveColumn', { name: t(`column.${c}`) })} />
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
              {rows.map((row) => {
                const name = nameOf(row);
                return (
                  <Table.Tr key={row.id}>
                    {mode === 'active' && (
                      <Table.Td>
                        <Checkbox
                          aria-label={t('list.select', { name })}
                          checked={selected.has(row.id)}
                          onChange={() => {
                            const next = new Set(selected);
                            if (next.has(row.id)) next.delete(row.id);
                            else next.add(row.id);
                            setSelected(next);
                          }}
                        />
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
                      <Table.Td key={c}>{cell(row, c).node}</Table.Td>
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
      {dialog === 'transfer' && (
        <PickDialog
          title={t('list.transfer')}
          label={t('list.transferTo')}
          data={options.owners}
          onClose={() => setDialog(null)}
          onApply={async (ownerId) => {
            const input = kind === 'company' ? { ownerId, companyIds: ids } : { ownerId, contactIds: ids };
            done(outcome(await transfer({ input }), (d) => d.transferCustomers, t));
          }}
        />
      )}
      {dialog === 'tag' && (
        <PickDialog
          title={t('list.addTag')}
          label={t('list.tagWith')}
          data={options.tags}
          allowNew={t('list.newTag')}
          onClose={() => setDialog(null)}
          onApply={async (tagId, newName) => {
            let id = tagId;
            if (!id && newName) {
              const created = await createTag({ input: { name: newName } });
              id = created.data?.createTag.tag?.id ?? null;
              if (!id) return done(outcome(created, (d) => d.createTag, t));
              options.reload();
            }
            if (!id) return;
            if (kind === 'company') {
              done(outcome(await tagCompanies({ input: { companyIds: ids, addTagIds: [id] } }), (d) => d.tagCompanies, t));
            } else {
              done(outcome(await tagContacts({ input: { contactIds: ids, addTagIds: [id] } }), (d) => d.tagContacts, t));
            }
          }}
        />
      )}
      {dialog === 'view' && (
        <SaveViewDialog
          kind={kind}
          filter={filterOf(kind, filters)}
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
  onApply,
  onClose,
}: {
  title: string;
  label: string;
  data: { value: string; label: string }[];
  allowNew?: string;
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
  columns,
  onClose,
}: {
  kind: Kind;
  filter: Record<string, unknown>;
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
    const result = await save({ input: { name, recordType: kind === 'company' ? 'COMPANY' : 'CONTACT', filter, columns, shared } });
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

