import type { CrmModule } from '../types';
import { AcceptInvitationPage } from './AcceptInvitationPage';
import { ApiKeysSection } from './ApiKeysSection';
import { isAdmin } from './common';
import { InvitationsSection } from './InvitationsSection';
import { RolesSection } from './RolesSection';
import { SecuritySection } from './SecuritySection';
import { en, zhCN } from './translations';
import { TeamsSection } from './TeamsSection';
import { UsersSection } from './UsersSection';

/** Who may do what: users, invitations, roles, teams, API keys (admins), and everyone's own security. */
export const accessModule: CrmModule = {
  id: 'access',
  publicRoutes: [{ path: '/accept-invitation', element: <AcceptInvitationPage /> }],
  settingsSections: [
    { id: 'users', label: 'access:tabs.users', order: 100, component: UsersSection, visible: isAdmin },
    { id: 'invitations', label: 'access:tabs.invitations', order: 110, component: InvitationsSection, visible: isAdmin },
    { id: 'roles', label: 'access:tabs.roles', order: 120, component: RolesSection, visible: isAdmin },
    { id: 'teams', label: 'access:tabs.teams', order: 130, component: TeamsSection, visible: isAdmin },
    { id: 'api-keys', label: 'access:tabs.apiKeys', order: 140, component: ApiKeysSection, visible: isAdmin },
    { id: 'security', label: 'access:tabs.security', order: 900, component: SecuritySection },
  ],
  translations: { en, 'zh-CN': zhCN },
};
