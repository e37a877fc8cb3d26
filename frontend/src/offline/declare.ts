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

import { bulkPair } from '../components/list/useRecordList';
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
    create,
    remove,
  }: {
    /** i18n key of the kind of record (e.g. `sales:search.deal`). */
    kind: string;
    /** The feed value naming the record (e.g. `title`), or how to name it from the values. */
    label: string | ((values: Record<string, unknown>) => string);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any update mutation taking `{input}`
    update?: TypedDocumentNode<any, { input: any }>;
    /** The create mutation, for records made offline (its payload names the record: `{company {id}}`). */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any create mutation taking `{input}`
    create?: TypedDocumentNode<any, { input: any }>;
    /** The plural of the kit's `delete<Plural>` (`Companies`), for records deleted offline. */
    remove?: string;
  },
): OfflineType {
  const created = create;
  const removal = remove === undefined ? null : bulkPair(recordType, remove);
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
    create: created
      ? async (client, input) => {
          const result = await client.mutation(created, { input }).toPromise();
          const payload = result.data ? (Object.values(result.data as Record<string, unknown>)[0] as Record<string, unknown> | null) : null;
          const answer = answerOf(result, () => payload as never);
          // The payload's record (`company`, `deal`…): the one object with an id.
          const record = Object.values(payload ?? {}).find((v): v is { id: string } => typeof (v as { id?: unknown } | null)?.id === 'string');
          return answer.kind === 'saved' ? { kind: 'saved', id: record?.id } : answer;
        }
      : undefined,
    remove: removal
      ? async (client, id) => {
          const result = await client.mutation(removal.remove, { input: { [removal.field]: [id] } }).toPromise();
          const payload = (result.data as Record<string, { deletedIds?: string[]; errors: { field?: string | null; message: string; code: string }[] }> | undefined)?.[removal.deleteName];
          return answerOf(result, () => payload);
        }
      : undefined,
  };
}
