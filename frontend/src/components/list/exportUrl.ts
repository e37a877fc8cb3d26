/** What a list's export asks the server for: the list as the page shows it (filter, order, search). */
export interface ExportedList {
  filter?: unknown;
  orderBy?: unknown;
  search?: string | null;
}

/**
 * The address of a list's whole export (`/exports/<name>.<format>`): every row the server finds for the
 * page's filter, order and search, with the given columns (the server always adds the name column and,
 * unless `customFields` names some, every custom field), labels in the interface language.
 */
export function listExportUrl(
  name: string,
  fileFormat: 'csv' | 'xlsx',
  list: ExportedList,
  { columns, customFields, mode = 'active', language }: { columns: readonly string[] | string; customFields?: string; mode?: string; language: string },
): string {
  const params = new URLSearchParams({ mode, filter: JSON.stringify(list.filter ?? {}) });
  const named = typeof columns === 'string' ? columns : columns.join(',');
  if (named) params.set('columns', named);
  if (customFields !== undefined) params.set('customFields', customFields);
  params.set('lang', language);
  if (list.orderBy) params.set('orderBy', JSON.stringify(list.orderBy));
  if (list.search) params.set('search', list.search);
  return `/exports/${name}.${fileFormat}?${params}`;
}
