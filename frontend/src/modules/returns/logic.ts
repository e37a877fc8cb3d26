/** The returns and claims lists' filters as state, as the API's filters, and as removable chips. */
export const RETURN_STATUSES = ['REQUESTED', 'APPROVED', 'RECEIVED', 'INSPECTED', 'REFUNDED', 'REPLACED', 'CLOSED', 'REJECTED'] as const;
export const RESOLUTIONS = ['REFUND', 'REPLACEMENT', 'REPAIR'] as const;
export const CLAIM_STATUSES = ['SUBMITTED', 'UNDER_REVIEW', 'APPROVED', 'PARTIALLY_APPROVED', 'REJECTED', 'SETTLED'] as const;
export const CLAIM_KINDS = ['WARRANTY', 'DAMAGE'] as const;
export const MINE = 'me';
export const REASONS = 'return_reason';

export interface ListFilters {
  status: string | null;
  /** Resolution of a return, kind of a claim. */
  sort: string | null;
  owner: string | null;
}

export const NO_FILTERS: ListFilters = { status: null, sort: null, owner: null };

export function filterOf(filters: ListFilters, sortField: 'resolution' | 'kind'): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (filters.status) filter.status = { eq: filters.status };
  if (filters.sort) filter[sortField] = { eq: filters.sort };
  if (filters.owner === MINE) filter.mine = true;
  else if (filters.owner) filter.owner = { eq: filters.owner };
  return filter;
}

export type ChipId = keyof ListFilters;

export function chipIds(filters: ListFilters): ChipId[] {
  return (Object.keys(filters) as ChipId[]).filter((key) => filters[key] !== null);
}

export function withoutChip(filters: ListFilters, id: ChipId): ListFilters {
  return { ...filters, [id]: null };
}

/** What comes back, as the API takes it: only lines with a quantity above nothing. */
export function linesOf(quantities: Record<string, string>): { orderLineId: string; quantity: string }[] {
  return Object.entries(quantities)
    .filter(([, quantity]) => Number(quantity) > 0)
    .map(([orderLineId, quantity]) => ({ orderLineId, quantity: quantity.trim() }));
}

export const returnPath = (id: string) => `/returns/${encodeURIComponent(id)}`;
export const claimPath = (id: string) => `/returns/claims/${encodeURIComponent(id)}`;
export const userNodeId = (userId: number) => btoa(`User:${userId}`);
