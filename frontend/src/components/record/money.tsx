import { Group, NativeSelect, TextInput } from '@mantine/core';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
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
export function moneyOf(text: string, fallbackCurrency: string): { amount: string; currency: string } | null | undefined {
  const found = /^(.*?)\s+([A-Za-z]{3})$/.exec(text.trim());
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
    currency: fixed,
    readOnly,
    editable,
  }: {
    field: string;
    label: string;
    money: MoneyValue | null | undefined;
    /** Resolve to the error to show next to the field, or null when saved. */
    save?: (money: MoneyValue | null) => Promise<string | null>;
    /** Currencies to offer besides the record's and the workspace's (`useCurrencies()`). */
    currencies?: readonly string[];
    /** The record keeps its currency in a field of its own (a campaign's): the amount is edited in it alone. */
    currency?: string;
    readOnly?: boolean;
    /** Edited without a `save` of its own: the page's `RecordFields.onSave` gets the editor's text ("1200.50 USD",
     *  read with `moneyOf`), as a page whose edits are queued offline needs (a field with its own save is
     *  read-only offline). */
    editable?: boolean;
  },
): FieldDef {
  const workspace = format.currencyCode ?? 'USD';
  const currency = fixed || money?.currency || workspace;
  const offered = fixed ? [fixed] : [...new Set([currency, workspace, ...currencies])];
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
      : editable
        ? { editor: { kind: 'money' as const, currency, currencies: offered } }
        : {}),
  };
}

/** What a money input holds while it is typed: the amount as written and its currency. */
export interface MoneyDraft {
  amount: string;
  currency: string;
}

/**
 * The money a form sends for a draft: `{amount, currency}`, null when no amount was typed; an amount it
 * cannot read goes as typed, for the server to refuse next to the field.
 */
export function moneyInputOf(draft: MoneyDraft): { amount: string; currency: string } | null {
  if (!draft.amount.trim()) return null;
  const read = moneyOf(`${draft.amount} ${draft.currency}`, draft.currency);
  return read === undefined ? { amount: draft.amount.trim(), currency: draft.currency } : read;
}

/**
 * A form's money input: the amount (written the reader's way, "12,000.50") and its currency, chosen from
 * the draft's own, the workspace's and those it keeps a rate for. Start a draft at the workspace's currency
 * (`{ amount: '', currency: useFormat().currencyCode }`).
 */
export function MoneyInput({
  label,
  value,
  onChange,
  error,
  currencyError,
}: {
  label: string;
  value: MoneyDraft;
  onChange: (next: MoneyDraft) => void;
  error?: ReactNode;
  currencyError?: ReactNode;
}) {
  const { t } = useTranslation();
  const currencies = useCurrencies();
  return (
    <Group grow align="flex-start">
      <TextInput label={label} inputMode="decimal" value={value.amount} error={error} onChange={(e) => onChange({ ...value, amount: e.currentTarget.value })} />
      <NativeSelect
        label={t('money.currency')}
        value={value.currency}
        error={currencyError}
        data={[...new Set([value.currency, ...currencies].filter(Boolean))]}
        onChange={(e) => onChange({ ...value, currency: e.currentTarget.value })}
      />
    </Group>
  );
}
