/**
 * Companies and contacts kept offline (src/offline): how the change feed names them, how a queued
 * edit goes out, and a record page's result built from the feed's values for one of the member's
 * own records never opened on this device.
 */
import type { CustomerCompanyQuery, CustomerContactQuery } from '../../gql/tenant/graphql';
import { offlineType } from '../../offline/declare';
import type { OfflineType } from '../types';
import { CreateCompanyDocument, CreateContactDocument, UpdateCompanyDocument, UpdateContactDocument } from './operations';

const text = (v: unknown) => (typeof v === 'string' ? v : '');
const nameOf = (values: Record<string, unknown>) => `${text(values.firstName)} ${text(values.lastName)}`.trim();

export const customerOfflineTypes: OfflineType[] = [
  offlineType('Company', { kind: 'customers:search.company', label: 'name', update: UpdateCompanyDocument, create: CreateCompanyDocument, remove: 'Companies' }),
  offlineType('Contact', { kind: 'customers:search.contact', label: nameOf, update: UpdateContactDocument, create: CreateContactDocument, remove: 'Contacts' }),
];

/** The fields a record page shows that the feed's values hold as they are (text, choices, lists of text). */
function plain(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v === null || typeof v !== 'object' || (Array.isArray(v) && v.every((x) => typeof x === 'string'))));
}

const empty = { edges: [] };
const money = (v: unknown) => (v && typeof v === 'object' && 'amount' in v ? (v as { amount: string; currency: string }) : null);

/** The owner of a record of the member's own is the member. */
export interface Owner {
  id: string;
  fullName: string;
  email: string;
}

export function companyFromValues(id: string, values: Record<string, unknown>, owner: Owner): CustomerCompanyQuery {
  return {
    node: {
      __typename: 'Company',
      id,
      name: '',
      industry: '',
      website: '',
      phone: '',
      region: '',
      country: '',
      lifecycleStage: 'PROSPECT',
      level: null,
      source: null,
      lastInteractionAt: null,
      createdAt: '',
      deletedAt: null,
      category: '',
      size: null,
      creditRating: null,
      ownerAssignedAt: null,
      lifecycleStageChangedAt: null,
      updatedAt: '',
      tags: [],
      parent: null,
      ...plain(values),
      creditLimit: money(values.creditLimit),
      owner: values.owner === owner.id ? owner : null,
      contacts: { totalCount: 0, edges: [] },
      interactions: empty,
      history: empty,
    } as never,
  };
}

export function contactFromValues(id: string, values: Record<string, unknown>, owner: Owner): CustomerContactQuery {
  return {
    node: {
      __typename: 'Contact',
      id,
      firstName: '',
      lastName: '',
      title: '',
      emails: [],
      phones: [],
      wechatId: '',
      buyingRole: null,
      birthday: null,
      emailConsent: false,
      smsConsent: false,
      lastInteractionAt: null,
      createdAt: '',
      updatedAt: '',
      deletedAt: null,
      company: null,
      tags: [],
      ...plain(values),
      fullName: nameOf(values),
      owner: values.owner === owner.id ? owner : null,
      interactions: empty,
      history: empty,
    } as never,
  };
}
