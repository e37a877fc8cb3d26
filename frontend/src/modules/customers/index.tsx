import { IconBuilding, IconContact, IconInbox, IconTrash } from '../../components/icons';
import type { CrmModule, SearchResult } from '../types';
import { SearchCompaniesDocument } from './operations';
import { CompaniesPage, ContactsPage, CustomerStatsWidget, PoolPage, RecycleBinPage } from './pages';
import { PoolRuleSection } from './PoolRuleSection';
import { customerOfflineTypes } from './offline';
import { CompanyPage, ContactPage } from './RecordPage';
import { en, zhCN } from './translations';

/** Companies and contacts: lists, record pages with the timeline, public pool, recycle bin, statistics. */
export const customersModule: CrmModule = {
  id: 'customers',
  recordPages: { Company: '/customers/companies/', Contact: '/customers/contacts/' },
  recordGroups: { Company: [{ id: 'basics', label: 'customers:group.basics', fields: ['name', 'industry', 'category', 'size', 'website', 'phone'] }, { id: 'classification', label: 'customers:group.classification', fields: ['lifecycleStage', 'level', 'source', 'creditRating', 'creditLimit'] }, { id: 'ownership', label: 'customers:group.ownership', fields: ['owner', 'ownerAssignedAt', 'parent', 'tags'] }, { id: 'location', label: 'customers:group.location', fields: ['region', 'country'] }, { id: 'system', label: 'customers:group.system', fields: ['lastInteractionAt', 'lifecycleStageChangedAt', 'createdAt', 'updatedAt'] }], Contact: [{ id: 'basics', label: 'customers:group.person', fields: ['firstName', 'lastName', 'title', 'buyingRole', 'birthday', 'company'] }, { id: 'reach', label: 'customers:group.reach', fields: ['emails', 'phones', 'wechatId', 'emailConsent', 'smsConsent'] }, { id: 'ownership', label: 'customers:group.ownership', fields: ['owner', 'tags'] }, { id: 'system', label: 'customers:group.system', fields: ['lastInteractionAt', 'createdAt', 'updatedAt'] }] },
  routes: [
    { path: 'customers/companies', element: <CompaniesPage /> },
    { path: 'customers/companies/:id', element: <CompanyPage /> },
    { path: 'customers/contacts', element: <ContactsPage /> },
    { path: 'customers/contacts/:id', element: <ContactPage /> },
    { path: 'customers/pool', element: <PoolPage /> },
    { path: 'customers/recycle-bin', element: <RecycleBinPage /> },
  ],
  nav: [
    { to: '/customers/companies', label: 'customers:nav.companies', icon: IconBuilding, order: 100 },
    { to: '/customers/contacts', label: 'customers:nav.contacts', icon: IconContact, order: 110 },
    { to: '/customers/pool', label: 'customers:nav.pool', icon: IconInbox, order: 120 },
    { to: '/customers/recycle-bin', label: 'customers:nav.recycleBin', icon: IconTrash, order: 900 },
  ],
  // The list page opens its "new" dialog from `?new=1`, so the action also works from another page.
  commands: [
    { id: 'new-company', label: 'customers:command.newCompany', keywords: ['create', 'add', '新建', '添加'], order: 100, run: ({ navigate }) => navigate('/customers/companies?new=1') },
    { id: 'new-contact', label: 'customers:command.newContact', keywords: ['create', 'add', '新建', '添加'], order: 110, run: ({ navigate }) => navigate('/customers/contacts?new=1') },
  ],
  // Readable offline (opened here, or the member's own) and edited in place offline: src/offline.
  offline: customerOfflineTypes,
  settingsSections: [{ id: 'pool', label: 'customers:pool.rule', order: 200, component: PoolRuleSection }],
  dashboardWidgets: [
    { id: 'customer-stats', order: 100, span: 12, component: CustomerStatsWidget },
  ],
  search: [
    {
      id: 'customers',
      search: async (term, client) => {
        const { data } = await client.query(SearchCompaniesDocument, { q: term }).toPromise();
        const results: SearchResult[] = [
          ...(data?.companies.edges ?? []).map(({ node }) => ({
            id: node.id,
            title: node.name,
            subtitle: node.industry || undefined,
            to: `/customers/companies/${encodeURIComponent(node.id)}`,
            kind: 'customers:search.company',
          })),
          ...(data?.contacts.edges ?? []).map(({ node }) => ({
            id: node.id,
            title: node.fullName,
            subtitle: node.company?.name,
            to: `/customers/contacts/${encodeURIComponent(node.id)}`,
            kind: 'customers:search.contact',
          })),
        ];
        return results;
      },
    },
  ],
  translations: { en, 'zh-CN': zhCN },
};
