import { Table } from '@mantine/core';

import { SortButton } from '../SortableColumns';
import { nextSort, type SortKey } from './sorting';

/**
 * A list's sortable column header: click sorts by the column (again: the other way, then unsorted),
 * shift-click adds it as a further key; `aria-sort` tells assistive technology how the list is sorted.
 */
export function SortHeader({
  field,
  text,
  sort,
  onSort,
  label,
}: {
  field: string;
  text: string;
  sort: readonly SortKey[];
  onSort: (next: SortKey[]) => void;
  /** The button's accessible name, e.g. "Sort by Total". */
  label: string;
}) {
  const at = sort.findIndex((k) => k.field === field);
  const direction = at < 0 ? null : sort[at].desc ? 'descending' : 'ascending';
  return (
    <Table.Th aria-sort={direction ?? undefined} data-column={field}>
      <SortButton
        text={text}
        sort={{ direction, position: sort.length > 1 && at >= 0 ? at + 1 : undefined, label, onSort: (additive) => onSort(nextSort(sort, field, additive)) }}
      />
    </Table.Th>
  );
}
