import { IconChart, IconCoins, IconTarget } from '../../components/icons';
import type { CrmModule } from '../types';
import { CommissionsPage } from './CommissionsPage';
import { ForecastPage } from './ForecastPage';
import { TargetsPage } from './TargetsPage';
import { en, zhCN } from './translations';

/** Sales targets, the forecast with its charts, commission rules and statements. */
export const forecastingModule: CrmModule = {
  id: 'forecasting',
  routes: [
    { path: 'forecast', element: <ForecastPage /> },
    { path: 'forecast/targets', element: <TargetsPage /> },
    { path: 'forecast/commissions', element: <CommissionsPage /> },
  ],
  nav: [
    { to: '/forecast', label: 'forecasting:nav.forecast', icon: IconChart, order: 220 },
    { to: '/forecast/targets', label: 'forecasting:nav.targets', icon: IconTarget, order: 221 },
    { to: '/forecast/commissions', label: 'forecasting:nav.commissions', icon: IconCoins, order: 222 },
  ],
  commands: [
    { id: 'forecast', label: 'forecasting:command.forecast', keywords: ['forecast', 'quota', 'attainment', '预测', '业绩'], order: 220, run: ({ navigate }) => navigate('/forecast') },
    { id: 'sales-targets', label: 'forecasting:command.targets', keywords: ['targets', 'quota', '目标', '指标'], order: 221, run: ({ navigate }) => navigate('/forecast/targets') },
    { id: 'commissions', label: 'forecasting:command.commissions', keywords: ['commission', 'payout', '佣金', '提成'], order: 222, run: ({ navigate }) => navigate('/forecast/commissions') },
  ],
  translations: { en, 'zh-CN': zhCN },
};
