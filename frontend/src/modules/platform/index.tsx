import { IconHome, IconSettings } from '../../components/icons';
import type { CrmModule } from '../types';
import { HomePage } from './HomePage';
import { SearchPage } from './SearchPage';
import { CompanyProfile, SettingsPage } from './SettingsPage';
import { ActivityWidget, GettingStartedWidget, WelcomeWidget, WorkspaceWidget } from './widgets';

/** The platform's own pages: home dashboard, settings (company profile), search results. */
export const platformModule: CrmModule = {
  id: 'platform',
  routes: [
    { index: true, element: <HomePage /> },
    { path: 'search', element: <SearchPage /> },
    { path: 'settings', element: <SettingsPage /> },
    { path: 'settings/:section', element: <SettingsPage /> },
  ],
  nav: [
    { to: '/', label: 'nav.home', icon: IconHome, order: 0 },
    { to: '/settings', label: 'nav.settings', icon: IconSettings, order: 1000 },
  ],
  dashboardWidgets: [
    { id: 'welcome', order: 0, span: 12, component: WelcomeWidget },
    { id: 'workspace', order: 10, span: 6, component: WorkspaceWidget },
    { id: 'getting-started', order: 20, span: 6, component: GettingStartedWidget },
    { id: 'activity', order: 900, span: 12, component: ActivityWidget },
  ],
  settingsSections: [{ id: 'company', label: 'settings.company', order: 0, component: CompanyProfile }],
};
