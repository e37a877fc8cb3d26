import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';

import { useMember } from '../../auth/session';
import { customFieldInput, isCustomField, type CustomFieldDef } from '../../components/record/customFields';
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
  if (field === 'creditLimit') return { creditLimit: value ? { amount: value, currency } : null };
  if (NULLABLE.has(field) && !value) return { [field]: null };
  return { [field]: value };
}

/**
 * Save one field of a company or contact: resolves to the server's message when it refuses
 * (validation, a read-only field, no right to this record), or null when saved.
 */
export function useCustomerUpdate(kind: 'company' | 'contact', customFields: CustomFieldDef[] = []) {
  const { t } = useTranslation('customers');
  const { tenant } = useMember();
  const [, updateCompany] = useMutation(UpdateCompanyDocument);
  const [, updateContact] = useMutation(UpdateContactDocument);
  return useCallback(
    async (id: string, field: string, value: string, currency?: string): Promise<string | null> => {
      const given = isCustomField(field) ? customFieldInput(customFields, field, value) : inputOf(field, value, currency || tenant.currency || 'USD');
      const input = { id, ...given };
      const found =
        kind === 'company'
          ? outcome(await updateCompany({ input: input as never, withCustomFields: customFields.length > 0 }), (d) => d.updateCompany, t)
          : outcome(await updateContact({ input: input as never, withCustomFields: customFields.length > 0 }), (d) => d.updateContact, t);
      const messages = Object.values(found);
      return messages.length ? messages.join(' ') : null;
    },
    [kind, t, tenant.currency, updateCompany, updateContact, customFields],
  );
}
