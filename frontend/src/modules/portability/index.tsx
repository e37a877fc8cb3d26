import { isAdmin } from '../../auth/session';
import type { CrmModule } from '../types';
import { DataExportSection } from './DataExportSection';
import { en, zhCN } from './translations';

/** Data portability: Settings → Data export (owners and admins) starts, follows and downloads full workspace exports. */
export const portabilityModule: CrmModule = {
  id: 'portability',
  settingsSections: [{ id: 'data-export', label: 'portability:tab', order: 850, component: DataExportSection, visible: isAdmin }],
  translations: { en, 'zh-CN': zhCN },
};
