import { isAdmin } from '../../auth/session';
import type { CrmModule } from '../types';
import { en, zhCN } from './translations';
import { WebhooksSection } from './WebhooksSection';

/** Integrations: outgoing webhooks with their delivery log (owners and admins). */
export const integrationsModule: CrmModule = {
  id: 'integrations',
  settingsSections: [{ id: 'webhooks', label: 'integrations:tab', order: 160, component: WebhooksSection, visible: isAdmin }],
  translations: { en, 'zh-CN': zhCN },
};
