import { Button, Checkbox, Group, Text } from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { notifyWithUndo } from '../ConfirmAction';

/** Bulk mutations take at most this many ids; a larger selection goes in several requests. */
export const BULK_CHUNK = 500;

/**
 * A list's selection for bulk actions: rows ticked one by one, the page at once, or "all N matching"
 * (then `targetIds` reads every matching id, past the loaded rows). A new filter, search or order
 * (`listKey`) is a new list: the selection was of the old one and is cleared.
 */
export function useBulkSelection({ rows, totalCount, listKey, allIds }: { rows: readonly { id: string }[]; totalCount: number | undefined; listKey: string; allIds: () => Promise<string[]> }) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  useEffect(() => {
    setSelected(new Set());
    setAllMatching(false);
  }, [listKey]);
  const pageSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const clear = () => {
    setSelected(new Set());
    setAllMatching(false);
  };
  return {
    count: allMatching ? (totalCount ?? selected.size) : selected.size,
    allMatching,
    pageSelected,
    /** "Select all N matching" is offered once the whole page is ticked and more rows match. */
    canSelectAllMatching: pageSelected && !allMatching && totalCount !== undefined && totalCount > rows.length,
    totalCount,
    isSelected: (id: string) => allMatching || selected.has(id),
    toggle: (id: string) => {
      const next = new Set(allMatching ? rows.map((r) => r.id) : selected);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      setAllMatching(false);
      setSelected(next);
    },
    togglePage: () => (pageSelected || allMatching ? clear() : setSelected(new Set(rows.map((r) => r.id)))),
    partlySelected: selected.size > 0 && !pageSelected && !allMatching,
    selectAllMatching: () => setAllMatching(true),
    clear,
    targetIds: async () => (allMatching ? allIds() : [...selected]),
  };
}

export type BulkSelection = ReturnType<typeof useBulkSelection>;

/** Run a bulk mutation over `ids` in chunks of `BULK_CHUNK`; the results in order. */
export async function inChunks<T>(ids: string[], run: (chunk: string[]) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < ids.length; i += BULK_CHUNK) results.push(await run(ids.slice(i, i + BULK_CHUNK)));
  return results;
}

/**
 * A bulk action on the selection (tag, transfer…): `run` each chunk of its ids (answering the errors it was
 * refused with, by field), reported through `onErrors`; the selection is cleared when nothing was refused
 * and kept otherwise; `reload` after. Resolves to the ids acted on, or null when something was refused.
 */
export async function applyToSelection({
  selection,
  run,
  onErrors,
  reload,
}: {
  selection: BulkSelection;
  run: (ids: string[]) => Promise<Record<string, string>>;
  onErrors: (errors: Record<string, string>) => void;
  reload: () => void;
}): Promise<string[] | null> {
  const ids = await selection.targetIds();
  const errors: Record<string, string> = Object.assign({}, ...(await inChunks(ids, run)));
  onErrors(errors);
  reload();
  if (Object.keys(errors).length) return null;
  selection.clear();
  return ids;
}

/**
 * The bulk delete of a list, with undo: `remove` each chunk of the selection (answering the errors it was
 * refused with, by field), then a notice whose "Undo" runs `restore` on every chunk (answering how many came
 * back). Errors: reported through `onErrors` and the selection stays; `reload` after each step.
 */
export async function deleteSelection({
  selection,
  remove,
  restore,
  message,
  onErrors,
  reload,
}: {
  selection: BulkSelection;
  remove: (ids: string[]) => Promise<Record<string, string>>;
  restore: (ids: string[]) => Promise<number>;
  message: (count: number) => string;
  onErrors: (errors: Record<string, string>) => void;
  reload: () => void;
}) {
  const ids = await applyToSelection({ selection, run: remove, onErrors, reload });
  if (!ids) return;
  notifyWithUndo({
    message: message(ids.length),
    undo: async () => {
      const restored = (await inChunks(ids, restore)).reduce((n, count) => n + count, 0);
      reload();
      return restored;
    },
  });
}

/** The header cell's checkbox: tick (or untick) every row shown. */
export function SelectPage({ selection, label }: { selection: BulkSelection; label: string }) {
  return <Checkbox aria-label={label} checked={selection.pageSelected || selection.allMatching} indeterminate={selection.partlySelected} onChange={selection.togglePage} />;
}

/** A row's checkbox. */
export function SelectRow({ selection, id, label }: { selection: BulkSelection; id: string; label: string }) {
  return <Checkbox aria-label={label} checked={selection.isSelected(id)} onChange={() => selection.toggle(id)} />;
}

/** Above the list while something is selected: how many, the module's actions, "select all N matching", clear. */
export function BulkActions({ selection, selectedLabel, children }: { selection: BulkSelection; selectedLabel: string; children?: ReactNode }) {
  const { t } = useTranslation();
  if (selection.count === 0) return null;
  return (
    <Group gap="xs" data-testid="bulk-actions">
      <Text size="sm" fw={600}>
        {selectedLabel}
      </Text>
      {children}
      {selection.canSelectAllMatching && (
        <Button size="xs" variant="subtle" c="blue.9" onClick={selection.selectAllMatching}>
          {t('list.selectAllMatching', { count: selection.totalCount })}
        </Button>
      )}
      {selection.allMatching && (
        <Text size="sm" data-testid="all-matching">
          {t('list.allMatchingSelected', { count: selection.count })}
        </Text>
      )}
      <Button size="xs" variant="subtle" c="gray.8" onClick={selection.clear}>
        {t('list.clearSelection')}
      </Button>
    </Group>
  );
}
