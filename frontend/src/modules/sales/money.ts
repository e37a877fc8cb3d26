import type { useFormat } from '../../locale';

type Format = ReturnType<typeof useFormat>;

export interface MoneyValue {
  amount: unknown;
  currency: string;
}

/** "¥12,000 · $300": sums per currency side by side (the API never adds currencies together). */
export function moneyList(format: Format, sums: readonly MoneyValue[] | null | undefined): string {
  if (!sums) return '—';
  if (!sums.length) return format.currency(0);
  return sums.map((m) => format.currency(Number(m.amount), m.currency)).join(' · ');
}

/** One amount, or a dash when unknown (or hidden from the member's role). */
export function moneyText(format: Format, money: MoneyValue | null | undefined): string {
  return money ? format.currency(Number(money.amount), money.currency) : '—';
}
