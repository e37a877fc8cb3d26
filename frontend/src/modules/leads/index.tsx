import { isAdmin } from '../../auth/session';
import { IconTarget } from '../../components/icons';
import type { CrmModule } from '../types';
import { CampaignPage } from './CampaignPage';
import { CampaignsPage } from './CampaignsPage';
import { LeadPage } from './LeadPage';
import { LeadSettingsSection } from './LeadSettingsSection';
import { LeadsPage } from './LeadsPage';
import { leadOfflineTypes } from './offline';
import { SearchLeadsDocument, UpdateCampaignDocument } from './operations';
import { en, zhCN } from './translations';
import { offlineType } from '../../offline/declare';

/** Leads: the list, a lead's page with its score, activities and conversion; settings for scoring, assignment and the web form. */
export const leadsModule: CrmModule = {
  id: 'leads',
  recordPages: { Lead: '/leads/', Campaign: '/leads/campaigns/' },
  recordGroups: { Lead: [{ id: 'person', label: 'leads:groups.person', fields: ['name', 'companyName', 'title', 'email', 'phone'] }, { id: 'qualification', label: 'leads:groups.qualification', fields: ['status', 'source', 'region', 'industry', 'owner', 'campaign'] }, { id: 'notes', label: 'leads:groups.notes', fields: ['description'] }, { id: 'record', label: 'leads:groups.record', fields: ['createdAt', 'updatedAt', 'convertedAt', 'convertedBy'] }], Campaign: [{ id: 'details', label: 'common:recordGroups.details', fields: ['name', 'type', 'status', 'owner', 'description', 'formKey'] }, { id: 'dates', label: 'common:recordGroups.dates', fields: ['startDate', 'endDate'] }, { id: 'amounts', label: 'common:recordGroups.amounts', fields: ['budget', 'actualCost', 'expectedRevenue', 'currency'] }] },
  routes: [
    { path: 'leads', element: <LeadsPage /> },
    { path: 'leads/campaigns', element: <CampaignsPage /> },
    { path: 'leads/campaigns/:id', element: <CampaignPage /> },
    { path: 'leads/:id', element: <LeadPage /> },
  ],
  nav: [
    { to: '/leads', label: 'leads:nav.leads', icon: IconTarget, order: 150 },
    { to: '/leads/campaigns', label: 'leads:nav.campaigns', icon: IconTarget, order: 155 },
  ],
  commands: [
    { id: 'leads', label: 'leads:command.leads', keywords: ['leads', 'prospects', '线索'], order: 150, run: ({ navigate }) => navigate('/leads') },
    { id: 'campaigns', label: 'leads:command.campaigns', keywords: ['campaigns', 'marketing', '市场活动'], order: 152, run: ({ navigate }) => navigate('/leads/campaigns') },
    { id: 'new-campaign', label: 'leads:command.newCampaign', keywords: ['create', 'add', 'campaign', '新建', '市场活动'], order: 153, run: ({ navigate }) => navigate('/leads/campaigns?new=1') },
    { id: 'new-lead', label: 'leads:command.newLead', keywords: ['create', 'add', 'lead', '新建', '线索'], order: 151, run: ({ navigate }) => navigate('/leads?new=1') },
  ],
  settingsSections: [{ id: 'leads', label: 'leads:settings.tab', order: 180, component: LeadSettingsSection, visible: isAdmin }],
  search: [
    {
      id: 'leads',
      search: async (term, client) => {
        const { data } = await client.query(SearchLeadsDocument, { q: term }).toPromise();
        return (data?.leads.edges ?? []).map(({ node }) => ({
          id: node.id,
          title: node.name,
          subtitle: node.companyName || undefined,
          to: `/leads/${encodeURIComponent(node.id)}`,
          kind: 'leads:search.lead',
        }));
      },
    },
  ],
  // Readable offline (opened here, or the member's own) and edited in place offline: src/offline.
  offline: [...leadOfflineTypes, offlineType('Campaign', { kind: 'leads:search.campaign', label: 'name', update: UpdateCampaignDocument, remove: 'Campaigns' })],
  translations: { en, 'zh-CN': zhCN },
};
