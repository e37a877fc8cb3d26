import { isAdmin } from '../../auth/session';
import type { CrmModule } from '../types';
import { CustomFieldsSection } from './CustomFieldsSection';
import { LayoutsSection } from './LayoutsSection';
import { PicklistsSection } from './PicklistsSection';
import { WorkspaceProfileSection } from './WorkspaceProfileSection';
import { en, zhCN } from './translations';

/** Workspace customization (owners and admins): custom fields, picklists, layouts, company profile and branding. */
export const customizationModule: CrmModule = {
  id: 'customization',
  settingsSections: [
    { id: 'custom-fields', label: 'customization:tab', order: 150, component: CustomFieldsSection, visible: isAdmin },
    { id: 'picklists', label: 'customization:picklists.tab', order: 151, component: PicklistsSection, visible: isAdmin },
    { id: 'layouts', label: 'customization:layouts.tab', order: 152, component: LayoutsSection, visible: isAdmin },
    { id: 'company', label: 'customization:profile.tab', order: 153, component: WorkspaceProfileSection, visible: isAdmin },
  ],
  translations: { en, 'zh-CN': zhCN },
};
