/** The contracts list's filters as state, as the API's `ContractFilter`, and as removable chips. */
export const STATUSES = ['DRAFT', 'ACTIVE', 'EXPIRED', 'TERMINATED', 'RENEWED'] as const;
export const BILLING = ['ONE_TIME', 'MONTHLY', 'QUARTERLY', 'ANNUALLY'] as const;
export const MINE = 'me';
/** What "ending soon" means in the list's quick filter. */
export const ENDING_SOON_DAYS = 90;

export interface ContractFilters {
  status: string | null;
  owner: string | null;
  endingWithin: number | null;
}

export const NO_FILTERS: ContractFilters = { status: null, owner: null, endingWithin: null };

export function filterOf(filters: ContractFilters): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (filters.status) filter.status = { eq: filters.status };
  if (filters.owner === MINE) filter.mine = true;
  else if (filters.owner) filter.owner = { eq: filters.owner };
  if (filters.endingWithin !== null) filter.endingWithinDays = filters.endingWithin;
  return filter;
}

export type ChipId = keyof ContractFilters;

export function chipIds(filters: ContractFilters): ChipId[] {
  return (Object.keys(filters) as ChipId[]).filter((key) => filters[key] !== null);
}

export function withoutChip(filters: ContractFilters, id: ChipId): ContractFilters {
  return { ...filters, [id]: null };
}

/** "30" → 30; blank or not a whole number ≥ 0 → no filter. */
export function daysOf(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,4}$/.test(trimmed)) return null;
  return Number(trimmed);
}

export const contractPath = (id: string) => `/contracts/${encodeURIComponent(id)}`;
export const userNodeId = (userId: number) => btoa(`User:${userId}`);
