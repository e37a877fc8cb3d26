/** A list's ordering: several keys, the first one primary (the API's `orderBy: [{ field: ASC }, …]`). */
export interface SortKey {
  field: string;
  desc: boolean;
}

/**
 * The ordering after a click on `field`'s header. A plain click sorts by that column alone
 * (ascending, then descending, then unsorted); with `additive` (shift) the column is added as
 * the next key, or its direction toggled, or — when already descending — removed from the keys.
 */
export function nextSort(current: readonly SortKey[], field: string, additive: boolean): SortKey[] {
  const at = current.findIndex((k) => k.field === field);
  const cycled: SortKey | null = at < 0 ? { field, desc: false } : current[at].desc ? null : { field, desc: true };
  if (!additive) return current.length > 1 ? [{ field, desc: false }] : cycled ? [cycled] : [];
  if (at < 0) return [...current, cycled!];
  return cycled ? current.map((k, i) => (i === at ? cycled : k)) : current.filter((_, i) => i !== at);
}

/** The API's `orderBy` list for an ordering. */
export function orderByOf(sort: readonly SortKey[]): Record<string, 'ASC' | 'DESC'>[] {
  return sort.map((k) => ({ [k.field]: k.desc ? 'DESC' : 'ASC' }));
}

/**
 * An ordering from the API's `orderBy` list (saved views store it). A custom field's key
 * (`{customField: {key, direction}}`) comes back as its column, `customFields.<key>`.
 */
export function sortFrom(orderBy: unknown): SortKey[] {
  if (!Array.isArray(orderBy)) return [];
  return orderBy.flatMap((entry) => {
    const [field, direction] = Object.entries((entry ?? {}) as Record<string, unknown>)[0] ?? [];
    if (field === 'customField' && direction && typeof direction === 'object') {
      const { key, direction: way } = direction as { key?: unknown; direction?: unknown };
      return typeof key === 'string' && key ? [{ field: `customFields.${key}`, desc: typeof way === 'string' && way.startsWith('DESC') }] : [];
    }
    return typeof field === 'string' && typeof direction === 'string' ? [{ field, desc: direction.startsWith('DESC') }] : [];
  });
}
