import { IconChart } from '../../components/icons';
import type { CrmModule } from '../types';
import { SatisfactionPanel } from './SatisfactionPanel';
import { ServiceStatsPage } from './ServiceStatsPage';
import { SurveyPage } from './SurveyPage';
import { en, zhCN } from './translations';

/** Who runs the desk reads its figures (the query itself is scoped for everyone). */
export const isManager = (role: string) => role === 'owner' || role === 'admin' || role === 'manager';

/** Satisfaction surveys (the public answer page, a contact's answers) and the service statistics page. */
export const surveysModule: CrmModule = {
  id: 'surveys',
  routes: [{ path: 'service/statistics', element: <ServiceStatsPage /> }],
  publicRoutes: [{ path: '/survey/:token', element: <SurveyPage /> }],
  nav: [{ to: '/service/statistics', label: 'surveys:nav.statistics', icon: IconChart, order: 75, visible: isManager }],
  commands: [
    {
      id: 'service-statistics',
      label: 'surveys:command.statistics',
      keywords: ['csat', 'nps', 'sla', 'report', '统计', '满意度'],
      order: 170,
      visible: isManager,
      run: ({ navigate }) => navigate('/service/statistics'),
    },
  ],
  recordPanels: [{ id: 'satisfaction', recordTypes: ['Contact'], order: 200, component: SatisfactionPanel }],
  translations: { en, 'zh-CN': zhCN },
};
