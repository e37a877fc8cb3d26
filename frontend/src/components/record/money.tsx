import { useMemo } from 'react';
import { useQuery } from 'urql';

import { graphql } from '../../gql/tenant';
import i18n from '../../i18n';
import type { useFormat } from '../../locale';
import type { FieldDef } from './RecordFields';

type Format = ReturnType<typeof useFormat>;

/** Money as the API gives it: a decimal string amount and its currency. */
export interface MoneyValue {
  amount: unknown;
  currency: string;
}

/** One amount in the interface language ("$1,200.00", "US$1,200.00" in 简体中文), or a dash when unknown or hidden. */
export function moneyText(format: Format, money: MoneyValue | null | undefined): string {
  return money ? format.currency(Number(money.amount), money.currency) : '—';
}

/** "¥12,000 · $300": sums per currency side by side (the API never adds currencies together). */
export function moneyList(format: Format, sums: readonly MoneyValue[] | null | undefined): string {
  if (!sums) return '—';
  if (!sums.length) return format.currency(0);
  return sums.map((m) => format.currency(Number(m.amount), m.currency)).join(' · ');
}

/** A money editor's value: "1200.50 USD" ('' when none). */
export function moneyEditorValue(money: MoneyValue | null | undefined): string {
  return money ? `${String(money.amount)} ${money.currency}` : '';
}

/**
 * The money an editor's value stands for: `{amount, currency}` (the amount as typed, a decimal string),
 * null for none; a number written the local way ("1,200.50") is read too. Unreadable: undefined.
 */
export function moneyOf(text: string, fallbackCurrency: string): MoneyValue | null | undefined {
  const found = /^(.*?)\s*\b([A-Za-z]{3})$/.exec(text.trim());
  const [rawAmount, rawCurrency] = found ? [found[1], found[2]] : [text.trim(), ''];
  if (!rawAmount) return null;
  const amount = rawAmount.replace(/[,\s\u00a0]/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(amount)) return undefined;
  return { amount, currency: (rawCurrency || fallbackCurrency).toUpperCase() };
}

const CurrenciesDocument = graphql(`
  query MoneyCurrencies {
    currentTenant {
      currency
      exchangeRates {
        currency
      }
    }
  }
`);

/** The currencies money is entered in: the workspace's own first, then those it keeps a rate for. */
export function useCurrencies(): string[] {
  const [{ data }] = useQuery({ query: CurrenciesDocument });
  return useMemo(() => (data?.currentTenant ? [data.currentTenant.currency, ...data.currentTenant.exchangeRates.map((r) => r.currency)] : []), [data]);
}

/**
 * A money field of a record page, declared in one line: shown in the interface language, edited as an
 * amount and a currency (the record's, else the workspace's; the workspace's other currencies offered),
 * saved as `{amount, currency}` or null when cleared. Without `save` it is shown, never edited.
 */
export function moneyField(
  format: Format,
  {
    field,
    label,
    money,
    save,
    currencies = [],
    readOnly,
  }: {
    field: string;
    label: string;
    money: MoneyValue | null | undefined;
    /** Resolve to the error to show next to the field, or null when saved. */
    save?: (money: MoneyValue | null) => Promise<string | null>;
    /** Currencies to offer besides the record's and the workspace's (`useCurrencies()`). */
    currencies?: readonly string[];
    readOnly?: boolean;
  },
): FieldDef {
  const workspace = format.currencyCode ?? 'USD';
  const currency = money?.currency ?? workspace;
  const offered = [...new Set([currency, workspace, ...currencies])];
  return {
    field,
    label,
    value: moneyEditorValue(money),
    display: moneyText(format, money),
    readOnly,
    ...(save
      ? {
          editor: { kind: 'money' as const, currency, currencies: offered },
          save: (text: string) => {
            const next = moneyOf(text, currency);
            return next === undefined ? Promise.resolve(i18n.t('money.invalid')) : save(next);
          },
        }
      : {}),
  };
}
