import type { TFunction } from 'i18next';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

import { camelCase } from '../../components/record/HistoryList';
import { userNodeId } from '../../components/members';

// Stored choice values (lower case) → the module's label group of that choice.
const CHOICES: Record<string, string> = {
  lifecycle_stage: 'stage',
  source: 'source',
  size: 'size',
  level: 'level',
  buying_role: 'buyingRole',
  kind: 'kind',
};

/** A customers field as stored (`credit_rating`) → its label in the interface language. */
export function customerFieldLabel(t: TFunction, field: string): string {
  const name = camelCase(field);
  const fallback = name.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());
  return t([`field.${name}`, `column.${name}`, `contact.${name}`, `company.${name}`], { ns: 'customers', defaultValue: fallback });
}

/** Label and value namers for the shared HistoryList: choices by their labels, owners by their names. */
export function useCustomerHistory(owners: { value: string; label: string }[]) {
  const { t } = useTranslation('customers');
  const label = useCallback((field: string) => customerFieldLabel(t, field), [t]);
  const value = useCallback(
    (field: string, raw: unknown): string | null => {
      if (raw === null || raw === undefined || raw === '') return null;
      const group = CHOICES[field];
      if (group) return t(`${group}.${String(raw).toUpperCase()}`, { defaultValue: String(raw) });
      if (field === 'owner' || field === 'performed_by') {
        const id = typeof raw === 'number' || /^\d+$/.test(String(raw)) ? userNodeId(Number(raw)) : String(raw);
        return owners.find((o) => o.value === id)?.label ?? null;
      }
      return null;
    },
    [t, owners],
  );
  return { label, value };
}
