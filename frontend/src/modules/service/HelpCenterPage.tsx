import { Alert, Anchor, Container, Group, Loader, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';

import { Markdown } from '../../components/Markdown';
import { useFormat } from '../../locale';
import { LanguageSwitch } from '../../shell/LanguageSwitch';
import { HelpCenterArticleDocument, HelpCenterArticlesDocument } from './operations';

/** Articles grouped by category (blank: "General"), categories in alphabetical order, General last. */
export function byCategory<T extends { category: string }>(articles: readonly T[]): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const a of articles) groups.set(a.category, [...(groups.get(a.category) ?? []), a]);
  return [...groups.entries()].sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
}

function HelpLayout({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation('service');
  return (
    <Container size="md" py="lg">
      <Group justify="space-between" mb="md" component="header">
        <Anchor component={Link} to="/help" fw={800} size="xl" c="blue.8" underline="never">
          {t('help.title')}
        </Anchor>
        <LanguageSwitch />
      </Group>
      <main>{children}</main>
    </Container>
  );
}

/** /help — the workspace's public help page: its published articles, searchable, no sign-in. */
export function HelpCenterPage() {
  const { t } = useTranslation('service');
  const [value, setValue] = useState('');
  const [term, setTerm] = useState('');
  useEffect(() => {
    const timer = window.setTimeout(() => setTerm(value.trim()), 300);
    return () => window.clearTimeout(timer);
  }, [value]);
  const [{ data, fetching, error }] = useQuery({ query: HelpCenterArticlesDocument, variables: { search: term || null } });
  const articles = data?.helpCenterArticles ?? [];
  return (
    <HelpLayout>
      <Stack>
        <Title order={1} size="h2">
          {t('help.heading')}
        </Title>
        <TextInput type="search" label={t('help.search')} value={value} onChange={(e) => setValue(e.currentTarget.value)} maw={480} />
        {error && (
          <Alert color="red" role="alert">
            {t('help.failed')}
          </Alert>
        )}
        {fetching && !data && <Loader size="sm" role="status" aria-label="…" />}
        {data && !articles.length && <Text size="sm">{t('help.empty')}</Text>}
        <div data-testid="help-articles">
          {byCategory(articles).map(([category, items]) => (
            <Paper key={category || '-'} withBorder p="md" mb="md" component="section" aria-label={category || t('help.general')}>
              <Title order={2} size="h4" mb="xs">
                {category || t('help.general')}
              </Title>
              <Stack gap={4}>
                {items.map((a) => (
                  <Anchor key={a.slug} component={Link} to={`/help/${encodeURIComponent(a.slug)}`}>
                    {a.title}
                  </Anchor>
                ))}
              </Stack>
            </Paper>
          ))}
        </div>
      </Stack>
    </HelpLayout>
  );
}

/** /help/:slug — one published article, read-only; a draft or unknown address says so. */
export function HelpArticlePage() {
  const { t } = useTranslation('service');
  const format = useFormat();
  const slug = decodeURIComponent(useParams().slug ?? '');
  const [{ data, fetching, error }] = useQuery({ query: HelpCenterArticleDocument, variables: { slug } });
  const article = data?.helpCenterArticle;
  return (
    <HelpLayout>
      <Stack>
        <Anchor component={Link} to="/help" size="sm">
          {t('help.back')}
        </Anchor>
        {fetching && !data && <Loader size="sm" role="status" aria-label="…" />}
        {error && (
          <Alert color="red" role="alert">
            {t('help.failed')}
          </Alert>
        )}
        {data && !article && (
          <>
            <Title order={1} size="h2">
              {t('help.notFoundTitle')}
            </Title>
            <Text size="sm">{t('help.notFound')}</Text>
          </>
        )}
        {article && (
          <article>
            <Title order={1} size="h2" data-testid="help-article-title">
              {article.title}
            </Title>
            <Text size="xs" c="gray.8" mb="md">
              {[article.category, article.publishedAt ? t('help.published', { date: format.date(article.publishedAt) }) : null].filter(Boolean).join(' · ')}
            </Text>
            <Markdown source={article.body} headingLevel={2} />
          </article>
        )}
      </Stack>
    </HelpLayout>
  );
}
