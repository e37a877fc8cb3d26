/**
 * A record type kept offline, declared in one line by its module (`CrmModule.offline`):
 *
 *     offline: [offlineType('Deal', { kind: 'sales:search.deal', label: 'title', update: UpdateDealDocument })]
 *
 * The change feed's type name comes from the GraphQL type's (`CustomerInvoice` → `CUSTOMER_INVOICE`),
 * the record's name from its feed values, and a queued edit goes out through the type's update
 * mutation (whose one root field answers `{errors}`: `answerOf`). A type without an update mutation
 * is readable offline only (its queued edits, none offered, would be refused).
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';

import type { OfflineType } from '../modules/types';
import { answerOf } from './send';

/** `CustomerInvoice` → `CUSTOMER_INVOICE`, as `changes(types:)` names it. */
export const feedTypeOf = (recordType: string) => recordType.replace(/(?<!^)(?=[A-Z])/g, '_').toUpperCase();

const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

export function offlineType(
  recordType: string,
  {
    kind,
    label,
    update,
  }: {
    /** i18n key of the kind of record (e.g. `sales:search.deal`). */
    kind: string;
    /** The feed value naming the record (e.g. `title`), or how to name it from the values. */
    label: string | ((values: Record<string, unknown>) => string);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any update mutation taking `{input}`
    update?: TypedDocumentNode<any, { input: any }>;
  },
): OfflineType {
  return {
    recordType,
    feedType: feedTypeOf(recordType),
    kind,
    label: typeof label === 'string' ? (values) => text(values[label]) : label,
    update: async (client, input) => {
      if (!update) return { kind: 'refused', message: `${recordType}: not changed offline.` };
      const result = await client.mutation(update, { input }).toPromise();
      // The mutation's one root field is its payload (`updateDeal`, `updateInvoice`…).
      return answerOf(result, (data) => Object.values(data as Record<string, unknown>)[0] as never);
    },
  };
}
