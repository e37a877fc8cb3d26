import { Anchor, Badge, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useClient } from 'urql';

import { registry } from '..';
import { SearchBox } from '../../shell/SearchBox';
import type { SearchResult } from '../types';

/** Results of the global search: every module's provider, asked in parallel. */
export function SearchPage() {
  const { t } = useTranslation();
  const client = useClient();
  const [params] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const [results, setResults] = useState<SearchResult[] | null>(null);

  useEffect(() => {
    if (!q || registry.search.length === 0) {
      setResults([]);
      return;
    }
    let cancelled = false;
    setResults(null);
    Promise.allSettled(registry.search.map((p) => p.search(q, client))).then((settled) => {
      if (!cancelled) setResults(settled.flatMap((s) => (s.status === 'fulfilled' ? s.value : [])));
    });
    return () => {
      cancelled = true;
    };
  }, [q, client]);

  return (
    <Stack>
      <Title order={1} size="h2">
        {q ? t('search.title', { q }) : t('search.label')}
      </Title>
      <div style={{ maxWidth: 480 }}>
        <SearchBox key={q} autoFocus={!q} />
      </div>
      {!q ? (
        <Text>{t('search.prompt')}</Text>
      ) : registry.search.length === 0 ? (
        <Text>{t('search.noProviders')}</Text>
      ) : results === null ? (
        <Loader role="status" aria-label="Loading" />
      ) : results.length === 0 ? (
        <Text>{t('search.empty', { q })}</Text>
      ) : (
        <Stack component="ul" gap="xs" p={0} style={{ listStyle: 'none' }}>
          {results.map((r) => (
            <li key={`${r.kind}:${r.id}`}>
              <Group gap="xs">
                <Badge variant="light">{t(r.kind)}</Badge>
                <Anchor component={Link} to={r.to}>
                  {r.title}
                </Anchor>
                {r.subtitle && <Text size="sm">{r.subtitle}</Text>}
              </Group>
            </li>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
