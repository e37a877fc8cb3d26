import { Badge, Button, CloseButton, Group, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { CombinedError } from 'urql';

import { ListError } from './ListError';

/** An active filter as a chip: what it says, and how to take it away. */
export interface FilterChip {
  id: string;
  /** e.g. "Stage: Active" */
  label: string;
  onRemove: () => void;
}

/** The filters in force, each removable; "Clear all" when there are several. */
export function FilterChips({ chips, onClear }: { chips: FilterChip[]; onClear?: () => void }) {
  const { t } = useTranslation();
  if (!chips.length) return null;
  return (
    <Group gap="xs" data-testid="filter-chips" aria-label={t('list.activeFilters')} role="group">
      {chips.map((chip) => (
        // Not Mantine's Pill: its remove button is hidden from the keyboard and screen readers.
        <Badge
          key={chip.id}
          size="lg"
          variant="outline"
          color="blue.8"
          tt="none"
          fw={500}
          data-testid={`chip-${chip.id}`}
          rightSection={<CloseButton size="xs" c="blue.9" onClick={chip.onRemove} aria-label={t('list.removeFilter', { name: chip.label })} />}
        >
          {chip.label}
        </Badge>
      ))}
      {onClear && chips.length > 1 && (
        <Button size="compact-xs" variant="subtle" c="blue.9" onClick={onClear}>
          {t('list.clearFilters')}
        </Button>
      )}
    </Group>
  );
}

/**
 * Under a list: how many rows of how many are shown, and the next page — on "Load more" or
 * as soon as the end of the list scrolls into view.
 */
export function LoadMore({
  shown,
  total,
  hasMore,
  loading,
  error,
  onLoadMore,
}: {
  shown: number;
  total: number | undefined;
  hasMore: boolean;
  loading: boolean;
  error?: CombinedError | Error | null;
  onLoadMore: () => void;
}) {
  const { t } = useTranslation();
  const sentinel = useRef<HTMLDivElement>(null);
  const load = useRef(onLoadMore);
  load.current = onLoadMore;
  useEffect(() => {
    const node = sentinel.current;
    if (!node || !hasMore || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) load.current();
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [hasMore, shown]);
  if (!shown) return null;
  return (
    <Group justify="space-between" data-testid="load-more">
      <Text size="sm" c="dimmed" aria-live="polite">
        {t('list.showing', { shown, total: total ?? shown })}
      </Text>
      <ListError error={error} />
      {hasMore && (
        <div ref={sentinel}>
          <Button variant="default" size="xs" loading={loading} onClick={onLoadMore}>
            {t('list.loadMore')}
          </Button>
        </div>
      )}
    </Group>
  );
}
