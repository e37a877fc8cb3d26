import { Anchor, Button, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMutation } from 'urql';

import { useEntryState } from '../../components/list/entryState';
import { CustomFieldInputs, customFieldErrors, useCustomFieldForm } from '../../components/record/CustomFieldInputs';
import { FilterChips, LoadMore, type FilterChip } from '../../components/list/ListParts';
import { ListError } from '../../components/list/ListError';
import { type SortKey } from '../../components/list/sorting';
import { orderByWithCustom, useCustomColumns } from '../../components/list/useCustomColumns';
import { useCursorList } from '../../components/list/useCursorList';
import { useRowNavigation } from '../../components/list/useRowNavigation';
import { useSearchTerm } from '../../components/list/useSearchTerm';
import { useFieldAccess } from '../../components/record/fieldAccess';
import type { ServiceArticlesQuery } from '../../gql/tenant/graphql';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { ArticlesDocument, CreateArticleDocument } from './operations';
import { refusal } from './parts';
import { SortHeader } from '../../components/list/SortHeader';
import { StatusBadge } from '../../components/StatusBadge';

type ArticleRow = ServiceArticlesQuery['articles']['edges'][number]['node'];

export const ARTICLE_STATUSES = ['DRAFT', 'PUBLISHED', 'ARCHIVED'] as const;
const SORTABLE = ['title', 'updatedAt', 'publishedAt'] as const;
type Sortable = (typeof SORTABLE)[number];

export interface ArticleFilters {
  status: string;
  category: string;
}

/** The API's `ArticleFilter` of the list's filters (null when none is set). */
export function articleFilter(f: ArticleFilters): Record<string, unknown> | null {
  const filter: Record<string, unknown> = {};
  if (f.status) filter.status = { eq: f.status };
  if (f.category.trim()) filter.category = { eq: f.category.trim() };
  return Object.keys(filter).length ? filter : null;
}

const NONE: ArticleFilters = { status: '', category: '' };

export function ArticleStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation('service');
  return (
    <StatusBadge tone={status === 'PUBLISHED' ? 'positive' : 'neutral'} variant={status === 'PUBLISHED' ? 'filled' : 'outline'} tt="none" data-testid="article-status">
      {t(`articleStatus.${status}`)}
    </StatusBadge>
  );
}

/** /service/articles — the knowledge base: full-text search, status / category chips, sorting, every row through "load more". */
export function ArticlesPage() {
  const { t } = useTranslation('service');
  const format = useFormat();
  const navigate = useNavigate();
  const search = useSearchTerm(300, 'articles.search');
  // What the list shows comes back with the Back button (kept per history entry).
  const [filters, setFilters] = useEntryState<ArticleFilters>('articles.filters', NONE);
  const [category, setCategory] = useEntryState('articles.category', '');
  const [sort, setSort] = useEntryState<SortKey[]>('articles.sort', []);
  // The workspace's custom fields of articles: columns, picklist filters and sortable headers by themselves.
  const custom = useCustomColumns('Article', 'articles');
  const filter = { ...articleFilter(filters), ...custom.filter };
  const variables = { filter, orderBy: sort.length ? orderByWithCustom(sort) : null, search: search.term || null, withCustomFields: custom.wanted };
  const query = ArticlesDocument as Parameters<typeof useCursorList<ServiceArticlesQuery, ArticleRow>>[0]['query'];
  const list = useCursorList<ServiceArticlesQuery, ArticleRow>({ query, variables, pick: (d) => d.articles });
  useLiveRecords(['Article'], () => list.reload());
  const open = (id: string) => navigate(`/service/articles/${encodeURIComponent(id)}`);
  const rows = useRowNavigation(list.rows.length, (i) => {
    const row = list.rows[i];
    if (row) open(row.id);
  });
  const set = (patch: Partial<ArticleFilters>) => setFilters((f) => ({ ...f, ...patch }));

  const header = (field: Sortable, text: string) => (
    <SortHeader field={field} text={text} sort={sort} onSort={setSort} label={t('queue.sortBy', { name: text })} />
  );
  const chips: FilterChip[] = [
    ...(filters.status ? [{ id: 'status', label: `${t('fields.status')}: ${t(`articleStatus.${filters.status}`)}`, onRemove: () => set({ status: '' }) }] : []),
    ...(filters.category ? [{ id: 'category', label: `${t('fields.category')}: ${filters.category}`, onRemove: () => (set({ category: '' }), setCategory('')) }] : []),
    ...custom.chips,
    ...(search.term ? [{ id: 'search', label: `${t('kb.search')}: ${search.term}`, onRemove: () => search.setValue('') }] : []),
  ];

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('kb.title')}
        </Title>
        <Anchor component={Link} to="/help" target="_blank">
          {t('kb.helpPage')}
        </Anchor>
      </Group>
      <NewArticle onCreated={open} />
      <Group align="flex-end">
        <TextInput
          aria-label={t('kb.search')}
          placeholder={t('kb.search')}
          value={search.value}
          onChange={(e) => search.setValue(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Enter' && search.commit()}
        />
        <NativeSelect
          label={t('fields.status')}
          value={filters.status}
          onChange={(e) => set({ status: e.currentTarget.value })}
          data={[{ value: '', label: t('kb.any') }, ...ARTICLE_STATUSES.map((s) => ({ value: s, label: t(`articleStatus.${s}`) }))]}
        />
        <TextInput
          label={t('fields.category')}
          description={t('kb.categoryHelp')}
          value={category}
          onChange={(e) => setCategory(e.currentTarget.value)}
          onBlur={() => set({ category })}
          onKeyDown={(e) => e.key === 'Enter' && set({ category })}
        />
        {custom.filters}
      </Group>
      <FilterChips chips={chips} onClear={() => (setFilters(NONE), setCategory(''), search.setValue(''), custom.clear())} />
      <ListError error={list.error} onRetry={list.reload} />
      <Table.ScrollContainer minWidth={700}>
        <Table striped data-testid="articles-table" {...rows.tableProps}>
          <Table.Thead>
            <Table.Tr>
              {header('title', t('fields.title'))}
              <Table.Th>{t('fields.category')}</Table.Th>
              <Table.Th>{t('fields.status')}</Table.Th>
              <Table.Th>{t('fields.version')}</Table.Th>
              <Table.Th>{t('fields.author')}</Table.Th>
              {header('publishedAt', t('fields.publishedAt'))}
              {header('updatedAt', t('fields.updatedAt'))}
              {custom.headers(sort, setSort)}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.rows.map((article, i) => (
              <Table.Tr key={article.id} data-testid="article-row" {...rows.rowProps(i)}>
                <Table.Td>
                  <Anchor component={Link} to={`/service/articles/${encodeURIComponent(article.id)}`} size="sm">
                    {article.title}
                  </Anchor>
                </Table.Td>
                <Table.Td>{article.category || '—'}</Table.Td>
                <Table.Td>
                  <ArticleStatusBadge status={article.status} />
                </Table.Td>
                <Table.Td>{article.version}</Table.Td>
                <Table.Td>{article.author?.fullName ?? '—'}</Table.Td>
                <Table.Td>{article.publishedAt ? format.dateTime(article.publishedAt) : '—'}</Table.Td>
                <Table.Td>{format.dateTime(article.updatedAt)}</Table.Td>
                {custom.cells(article.customFields)}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {list.loaded && !list.rows.length && (
        <Text size="sm" c="dimmed">
          {t('kb.empty')}
        </Text>
      )}
      <LoadMore shown={list.rows.length} total={list.totalCount} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onLoadMore={list.loadMore} />
    </Stack>
  );
}

function NewArticle({ onCreated }: { onCreated: (id: string) => void }) {
  const { t } = useTranslation('service');
  const access = useFieldAccess('Article');
  const [params] = useSearchParams();
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [, create] = useMutation(CreateArticleDocument);
  const custom = useCustomFieldForm('Article');
  const [customErrors, setCustomErrors] = useState<Record<string, string>>({});
  if (!access.canCreate) return null;
  const submit = async () => {
    if (!custom.ready(setCustomErrors)) return;
    const result = await create({ input: { title, customFields: custom.input() } });
    const refused = refusal(result, result.data?.createArticle.errors);
    const underFields = customFieldErrors(result.data?.createArticle.errors);
    setCustomErrors(underFields);
    setError(Object.keys(underFields).length ? null : refused);
    const id = result.data?.createArticle.article?.id;
    if (!refused && id) onCreated(id);
  };
  return (
    <Stack gap="xs">
      <Group align="flex-end" data-testid="new-article">
        <TextInput
          label={t('kb.new')}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Enter' && title.trim() && void submit()}
          error={error}
          autoFocus={params.get('new') === '1'}
          w={320}
        />
        <Button onClick={submit} disabled={!title.trim()}>
          {t('kb.add')}
        </Button>
      </Group>
      <CustomFieldInputs form={custom} errors={customErrors} />
    </Stack>
  );
}
