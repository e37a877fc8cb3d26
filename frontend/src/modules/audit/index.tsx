import { isAdmin } from '../../auth/session';
import { IconHistory } from '../../components/icons';
import type { CrmModule } from '../types';
import { AuditLogPage } from './AuditLogPage';
import { en, zhCN } from './translations';

/** The audit log page of owners and admins (a record's own history is on its page). */
export const auditModule: CrmModule = {
  id: 'audit',
  routes: [{ path: 'audit-log', element: <AuditLogPage /> }],
  nav: [{ to: '/audit-log', label: 'audit:nav', icon: IconHistory, order: 950, visible: isAdmin }],
  commands: [{ id: 'audit-log', label: 'audit:title', keywords: ['history', 'log', '日志'], order: 950, visible: isAdmin, run: ({ navigate }) => navigate('/audit-log') }],
  translations: { en, 'zh-CN': zhCN },
};
