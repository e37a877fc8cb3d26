import { isAdmin } from '../../auth/session';
import type { CrmModule } from '../types';
import { CustomFieldsSection } from './CustomFieldsSection';
import { en, zhCN } from './translations';

/** Workspace customization: custom fields (owners and admins); record pages render them by themselves. */
export const customizationModule: CrmModule = {
  id: 'customization',
  settingsSections: [{ id: 'custom-fields', label: 'customization:tab', order: 150, component: CustomFieldsSection, visible: isAdmin }],
  translations: { en, 'zh-CN': zhCN },
};
