import { CUSTOM_PREFIX, editorText, type CustomFieldDef, type CustomFieldValue } from '../record/customFields';

/**
 * A record type's custom fields as list columns (`customFields.<key>`): their header label, their
 * `orderBy:` entry, a cell's text, a picklist filter's `filter:` part and the export's parameters.
 * Any list of a type with custom fields uses these, whatever its module.
 */
export const customColumnId = (key: string) => `${CUSTOM_PREFIX}${key}`;
export const customKeyOf = (column: string) => (column.startsWith(CUSTOM_PREFIX) ? column.slice(CUSTOM_PREFIX.length) : null);

/** The column ids of the definitions, in form order. */
export const customColumnIds = (defs: CustomFieldDef[]) => defs.map((d) => customColumnId(d.key));

/** The definition behind a column (undefined for a built-in column or a field deleted since). */
export const customDefOf = (defs: CustomFieldDef[], column: string) => {
  const key = customKeyOf(column);
  return key === null ? undefined : defs.find((d) => d.key === key);
};

/** `orderBy: [{customField: {key, direction}}]`: empty values last, whichever the direction. */
export const customOrder = (column: string, desc: boolean) => {
  const key = customKeyOf(column);
  return key === null ? null : { customField: { key, direction: desc ? 'DESC_NULLS_LAST' : 'ASC_NULLS_LAST' } };
};

/** A row's value of a custom column as text ('' when not set). */
export function customCellText(def: CustomFieldDef, values: readonly CustomFieldValue[] | null | undefined, yes = 'Yes', no = 'No'): string {
  const value = values?.find((v) => v.key === def.key)?.value;
  if (def.type === 'BOOLEAN' && typeof value === 'boolean') return value ? yes : no;
  return editorText(def.type, value);
}

/** The `filter:` part of custom-field filters: `{customFields: [{key, eq}]}` (a multi picklist: has the value). */
export function customFilter(defs: CustomFieldDef[], chosen: Record<string, string | null | undefined>): Record<string, unknown> {
  const conditions = Object.entries(chosen)
    .filter(([key, value]) => value && defs.some((d) => d.key === key))
    .map(([key, value]) => ({ key, eq: value }));
  return conditions.length ? { customFields: conditions } : {};
}

/** Back from a saved `filter:` object to the chosen values per key. */
export function customFiltersFrom(filter: unknown): Record<string, string> {
  const list = ((filter ?? {}) as { customFields?: { key: string; eq?: string }[] }).customFields ?? [];
  return Object.fromEntries(list.map((c) => [c.key, c.eq ?? '']).filter(([, v]) => v));
}

/** Export parameters: built-in columns in `columns`, custom ones in `customFields` (keys, in order). */
export function exportColumns(columns: string[]): { columns: string; customFields: string } {
  return {
    columns: columns.filter((c) => customKeyOf(c) === null).join(','),
    customFields: columns.map(customKeyOf).filter((k): k is string => k !== null).join(','),
  };
}
