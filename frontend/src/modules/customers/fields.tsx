import { Anchor } from '@mantine/core';
import type { TFunction } from 'i18next';
import { Link } from 'react-router';

import type { Choice, Editor } from '../../components/record/InlineField';
import { moneyField } from '../../components/record/money';
import type { FieldGroup } from '../../components/record/RecordFields';
import { TagList } from '../../components/TagList';
import type { CustomerCompanyQuery, CustomerContactQuery } from '../../gql/tenant/graphql';
import type { useFormat } from '../../locale';

type CompanyNode = Extract<NonNullable<CustomerCompanyQuery['node']>, { __typename: 'Company' }>;
type ContactNode = Extract<NonNullable<CustomerContactQuery['node']>, { __typename: 'Contact' }>;
type Format = ReturnType<typeof useFormat>;

const SIZES = ['MICRO', 'SMALL', 'MEDIUM', 'LARGE', 'ENTERPRISE'];
const LEVELS = ['STRATEGIC', 'A', 'B', 'C'];
const SOURCES = ['WEBSITE', 'REFERRAL', 'TRADE_SHOW', 'COLD_CALL', 'SOCIAL', 'PARTNER', 'ADVERTISING', 'IMPORT', 'OTHER'];
const RATINGS = ['AAA', 'AA', 'A', 'BBB', 'BB', 'B', 'C'];
const STAGES = ['PROSPECT', 'ACTIVE', 'DORMANT', 'LOST'];
const BUYING_ROLES = ['DECISION_MAKER', 'INFLUENCER', 'CHAMPION', 'USER', 'GATEKEEPER', 'TECHNICAL_BUYER', 'OTHER'];

const text: Editor = { kind: 'text' };
const choice = (values: string[], label: (v: string) => string, clearable = true): Editor => ({
  kind: 'select',
  options: values.map((value) => ({ value, label: label(value) })),
  clearable,
});
const when = (format: Format, at: string | null | undefined) => (at ? format.dateTime(at) : '');

/** Every field of a company, grouped as its page shows them; editors for those the API can change. */
export function companyFields(company: CompanyNode, t: TFunction, format: Format, owners: Choice[], currencies: readonly string[] = []): FieldGroup[] {
  return [
    {
      id: 'basics',
      title: t('group.basics'),
      fields: [
        { field: 'name', label: t('company.name'), value: company.name, editor: text },
        { field: 'industry', label: t('column.industry'), value: company.industry, editor: text },
        { field: 'category', label: t('field.category'), value: company.category, editor: text },
        { field: 'size', label: t('field.size'), value: company.size ?? '', editor: choice(SIZES, (v) => t(`size.${v}`)) },
        { field: 'website', label: t('column.website'), value: company.website, editor: text },
        { field: 'phone', label: t('column.phone'), value: company.phone, editor: text },
      ],
    },
    {
      id: 'classification',
      title: t('group.classification'),
      fields: [
        { field: 'lifecycleStage', label: t('company.stage'), value: company.lifecycleStage, editor: choice(STAGES, (v) => t(`stage.${v}`), false) },
        { field: 'level', label: t('field.level'), value: company.level ?? '', editor: choice(LEVELS, (v) => t(`level.${v}`)) },
        { field: 'source', label: t('field.source'), value: company.source ?? '', editor: choice(SOURCES, (v) => t(`source.${v}`)) },
        { field: 'creditRating', label: t('field.creditRating'), value: company.creditRating ?? '', editor: choice(RATINGS, (v) => v) },
        // The kit's money field: shown in the interface language, edited as an amount and a currency (the record's,
        // else the workspace's); saved through the page's onSave so that an edit made offline is queued.
        moneyField(format, { field: 'creditLimit', label: t('field.creditLimit'), money: company.creditLimit, currencies, editable: true }),
      ],
    },
    {
      id: 'ownership',
      title: t('group.ownership'),
      fields: [
        { field: 'owner', label: t('column.owner'), value: company.owner?.id ?? '', display: company.owner?.fullName || t('company.pool'), editor: choice(owners.map((o) => o.value), (v) => owners.find((o) => o.value === v)?.label ?? v) },
        { field: 'ownerAssignedAt', label: t('field.ownerAssignedAt'), value: when(format, company.ownerAssignedAt) },
        {
          field: 'parent',
          label: t('field.parent'),
          value: company.parent?.name ?? '',
          display: company.parent ? (
            <Anchor component={Link} to={`/customers/companies/${encodeURIComponent(company.parent.id)}`} size="sm">
              {company.parent.name}
            </Anchor>
          ) : undefined,
        },
        { field: 'tags', label: t('column.tags'), value: company.tags.map((tag) => tag.name).join(', '), display: <TagList names={company.tags.map((tag) => tag.name)} empty="—" /> },
      ],
    },
    {
      id: 'location',
      title: t('group.location'),
      fields: [
        { field: 'region', label: t('column.region'), value: company.region },
        { field: 'country', label: t('field.country'), value: company.country },
      ],
    },
    {
      id: 'system',
      title: t('group.system'),
      fields: [
        { field: 'lastInteractionAt', label: t('column.lastInteractionAt'), value: company.lastInteractionAt ? format.relative(company.lastInteractionAt) : '' },
        { field: 'lifecycleStageChangedAt', label: t('field.lifecycleStageChangedAt'), value: when(format, company.lifecycleStageChangedAt) },
        { field: 'createdAt', label: t('column.createdAt'), value: format.date(company.createdAt) },
        { field: 'updatedAt', label: t('field.updatedAt'), value: when(format, company.updatedAt) },
      ],
    },
  ];
}

/** Every field of a contact, grouped. E-mails and phones are edited as comma-separated lists. */
export function contactFields(contact: ContactNode, t: TFunction, format: Format, owners: Choice[]): FieldGroup[] {
  const yesNo = choice(['true', 'false'], (v) => t(v === 'true' ? 'field.yes' : 'field.no'), false);
  return [
    {
      id: 'basics',
      title: t('group.person'),
      fields: [
        { field: 'firstName', label: t('contact.firstName'), value: contact.firstName, editor: text },
        { field: 'lastName', label: t('contact.lastName'), value: contact.lastName, editor: text },
        { field: 'title', label: t('column.title'), value: contact.title, editor: text },
        { field: 'buyingRole', label: t('field.buyingRole'), value: contact.buyingRole ?? '', editor: choice(BUYING_ROLES, (v) => t(`buyingRole.${v}`)) },
        { field: 'birthday', label: t('field.birthday'), value: contact.birthday ?? '', display: contact.birthday ? format.date(`${contact.birthday}T00:00:00Z`, { dateStyle: 'medium', timeZone: 'UTC' }) : undefined, editor: { kind: 'date' } },
        {
          field: 'company',
          label: t('column.company'),
          value: contact.company?.name ?? '',
          display: contact.company ? (
            <Anchor component={Link} to={`/customers/companies/${encodeURIComponent(contact.company.id)}`} size="sm">
              {contact.company.name}
            </Anchor>
          ) : undefined,
        },
      ],
    },
    {
      id: 'reach',
      title: t('group.reach'),
      fields: [
        { field: 'emails', label: t('column.emails'), value: (contact.emails ?? []).join(', '), editor: { kind: 'list' } },
        { field: 'phones', label: t('column.phones'), value: (contact.phones ?? []).join(', '), editor: { kind: 'list' } },
        { field: 'wechatId', label: t('field.wechatId'), value: contact.wechatId, editor: text },
        { field: 'emailConsent', label: t('field.emailConsent'), value: String(contact.emailConsent), editor: yesNo },
        { field: 'smsConsent', label: t('field.smsConsent'), value: String(contact.smsConsent), editor: yesNo },
      ],
    },
    {
      id: 'ownership',
      title: t('group.ownership'),
      fields: [
        { field: 'owner', label: t('column.owner'), value: contact.owner?.id ?? '', display: contact.owner?.fullName || t('company.pool'), editor: choice(owners.map((o) => o.value), (v) => owners.find((o) => o.value === v)?.label ?? v) },
        { field: 'tags', label: t('column.tags'), value: contact.tags.map((tag) => tag.name).join(', '), display: <TagList names={contact.tags.map((tag) => tag.name)} empty="—" /> },
      ],
    },
    {
      id: 'system',
      title: t('group.system'),
      fields: [
        { field: 'lastInteractionAt', label: t('column.lastInteractionAt'), value: contact.lastInteractionAt ? format.relative(contact.lastInteractionAt) : '' },
        { field: 'createdAt', label: t('column.createdAt'), value: format.date(contact.createdAt) },
        { field: 'updatedAt', label: t('field.updatedAt'), value: when(format, contact.updatedAt) },
      ],
    },
  ];
}
