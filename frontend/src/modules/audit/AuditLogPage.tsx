import { Alert, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';

import { isAdmin, useMember } from '../../auth/session';
import { FilterChips, LoadMore, type FilterChip } from '../../components/list/ListParts';
import { useCursorList } from '../../components/list/useCursorList';
import { camelCase, HistoryList, type HistoryEntry } from '../../components/record/HistoryList';
import { graphql } from '../../gql/tenant';
import type { AuditLogPageQuery } from '../../gql/tenant/graphql';
import { NotFoundPage } from '../platform/NotFoundPage';
import { en } from './translations';

const AuditLogDocument = graphql(`
  query AuditLogPage($filter: AuditLogFilter, $first: Int, $after: String) {
    workspaceAuditLog(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        ...NextPageParts
      }
      edges {
        node {
          id
          createdAt
          actorName
          action
          recordType
          recordId
          changes
        }
      }
    }
  }
`);

const AuditActorsDocument = graphql(`
  query AuditLogActors {
    users(first: 100) {
      edges {
        node {
          id
          userId
          email
          fullName
        }
      }
    }
  }
`);

const RECORD_TYPES = Object.keys(en.type);

/** A day in the member's calendar ("2026-12-05") as the instant it starts, for `createdAt` bounds. */
const startOf = (day: string, plusDays = 0) => {
  const date = new Date(`${day}T00:00:00`);
  date.setDate(date.getDate() + plusDays);
  return date.toISOString();
};

/** /audit-log — every write in the workspace, for owners and admins: filter by who, record type, dates. */
export function AuditLogPage() {
  const { me } = useMember();
  // The route exists for everyone (a typed URL), but only owners and admins get the page; the server refuses others.
  if (!isAdmin(me.role)) return <NotFoundPage />;
  return <AuditLog />;
}

function AuditLog() {
  const { t } = useTranslation('audit');
  const [actor, setActor] = useState<string | null>(null);
  const [recordType, setRecordType] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [{ data: people }] = useQuery({ query: AuditActorsDocument });
  const actors = (people?.users.edges ?? []).map((e) => ({ value: btoa(`User:${e.node.userId}`), label: e.node.fullName || e.node.email }));
  const filter = useMemo(() => {
    const f: Record<string, unknown> = {};
    if (actor) f.actorId = { eq: actor };
    if (recordType) f.recordType = { eq: recordType };
    if (from || to) f.createdAt = { ...(from ? { gte: startOf(from) } : {}), ...(to ? { lte: startOf(to, 1) } : {}) };
    return Object.keys(f).length ? f : null;
  }, [actor, recordType, from, to]);
  const list = useCursorList<AuditLogPageQuery, HistoryEntry>({
    query: AuditLogDocument as Parameters<typeof useCursorList<AuditLogPageQuery, HistoryEntry>>[0]['query'],
    variables: { filter },
    pick: (d) => d.workspaceAuditLog,
    pageSize: 50,
  });
  const typeLabel = (type: string) => t(`type.${type}`, { defaultValue: type });
  const chips: FilterChip[] = [
    ...(actor ? [{ id: 'actor', label: `${t('actor')}: ${actors.find((a) => a.value === actor)?.label ?? '…'}`, onRemove: () => setActor(null) }] : []),
    ...(recordType ? [{ id: 'type', label: `${t('recordType')}: ${typeLabel(recordType)}`, onRemove: () => setRecordType(null) }] : []),
    ...(from ? [{ id: 'from', label: `${t('from')}: ${from}`, onRemove: () => setFrom('') }] : []),
    ...(to ? [{ id: 'to', label: `${t('to')}: ${to}`, onRemove: () => setTo('') }] : []),
  ];
  // Field labels: a module's own where it has them (customers' fields), else the name made readable.
  const label = useCallback(
    (field: string) => {
      const name = camelCase(field);
      const fallback = name.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());
      return t([`customers:field.${name}`, `customers:column.${name}`, `customers:contact.${name}`, `customers:company.${name}`, `settings.${name}`], {
        ns: 'translation',
        defaultValue: fallback,
      });
    },
    [t],
  );
  const recordLink = useCallback((entry: HistoryEntry) => <Text size="sm" c="dimmed">{typeLabel(entry.recordType ?? '')}</Text>, [t]);
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('title')}
      </Title>
      <Paper withBorder p="md" radius="md">
        <Group align="end" wrap="wrap">
          <Select label={t('actor')} placeholder={t('anyone')} data={actors} value={actor} onChange={setActor} clearable searchable data-testid="audit-actor" />
          <Select
            label={t('recordType')}
            placeholder={t('anyType')}
            data={RECORD_TYPES.map((type) => ({ value: type, label: typeLabel(type) }))}
            value={recordType}
            onChange={setRecordType}
            clearable
            data-testid="audit-type"
          />
          <TextInput type="date" label={t('from')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} data-testid="audit-from" />
          <TextInput type="date" label={t('to')} value={to} onChange={(e) => setTo(e.currentTarget.value)} data-testid="audit-to" />
        </Group>
      </Paper>
      <FilterChips
        chips={chips}
        onClear={() => {
          setActor(null);
          setRecordType(null);
          setFrom('');
          setTo('');
        }}
      />
      {list.error && (
        <Alert color="red" role="alert">
          {list.error.message}
        </Alert>
      )}
      {list.loaded && (
        <Text size="sm" data-testid="audit-count">
          {t('count', { count: list.totalCount ?? 0 })}
        </Text>
      )}
      <Paper withBorder p="md" radius="md">
        {list.loaded && !list.rows.length ? (
          <Text size="sm">{t('empty')}</Text>
        ) : (
          <HistoryList items={list.rows} label={label} recordLink={recordLink} testId="audit-log" />
        )}
      </Paper>
      <LoadMore shown={list.rows.length} total={list.totalCount} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onLoadMore={list.loadMore} />
    </Stack>
  );
}
