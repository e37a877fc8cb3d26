import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';

import { useMember } from '../../auth/session';
import { moneyOf } from '../../components/record/money';
import { outcome } from '../access/common';
import { UpdateCompanyDocument, UpdateContactDocument } from './operations';

/** Fields whose empty value means "not set" (null), not an empty string. */
const NULLABLE = new Set(['size', 'level', 'source', 'creditRating', 'buyingRole', 'birthday', 'creditLimit']);
/** Fields the API takes by the id of the linked record. */
const LINKS: Record<string, string> = { owner: 'ownerId', parent: 'parentId', company: 'companyId' };

/** The update input for one field as an editor holds it (text, '' for empty). */
export function inputOf(field: string, value: string, currency: string): Record<string, unknown> {
  if (LINKS[field]) return { [LINKS[field]]: value || null };
  if (field === 'emails' || field === 'phones') return { [field]: value.split(',').map((s) => s.trim()).filter(Boolean) };
  if (field === 'emailConsent' || field === 'smsConsent') return { [field]: value === 'true' };
  if (field === 'creditLimit') {
    // The money editor's text ("2,500 EUR", or a bare amount in the record's currency); what cannot be read goes
    // as typed, for the server to refuse next to the field.
    const money = moneyOf(value, currency);
    return { creditLimit: money === undefined ? { amount: value, currency } : money };
  }
  if (NULLABLE.has(field) && !value) return { [field]: null };
  return { [field]: value };
}

/**
 * Save a company or contact: `update(id, field, value)` one built-in field as its editor holds it,
 * `send(id, input)` an update input as it is (the kit's `RecordFields` gives `{customFields}`).
 * Each resolves to the server's message when it refuses (validation, a read-only field, no right to
 * this record), or null when saved. `withCustomFields`: the answer carries them (the type has some).
 */
export function useCustomerUpdate(kind: 'company' | 'contact', withCustomFields = false) {
  const { t } = useTranslation('customers');
  const { tenant } = useMember();
  const [, updateCompany] = useMutation(UpdateCompanyDocument);
  const [, updateContact] = useMutation(UpdateContactDocument);
  const send = useCallback(
    async (id: string, given: Record<string, unknown>): Promise<string | null> => {
      const input = { id, ...given };
      const found =
        kind === 'company'
          ? outcome(await updateCompany({ input: input as never, withCustomFields }), (d) => d.updateCompany, t)
          : outcome(await updateContact({ input: input as never, withCustomFields }), (d) => d.updateContact, t);
      const messages = Object.values(found);
      return messages.length ? messages.join(' ') : null;
    },
    [kind, t, updateCompany, updateContact, withCustomFields],
  );
  const update = useCallback(
    (id: string, field: string, value: string, currency?: string) => send(id, inputOf(field, value, currency || tenant.currency || 'USD')),
    [send, tenant.currency],
  );
  return { update, send };
}
