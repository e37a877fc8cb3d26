/**
 * Quote arithmetic for live totals, computed exactly as the server does (saas/catalog/pricing.py):
 * each line is quantity × unit price × (100 − discount %) / 100 rounded half up to the currency's
 * minor unit; the subtotal is the sum of the rounded lines; the quote discount and each tax
 * (on subtotal − discount) are rounded the same way; total = subtotal − discount + taxes.
 * Numbers are decimal strings held as scaled BigInts, never floats. Both sides are checked against
 * tests/catalog/pricing_cases.json.
 */

const ZERO_DECIMALS = ['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND', 'VUV', 'XAF', 'XOF', 'XPF'];
const THREE_DECIMALS = ['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'];

export function minorUnit(currency: string): number {
  const code = currency.toUpperCase();
  if (ZERO_DECIMALS.includes(code)) return 0;
  if (THREE_DECIMALS.includes(code)) return 3;
  return 2;
}

/** A decimal as `value × 10^-scale`. */
interface Dec {
  value: bigint;
  scale: number;
}

/** Parse "12.5", "-0.005", "3" (anything else: null). */
export function parseDecimal(text: string): Dec | null {
  const match = /^\s*(-?)(\d*)(?:\.(\d*))?\s*$/.exec(String(text));
  if (!match || (!match[2] && !match[3])) return null;
  const fraction = match[3] ?? '';
  const value = BigInt(`${match[1]}${match[2] || '0'}${fraction}`);
  return { value, scale: fraction.length };
}

const pow10 = (n: number) => 10n ** BigInt(n);

function multiply(a: Dec, b: Dec): Dec {
  return { value: a.value * b.value, scale: a.scale + b.scale };
}

function add(a: Dec, b: Dec): Dec {
  const scale = Math.max(a.scale, b.scale);
  return { value: a.value * pow10(scale - a.scale) + b.value * pow10(scale - b.scale), scale };
}

function negate(a: Dec): Dec {
  return { value: -a.value, scale: a.scale };
}

/** Round half up (away from zero on a tie) to `places` decimals. */
function roundTo(a: Dec, places: number): Dec {
  if (a.scale <= places) return { value: a.value * pow10(places - a.scale), scale: places };
  const divisor = pow10(a.scale - places);
  const sign = a.value < 0n ? -1n : 1n;
  const magnitude = a.value * sign;
  let quotient = magnitude / divisor;
  if ((magnitude % divisor) * 2n >= divisor) quotient += 1n;
  return { value: quotient * sign, scale: places };
}

export function formatDecimal(a: Dec): string {
  const sign = a.value < 0n ? '-' : '';
  const digits = (a.value < 0n ? -a.value : a.value).toString().padStart(a.scale + 1, '0');
  return a.scale ? `${sign}${digits.slice(0, -a.scale)}.${digits.slice(-a.scale)}` : `${sign}${digits}`;
}

const ZERO: Dec = { value: 0n, scale: 0 };
const dec = (text: string | number | null | undefined): Dec => parseDecimal(String(text ?? '0')) ?? ZERO;
/** percent → the factor (100 − p) / 100 and p / 100, as decimals */
const fraction = (percent: Dec): Dec => ({ value: percent.value, scale: percent.scale + 2 });

export interface LineInput {
  quantity: string;
  unitPrice: string;
  discountPercent?: string;
}

export interface TaxInput {
  name: string;
  rate: string;
}

export interface Totals {
  lines: string[];
  subtotal: string;
  discount: string;
  taxes: string[];
  tax: string;
  total: string;
}

export function lineAmount(line: LineInput, currency: string): string {
  return formatDecimal(lineDec(line, currency));
}

function lineDec(line: LineInput, currency: string): Dec {
  const keep = add({ value: 1n, scale: 0 }, negate(fraction(dec(line.discountPercent))));
  return roundTo(multiply(multiply(dec(line.quantity), dec(line.unitPrice)), keep), minorUnit(currency));
}

export function totals(lines: LineInput[], discountPercent: string, taxes: TaxInput[], currency: string): Totals {
  const places = minorUnit(currency);
  const amounts = lines.map((line) => lineDec(line, currency));
  const subtotal = roundTo(amounts.reduce(add, ZERO), places);
  const discount = roundTo(multiply(subtotal, fraction(dec(discountPercent))), places);
  const taxable = add(subtotal, negate(discount));
  const byRate = taxes.map((tax) => roundTo(multiply(taxable, fraction(dec(tax.rate))), places));
  const tax = roundTo(byRate.reduce(add, ZERO), places);
  return {
    lines: amounts.map(formatDecimal),
    subtotal: formatDecimal(subtotal),
    discount: formatDecimal(discount),
    taxes: byRate.map(formatDecimal),
    tax: formatDecimal(tax),
    total: formatDecimal(add(taxable, tax)),
  };
}

export interface TaxedLineInput extends LineInput {
  taxRate?: string;
}

export interface TaxedTotals {
  lines: string[];
  subtotal: string;
  /** Per rate, in the order the rates first appear: `{ rate: '20%', amount }`. */
  taxes: { rate: string; amount: string }[];
  tax: string;
  total: string;
}

/**
 * Invoice arithmetic (saas/catalog/pricing.py `taxed_per_line`): lines as in `totals`, no document
 * discount; per tax rate, the tax on the sum of the lines at that rate, rounded half up once.
 */
export function taxedPerLine(lines: TaxedLineInput[], currency: string): TaxedTotals {
  const places = minorUnit(currency);
  const amounts = lines.map((line) => lineDec(line, currency));
  const subtotal = roundTo(amounts.reduce(add, ZERO), places);
  const bases = new Map<string, { rate: Dec; base: Dec }>();
  lines.forEach((line, i) => {
    const rate = dec(line.taxRate);
    if (rate.value === 0n) return;
    const key = formatDecimal(normalize(rate));
    const seen = bases.get(key);
    bases.set(key, { rate, base: add(seen?.base ?? ZERO, amounts[i]) });
  });
  const taxes = [...bases.entries()].map(([key, { rate, base }]) => ({ rate: `${key}%`, amount: roundTo(multiply(base, fraction(rate)), places) }));
  const tax = roundTo(taxes.reduce((sum, t) => add(sum, t.amount), ZERO), places);
  return {
    lines: amounts.map(formatDecimal),
    subtotal: formatDecimal(subtotal),
    taxes: taxes.map((t) => ({ rate: t.rate, amount: formatDecimal(t.amount) })),
    tax: formatDecimal(tax),
    total: formatDecimal(add(subtotal, tax)),
  };
}

/** Trailing zeros off: 20.00 → 20, 5.50 → 5.5 (as Python's `Decimal.normalize`). */
function normalize(a: Dec): Dec {
  let { value, scale } = a;
  while (scale > 0 && value % 10n === 0n) {
    value /= 10n;
    scale -= 1;
  }
  return { value, scale };
}

/** The unit price of the tier with the largest minimum quantity not above `quantity` (null: none). */
export function pickTier(tiers: { minQuantity: string; unitPrice: string }[], quantity: string): string | null {
  const q = dec(quantity);
  let best: { min: Dec; price: string } | null = null;
  for (const tier of tiers) {
    const min = dec(tier.minQuantity);
    if (compare(min, q) > 0) continue;
    if (!best || compare(min, best.min) > 0) best = { min, price: tier.unitPrice };
  }
  return best?.price ?? null;
}

function compare(a: Dec, b: Dec): number {
  const difference = add(a, negate(b)).value;
  return difference === 0n ? 0 : difference > 0n ? 1 : -1;
}

