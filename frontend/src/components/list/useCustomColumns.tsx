import { Select, Table } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { SortButton } from '../SortableColumns';
import { useCustomFieldDefinitions, type CustomFieldDef, type CustomFieldValue } from '../record/customFields';
import { customCellText, customColumnId, customColumnIds, customDefOf, customFilter, customOrder } from './customColumns';
import { useEntryState } from './entryState';
import type { FilterChip } from './ListParts';
import { nextSort, type SortKey } from './sorting';

// Types the API sorts by (not multi picklists nor references) and those a chip filters by one value.
const SORTABLE = new Set(['TEXT', 'LONG_TEXT', 'EMAIL', 'PHONE', 'URL', 'PICKLIST', 'NUMBER', 'DECIMAL', 'MONEY', 'DATE', 'DATETIME', 'BOOLEAN']);
const PICKED = new Set(['PICKLIST', 'MULTI_PICKLIST']);

/** The `orderBy:` list of an ordering whose keys may be custom columns (`customFields.<key>`). */
export function orderByWithCustom(sort: readonly SortKey[]): Record<string, unknown>[] {
  return sort.map((k) => customOrder(k.field, k.desc) ?? { [k.field]: k.desc ? 'DESC' : 'ASC' });
}

export interface CustomColumns {
  defs: CustomFieldDef[];
  /** Ask the list for `customFields` (`@include(if: …)`): only when the type has some. */
  wanted: boolean;
  /** The `filter:` part of the chosen picklist values (merge it into the list's filter). */
  filter: Record<string, unknown>;
  /** One chip per chosen value (add them to the list's `FilterChips`). */
  chips: FilterChip[];
  clear: () => void;
  /** Choose the filters of a saved view (`customFiltersFrom(view.filter)`). */
  apply: (chosen: Record<string, string>) => void;
  /** The column ids of the fields (`customFields.<key>`), in form order: for a list's column chooser. */
  columnIds: string[];
  /** A custom column's label; undefined for a built-in column or a field deleted since. */
  label: (column: string) => string | undefined;
  /** Whether the API sorts by this custom column. */
  sortable: (column: string) => boolean;
  /** A row's cell of one custom column (for lists whose columns the member picks and orders). */
  cell: (column: string, values: readonly CustomFieldValue[] | null | undefined) => string;
  /** One picklist filter per picklist field, for the list's filter bar. */
  filters: ReactNode;
  /** The header cells, sortable where the API sorts by the field. */
  headers: (sort: SortKey[], setSort: (next: SortKey[]) => void) => ReactNode;
  /** A row's cells, in the headers' order. */
  cells: (values: readonly CustomFieldValue[] | null | undefined) => ReactNode;
}

/**
 * A list's custom-field columns, picklist filters with their chips and sortable headers, by themselves:
 * the page adds `headers` / `cells` to its table, `filters` to its filter bar, `filter` to its `filter:`,
 * sorts through `orderByWithCustom`, and asks for `customFields` when `wanted`. Exports already carry
 * every custom field of the type (the server adds them).
 */
export function useCustomColumns(recordType: string, name = recordType): CustomColumns {
  const { t } = useTranslation();
  const defs = useCustomFieldDefinitions(recordType);
  const [chosen, setChosen] = useEntryState<Record<string, string | null>>(`${name}.custom`, {});
  const set = (key: string, value: string | null) => setChosen((given) => ({ ...given, [key]: value }));
  const picked = defs.filter((d) => PICKED.has(d.type));
  const text = (d: CustomFieldDef, values: readonly CustomFieldValue[] | null | undefined) => customCellText(d, values, t('history.yes'), t('history.no')) || '—';
  return {
    defs,
    wanted: defs.length > 0,
    filter: customFilter(defs, chosen),
    chips: picked.filter((d) => chosen[d.key]).map((d) => ({ id: `custom-${d.key}`, label: `${d.label}: ${chosen[d.key]}`, onRemove: () => set(d.key, null) })),
    clear: () => setChosen({}),
    apply: (given) => setChosen(given),
    columnIds: customColumnIds(defs),
    label: (column) => customDefOf(defs, column)?.label,
    sortable: (column) => SORTABLE.has(customDefOf(defs, column)?.type ?? ''),
    cell: (column, values) => {
      const def = customDefOf(defs, column);
      return def ? text(def, values) : '—';
    },
    filters: picked.map((d) => (
      <Select key={d.key} label={d.label} placeholder={t('customFieldForm.anyValue')} data={d.choices} value={chosen[d.key] ?? null} onChange={(value) => set(d.key, value)} clearable w={160} />
    )),
    headers: (sort, setSort) =>
      defs.map((d) => {
        const column = customColumnId(d.key);
        if (!SORTABLE.has(d.type)) return <Table.Th key={column} data-column={column}>{d.label}</Table.Th>;
        const at = sort.findIndex((k) => k.field === column);
        const direction = at < 0 ? null : sort[at].desc ? ('descending' as const) : ('ascending' as const);
        return (
          <Table.Th key={column} data-column={column} aria-sort={direction ?? undefined}>
            <SortButton
              text={d.label}
              sort={{ direction, position: sort.length > 1 && at >= 0 ? at + 1 : undefined, label: t('list.sortBy', { name: d.label }), onSort: (additive) => setSort(nextSort(sort, column, additive)) }}
            />
          </Table.Th>
        );
      }),
    cells: (values) => defs.map((d) => <Table.Td key={d.key}>{text(d, values)}</Table.Td>),
  };
}

