/** The entitlements pages' logic: list filters as the API's `EntitlementFilter` and chips, amounts, form checks. */
export const STATUSES = ['ACTIVE', 'EXHAUSTED', 'EXPIRED', 'CANCELLED'] as const;
export const KINDS = ['INCIDENTS', 'HOURS', 'UNLIMITED'] as const;
export const CHANNELS = ['EMAIL', 'PHONE', 'WEB', 'CHAT', 'SOCIAL', 'IN_PERSON'] as const;
export const MINE = 'me';

export interface EntitlementFilters {
  status: string | null;
  kind: string | null;
  owner: string | null;
  company: string | null;
}

export const NO_FILTERS: EntitlementFilters = { status: null, kind: null, owner: null, company: null };

export function filterOf(filters: EntitlementFilters): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (filters.status) filter.status = { eq: filters.status };
  if (filters.kind) filter.kind = { eq: filters.kind };
  if (filters.owner === MINE) filter.mine = true;
  else if (filters.owner) filter.owner = { eq: filters.owner };
  if (filters.company) filter.company = { eq: filters.company };
  return filter;
}

export type ChipId = keyof EntitlementFilters;

export function chipIds(filters: EntitlementFilters): ChipId[] {
  return (Object.keys(filters) as ChipId[]).filter((key) => filters[key] !== null);
}

export function withoutChip(filters: EntitlementFilters, id: ChipId): EntitlementFilters {
  return { ...filters, [id]: null };
}

/** A Decimal as the API writes it ("6.00", "3.50") in its shortest form ("6", "3.5"); null stays null. */
export function amountText(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const number = Number(value);
  if (!Number.isFinite(number)) return value;
  return String(Math.round(number * 100) / 100);
}

export interface Counted {
  kind: string;
  allowance?: string | null;
  used: string;
  remaining?: string | null;
}

/**
 * What is left, as a translation key and its count: `left.INCIDENTS` "6 incidents left", `left.HOURS`
 * "36.5 hours left", `left.UNLIMITED` "Unlimited" (no allowance: nothing runs out).
 */
export function leftOf(entitlement: Counted): { key: string; count: number; amount: string } {
  const remaining = amountText(entitlement.remaining);
  if (entitlement.kind === 'UNLIMITED' || remaining === null) return { key: 'left.UNLIMITED', count: 0, amount: '' };
  return { key: `left.${entitlement.kind}`, count: Number(remaining), amount: remaining };
}

/** How much of the allowance is used, 0–100 (for a progress bar); null when unlimited. */
export function usedPercent(entitlement: Counted): number | null {
  const allowance = Number(entitlement.allowance);
  if (entitlement.kind === 'UNLIMITED' || !entitlement.allowance || !(allowance > 0)) return null;
  return Math.min(100, Math.max(0, Math.round((Number(entitlement.used) / allowance) * 100)));
}

/** Why an allowance typed in the form would be refused (the server says the same), or null when it is fine. */
export function allowanceProblem(kind: string, text: string): 'required' | 'invalid' | 'whole' | null {
  if (kind === 'UNLIMITED') return null;
  const trimmed = text.trim();
  if (!trimmed) return 'required';
  if (!/^\d+(\.\d{1,2})?$/.test(trimmed) || !(Number(trimmed) > 0)) return 'invalid';
  if (kind === 'INCIDENTS' && !Number.isInteger(Number(trimmed))) return 'whole';
  return null;
}

/** Why hours to log would be refused: not a number above 0 with at most 2 decimals, or more than what is left. */
export function hoursProblem(text: string, remaining: string | null | undefined): 'invalid' | 'tooMany' | null {
  const trimmed = text.trim();
  if (!/^\d+(\.\d{1,2})?$/.test(trimmed) || !(Number(trimmed) > 0)) return 'invalid';
  if (remaining !== null && remaining !== undefined && Number(trimmed) > Number(remaining)) return 'tooMany';
  return null;
}

/** Today and a day `offsetDays` later as YYYY-MM-DD in the browser's calendar. */
export function isoDay(offsetDays: number, from = new Date()): string {
  const day = new Date(from);
  day.setDate(day.getDate() + offsetDays);
  return `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
}

export const entitlementPath = (id: string) => `/entitlements/${encodeURIComponent(id)}`;
export const userNodeId = (userId: number) => btoa(`User:${userId}`);
