/** Leads kept offline (src/offline): readable when opened here or the member's own, fields edited offline queued. */
import type { LeadQuery } from '../../gql/tenant/graphql';
import { offlineType } from '../../offline/declare';
import type { OfflineType } from '../types';
import { UpdateLeadDocument } from './operations';


export const leadOfflineTypes: OfflineType[] = [offlineType('Lead', { kind: 'leads:search.lead', label: 'name', update: UpdateLeadDocument, remove: 'Leads' })];

const plain = (values: Record<string, unknown>) => Object.fromEntries(Object.entries(values).filter(([, v]) => v === null || typeof v !== 'object'));

/** A lead page's result from the feed's values, for a lead of the member's own never opened here (its owner is the member). */
export function leadFromValues(id: string, values: Record<string, unknown>, owner: { id: string; fullName: string }): LeadQuery {
  return {
    node: {
      __typename: 'Lead',
      id,
      name: '',
      companyName: '',
      title: '',
      email: null,
      phone: null,
      status: 'NEW',
      source: 'OTHER',
      score: 0,
      region: '',
      industry: '',
      createdAt: '',
      updatedAt: '',
      description: '',
      scoredAt: null,
      scoreBreakdown: { score: 0, halfLifeDays: 0, items: [] },
      convertedAt: null,
      convertedBy: null,
      convertedCompany: null,
      convertedContact: null,
      convertedDeal: null,
      campaign: null,
      ...plain(values),
      owner: values.owner === owner.id ? owner : null,
      activities: { totalCount: 0, edges: [] },
      history: { edges: [] },
    } as never,
  };
}
