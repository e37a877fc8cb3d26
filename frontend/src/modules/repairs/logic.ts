/**
 * The repairs lists' filters (as state, as the API's filters, as removable chips), the paths, and the
 * figures of a repair order computed in the browser exactly as the server does
 * (saas/repairs/services.py `figures`): a covered line keeps its list value but is charged nothing.
 */
import { minorUnit, pickTier, taxedPerLine } from '../catalog/pricing';

export const REPAIR_STATUSES = ['RECEIVED', 'DIAGNOSING', 'AWAITING_PARTS', 'IN_REPAIR', 'READY', 'RETURNED', 'CANCELLED'] as const;
export const WARRANTY_STATUSES = ['ACTIVE', 'EXPIRED', 'VOID'] as const;
export const COVERAGES = ['BOTH', 'PARTS', 'LABOUR'] as const;
export const LINE_KINDS = ['PART', 'LABOUR', 'DIAGNOSTICS', 'SHIPPING', 'OTHER'] as const;
export type LineKind = (typeof LINE_KINDS)[number];
export type Coverage = (typeof COVERAGES)[number];
export const MINE = 'me';

export const repairPath = (id: string) => `/repairs/${encodeURIComponent(id)}`;
export const warrantyPath = (id: string) => `/repairs/warranties/${encodeURIComponent(id)}`;
export const userNodeId = (userId: number) => btoa(`User:${userId}`);

// ---- list filters ----------------------------------------------------------------------------------

export interface RepairFilters {
  status: string | null;
  owner: string | null;
  /** 'yes' | 'no': under a warranty or not. */
  warranty: string | null;
  /** 'open' | 'closed': still in the workshop, or returned / cancelled. */
  stage: string | null;
}

export const NO_REPAIR_FILTERS: RepairFilters = { status: null, owner: null, warranty: null, stage: null };

export function repairFilterOf(filters: RepairFilters): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (filters.status) filter.status = { eq: filters.status };
  if (filters.owner === MINE) filter.mine = true;
  else if (filters.owner) filter.owner = { eq: filters.owner };
  if (filters.warranty) filter.underWarranty = filters.warranty === 'yes';
  if (filters.stage) filter.closed = filters.stage === 'closed';
  return filter;
}

export interface WarrantyFilters {
  status: string | null;
  coverage: string | null;
  owner: string | null;
}

export const NO_WARRANTY_FILTERS: WarrantyFilters = { status: null, coverage: null, owner: null };

export function warrantyFilterOf(filters: WarrantyFilters): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (filters.status) filter.status = filters.status;
  if (filters.coverage) filter.coverage = { eq: filters.coverage };
  if (filters.owner === MINE) filter.mine = true;
  else if (filters.owner) filter.owner = { eq: filters.owner };
  return filter;
}

/** The set filters, in the order of their fields: one chip each. */
export function chipIds<F extends object>(filters: F): (keyof F)[] {
  return (Object.keys(filters) as (keyof F)[]).filter((key) => filters[key] !== null);
}

export function withoutChip<F extends object>(filters: F, id: keyof F): F {
  return { ...filters, [id]: null };
}

// ---- lines and figures -----------------------------------------------------------------------------

/** Whether a warranty (not void) of this coverage covers a line of this kind; fees are never covered. */
export function covers(coverage: string | null | undefined, kind: string): boolean {
  if (!coverage) return false;
  if (kind === 'PART') return coverage === 'PARTS' || coverage === 'BOTH';
  if (kind === 'LABOUR') return coverage === 'LABOUR' || coverage === 'BOTH';
  return false;
}

/** The coverage that applies to an order's lines: none when it has no warranty, or a void one. */
export function coverageOf(warranty: { coverage: string; status: string } | null | undefined): string | null {
  return warranty && warranty.status !== 'VOID' ? warranty.coverage : null;
}

export interface FigureLine {
  kind: string;
  quantity: string;
  unitPrice: string;
}

export interface RepairFigures {
  /** Each line's list value (quantity × unit price, rounded half up to the currency's minor unit). */
  lines: { amount: string; covered: boolean; charged: string }[];
  subtotal: string;
  covered: string;
  tax: string;
  total: string;
}

/**
 * An order's figures for these lines under this coverage and tax rate: the subtotal is every line's
 * value, covered the covered ones, tax the rate on what is charged, total what is charged plus tax.
 */
export function repairFigures(lines: FigureLine[], coverage: string | null, taxRate: string, currency: string): RepairFigures {
  const zero = (0).toFixed(minorUnit(currency));
  const withCover = lines.map((line) => ({ ...line, covered: covers(coverage, line.kind) }));
  const all = taxedPerLine(withCover.map((l) => ({ quantity: l.quantity || '0', unitPrice: l.unitPrice || '0' })), currency);
  const coveredOnly = taxedPerLine(withCover.filter((l) => l.covered).map((l) => ({ quantity: l.quantity || '0', unitPrice: l.unitPrice || '0' })), currency);
  const charged = taxedPerLine(withCover.filter((l) => !l.covered).map((l) => ({ quantity: l.quantity || '0', unitPrice: l.unitPrice || '0', taxRate: taxRate || '0' })), currency);
  return {
    lines: withCover.map((l, i) => ({ amount: all.lines[i], covered: l.covered, charged: l.covered ? zero : all.lines[i] })),
    subtotal: all.subtotal,
    covered: coveredOnly.subtotal,
    tax: charged.tax,
    total: charged.total,
  };
}

export interface ProductPrice {
  minQuantity: string;
  unitPrice: string;
  priceBook: { currency: string; active: boolean };
}

/**
 * A part's list price as the server prices it (saas.catalog.services.list_price): the tier of the
 * active price book of the order's currency for that quantity; null when there is none.
 */
export function listPrice(prices: readonly ProductPrice[] | null | undefined, currency: string, quantity: string): string | null {
  const tiers = (prices ?? []).filter((p) => p.priceBook.active && p.priceBook.currency.toUpperCase() === currency.toUpperCase());
  return pickTier(
    tiers.map((p) => ({ minQuantity: String(p.minQuantity), unitPrice: String(p.unitPrice) })),
    quantity || '1',
  );
}

/** "2026-12-06" for today plus `offsetDays`, in local time (date inputs' format). */
export function isoDay(offsetDays: number, from: Date = new Date()): string {
  const day = new Date(from);
  day.setDate(day.getDate() + offsetDays);
  return `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
}

/** A stored unit price as typed: "39.9000" → "39.90" (no zeros past the currency's minor unit), "12.3450" → "12.345". */
export function priceText(value: string, currency: string): string {
  return trimZeros(value, minorUnit(currency));
}

/** A decimal without trailing zeros past `keep` places: "1.500" → "1.5", ("2.000", 0) → "2". */
export function trimZeros(value: string, keep = 0): string {
  const match = /^(-?\d+)(?:\.(\d*))?$/.exec(value.trim());
  if (!match) return value;
  let fraction = match[2] ?? '';
  while (fraction.length > keep && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  return fraction ? `${match[1]}.${fraction}` : match[1];
}
