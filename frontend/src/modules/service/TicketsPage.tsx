import { Anchor, Button, Checkbox, Group, Menu, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMutation } from 'urql';

import { FilterChips, LoadMore, type FilterChip } from '../../components/list/ListParts';
import { CustomFieldInputs, customFieldErrors, useCustomFieldForm } from '../../components/record/CustomFieldInputs';
import { ListError } from '../../components/list/ListError';
import { type SortKey } from '../../components/list/sorting';
import { orderByWithCustom, useCustomColumns } from '../../components/list/useCustomColumns';
import { useCursorList } from '../../components/list/useCursorList';
import { useRowNavigation } from '../../components/list/useRowNavigation';
import { useSearchTerm } from '../../components/list/useSearchTerm';
import { useFieldAccess } from '../../components/record/fieldAccess';
import type { ServiceTicketsQuery, TicketRowFragment } from '../../gql/tenant/graphql';
import i18n from '../../i18n';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { useDeskClock } from './clock';
import { CreateTicketDocument, TicketsDocument } from './operations';
import { PRIORITIES, PriorityBadge, refusal, SlaCell, STATUSES, StatusBadge, useMembers } from './parts';
import { useEntryState } from '../../components/list/entryState';
import { listExportUrl } from '../../components/list/exportUrl';
import { SortHeader } from '../../components/list/SortHeader';

// The export's columns: those the table shows (the server adds the name column and the custom fields).
const EXPORT_COLUMNS = ['status', 'priority', 'assignee', 'company', 'firstResponseDueAt', 'resolutionDueAt', 'createdAt'];

type TicketRow = ServiceTicketsQuery['tickets']['edges'][number]['node'];

const SORTABLE = ['subject', 'status', 'priority', 'firstResponseDueAt', 'resolutionDueAt', 'createdAt'] as const;
type Sortable = (typeof SORTABLE)[number];

export interface QueueFilters {
  status: string;
  priority: string;
  /** '' anyone, 'ME', 'UNASSIGNED' or a User id. */
  assignee: string;
  breached: boolean;
}

/** The API's `TicketFilter` of the queue's filters (null when none is set). */
export function ticketFilter(f: QueueFilters): Record<string, unknown> | null {
  const filter: Record<string, unknown> = {};
  if (f.status) filter.status = { eq: f.status };
  if (f.priority) filter.priority = { eq: f.priority };
  if (f.assignee === 'ME') filter.mine = true;
  else if (f.assignee === 'UNASSIGNED') filter.assignee = { isNull: true };
  else if (f.assignee) filter.assignee = { eq: f.assignee };
  if (f.breached) filter.breached = true;
  return Object.keys(filter).length ? filter : null;
}

const NONE: QueueFilters = { status: '', priority: '', assignee: '', breached: false };

/** /service/tickets — the queue: search, filters as chips, sorting, every row through "load more", SLA countdowns, live. */
export function TicketsPage() {
  const { t } = useTranslation('service');
  const format = useFormat();
  const navigate = useNavigate();
  const search = useSearchTerm();
  const members = useMembers();
  const access = useFieldAccess('Ticket');
  const [filters, setFilters] = useEntryState<QueueFilters>('tickets.filters', NONE);
  const [sort, setSort] = useEntryState<SortKey[]>('tickets.sort', []);
  // The workspace's custom fields of tickets: columns, picklist filters and sortable headers by themselves.
  const custom = useCustomColumns('Ticket', 'tickets');
  const filter = { ...ticketFilter(filters), ...custom.filter };
  const variables = { filter, orderBy: sort.length ? orderByWithCustom(sort) : null, search: search.term || null, withCustomFields: custom.wanted };
  const query = TicketsDocument as Parameters<typeof useCursorList<ServiceTicketsQuery, TicketRow>>[0]['query'];
  const list = useCursorList<ServiceTicketsQuery, TicketRow>({ query, variables, pick: (d) => d.tickets });
  const desk = useDeskClock();
  useLiveRecords(['Ticket'], () => (list.reload(), desk.refresh()));
  const rows = useRowNavigation(list.rows.length, (i) => {
    const row = list.rows[i];
    if (row) navigate(`/service/tickets/${encodeURIComponent(row.id)}`);
  });
  const set = (patch: Partial<QueueFilters>) => setFilters((f) => ({ ...f, ...patch }));

  const header = (field: Sortable, text: string) => (
    <SortHeader field={field} text={text} sort={sort} onSort={setSort} label={t('queue.sortBy', { name: text })} />
  );
  const exportUrl = (fileFormat: 'csv' | 'xlsx') => listExportUrl('tickets', fileFormat, variables, { columns: EXPORT_COLUMNS, language: i18n.language });
  const assigneeName = (value: string) =>
    value === 'ME' ? t('queue.me') : value === 'UNASSIGNED' ? t('queue.unassigned') : (members.find((m) => m.value === value)?.label ?? value);
  const chips: FilterChip[] = [
    ...(filters.status ? [{ id: 'status', label: `${t('fields.status')}: ${t(`status.${filters.status}`)}`, onRemove: () => set({ status: '' }) }] : []),
    ...(filters.priority ? [{ id: 'priority', label: `${t('fields.priority')}: ${t(`priority.${filters.priority}`)}`, onRemove: () => set({ priority: '' }) }] : []),
    ...(filters.assignee ? [{ id: 'assignee', label: `${t('fields.assignee')}: ${assigneeName(filters.assignee)}`, onRemove: () => set({ assignee: '' }) }] : []),
    ...(filters.breached ? [{ id: 'breached', label: t('sla.breached'), onRemove: () => set({ breached: false }) }] : []),
    ...custom.chips,
    ...(search.term ? [{ id: 'search', label: `${t('queue.search')}: ${search.term}`, onRemove: () => search.setValue('') }] : []),
  ];

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('queue.title')}
        </Title>
        {access.canExport && (
          <Menu>
            <Menu.Target>
              <Button variant="default" size="xs">
                {t('queue.export')}
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
        )}
      </Group>
      <NewTicket onCreated={list.reload} />
      <Group align="flex-end">
        <TextInput
          aria-label={t('queue.search')}
          placeholder={t('queue.search')}
          value={search.value}
          onChange={(e) => search.setValue(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Enter' && search.commit()}
        />
        <NativeSelect
          label={t('fields.status')}
          value={filters.status}
          onChange={(e) => set({ status: e.currentTarget.value })}
          data={[{ value: '', label: t('queue.any') }, ...STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))]}
        />
        <NativeSelect
          label={t('fields.priority')}
          value={filters.priority}
          onChange={(e) => set({ priority: e.currentTarget.value })}
          data={[{ value: '', label: t('queue.any') }, ...PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))]}
        />
        <NativeSelect
          label={t('fields.assignee')}
          value={filters.assignee}
          onChange={(e) => set({ assignee: e.currentTarget.value })}
          data={[
            { value: '', label: t('queue.anyone') },
            { value: 'ME', label: t('queue.me') },
            { value: 'UNASSIGNED', label: t('queue.unassigned') },
            ...members,
          ]}
        />
        <Checkbox label={t('queue.breachedOnly')} checked={filters.breached} onChange={(e) => set({ breached: e.currentTarget.checked })} mb={8} />
        {custom.filters}
      </Group>
      <FilterChips chips={chips} onClear={() => (setFilters(NONE), search.setValue(''), custom.clear())} />
      <ListError error={list.error} onRetry={list.reload} />
      <Table.ScrollContainer minWidth={900}>
        <Table striped data-testid="tickets-table" {...rows.tableProps}>
          <Table.Thead>
            <Table.Tr>
              {header('subject', t('fields.subject'))}
              {header('status', t('fields.status'))}
              {header('priority', t('fields.priority'))}
              <Table.Th>{t('fields.assignee')}</Table.Th>
              <Table.Th>{t('fields.company')}</Table.Th>
              {header('firstResponseDueAt', t('fields.firstResponseDueAt'))}
              {header('resolutionDueAt', t('fields.resolutionDueAt'))}
              <Table.Th>{t('queue.sla')}</Table.Th>
              {header('createdAt', t('fields.createdAt'))}
              {custom.headers(sort, setSort)}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.rows.map((ticket, i) => (
              <Table.Tr key={ticket.id} data-testid="ticket-row" {...rows.rowProps(i)}>
                <Table.Td>
                  <Anchor component={Link} to={`/service/tickets/${encodeURIComponent(ticket.id)}`} size="sm">
                    {ticket.subject}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={ticket.status} />
                </Table.Td>
                <Table.Td>
                  <PriorityBadge priority={ticket.priority} />
                </Table.Td>
                <Table.Td>{ticket.assignee ? ticket.assignee.fullName || ticket.assignee.email : t('queue.unassigned')}</Table.Td>
                <Table.Td>{ticket.company?.name ?? '—'}</Table.Td>
                <Table.Td>{ticket.firstResponseDueAt ? format.dateTime(ticket.firstResponseDueAt) : '—'}</Table.Td>
                <Table.Td>{ticket.resolutionDueAt ? format.dateTime(ticket.resolutionDueAt) : '—'}</Table.Td>
                <Table.Td>
                  <SlaCell ticket={ticket} offset={desk.offset} />
                </Table.Td>
                <Table.Td>{format.dateTime(ticket.createdAt)}</Table.Td>
                {custom.cells(ticket.customFields)}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {list.loaded && !list.rows.length && (
        <Text size="sm" c="dimmed">
          {t('queue.empty')}
        </Text>
      )}
      <LoadMore shown={list.rows.length} total={list.totalCount} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onLoadMore={list.loadMore} />
    </Stack>
  );
}

function NewTicket({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation('service');
  const [params] = useSearchParams();
  const [subject, setSubject] = useState('');
  const [priority, setPriority] = useState('NORMAL');
  const [error, setError] = useState<string | null>(null);
  const [, create] = useMutation(CreateTicketDocument);
  const custom = useCustomFieldForm('Ticket');
  const [customErrors, setCustomErrors] = useState<Record<string, string>>({});
  const submit = async () => {
    if (!custom.ready(setCustomErrors)) return;
    const result = await create({ input: { subject, priority: priority as TicketRowFragment['priority'], customFields: custom.input() } });
    const refused = refusal(result, result.data?.createTicket.errors);
    const underFields = customFieldErrors(result.data?.createTicket.errors);
    setCustomErrors(underFields);
    setError(Object.keys(underFields).length ? null : refused);
    if (!refused) {
      setSubject('');
      custom.reset();
      onCreated();
    }
  };
  return (
    <Stack gap="xs">
      <Group align="flex-end" data-testid="new-ticket">
        <TextInput
          label={t('new.subject')}
          value={subject}
          onChange={(e) => setSubject(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Enter' && subject.trim() && void submit()}
          error={error}
          autoFocus={params.get('new') === '1'}
          w={320}
        />
        <NativeSelect
          label={t('new.priority')}
          value={priority}
          onChange={(e) => setPriority(e.currentTarget.value)}
          data={PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))}
        />
        <Button onClick={submit} disabled={!subject.trim()}>
          {t('new.add')}
        </Button>
      </Group>
      <CustomFieldInputs form={custom} errors={customErrors} />
    </Stack>
  );
}
