import { IconContract } from '../../components/icons';
import type { CrmModule } from '../types';
import { isAdmin } from '../../auth/session';
import { CompanyEntitlementsPanel } from './CompanyEntitlementsPanel';
import { EntitlementPage } from './EntitlementPage';
import { EntitlementSettingsSection } from './EntitlementSettingsSection';
import { EntitlementsPage } from './EntitlementsPage';
import { entitlementPath } from './logic';
import { EntitlementsDocument, UpdateEntitlementDocument } from './operations';
import { TicketEntitlementPanel } from './TicketEntitlementPanel';
import { en, zhCN } from './translations';
import { offlineType } from '../../offline/declare';

/** Service entitlements: the list (with its recycle bin), an entitlement's page, a company's entitlements, a ticket's, and their settings. */
export const entitlementsModule: CrmModule = {
  id: 'entitlements',
  recordPages: { Entitlement: '/entitlements/' },
  // Readable offline when opened here or the member's own (src/offline); fields edited offline are queued.
  offline: [offlineType('Entitlement', { kind: 'entitlements:search.entitlement', label: 'name', update: UpdateEntitlementDocument })],
  recordGroups: { Entitlement: [{ id: 'details', label: 'common:recordGroups.details', fields: ['name', 'kind', 'allowance', 'slaPolicy', 'channels', 'ticketCount'] }, { id: 'dates', label: 'common:recordGroups.dates', fields: ['startDate', 'endDate'] }, { id: 'customer', label: 'common:recordGroups.customer', fields: ['company', 'contact', 'contract', 'owner'] }] },
  routes: [
    { path: 'entitlements', element: <EntitlementsPage /> },
    { path: 'entitlements/:id', element: <EntitlementPage /> },
  ],
  nav: [{ to: '/entitlements', label: 'entitlements:nav.entitlements', icon: IconContract, order: 305 }],
  commands: [
    { id: 'entitlements', label: 'entitlements:command.entitlements', keywords: ['entitlements', 'service contracts', 'support', '服务权益'], order: 305, run: ({ navigate }) => navigate('/entitlements') },
    { id: 'new-entitlement', label: 'entitlements:command.newEntitlement', keywords: ['create', 'add', 'entitlement', '新建', '服务权益'], order: 306, run: ({ navigate }) => navigate('/entitlements?new=1') },
  ],
  search: [
    {
      id: 'entitlements',
      search: async (term, client) => {
        const { data } = await client.query(EntitlementsDocument, { first: 5, search: term }).toPromise();
        return (data?.entitlements.edges ?? []).map(({ node }) => ({
          id: node.id,
          title: node.name,
          subtitle: node.company?.name,
          to: entitlementPath(node.id),
          kind: 'entitlements:search.entitlement',
        }));
      },
    },
  ],
  settingsSections: [{ id: 'entitlements', label: 'entitlements:settings.tab', order: 195, component: EntitlementSettingsSection, visible: isAdmin }],
  recordPanels: [
    { id: 'entitlements', recordTypes: ['Company'], order: 155, component: CompanyEntitlementsPanel },
    { id: 'ticket-entitlement', recordTypes: ['Ticket'], order: 50, component: TicketEntitlementPanel },
  ],
  translations: { en, 'zh-CN': zhCN },
};
