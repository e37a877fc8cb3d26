import { IconCoins, IconKanban } from '../../components/icons';
import type { CrmModule } from '../types';
import { BoardPage } from './BoardPage';
import { DealPage } from './DealPage';
import { DealsPage } from './DealsPage';
import { en, zhCN } from './translations';
import { offlineType } from '../../offline/declare';
import { UpdateDealDocument } from './operations';

/** Pipelines and deals: the kanban board, the deals list and a deal's page. */
export const salesModule: CrmModule = {
  id: 'sales',
  recordPages: { Deal: '/sales/deals/' },
  // Readable offline when opened here or the member's own (src/offline); fields edited offline are queued.
  offline: [offlineType('Deal', { kind: 'sales:search.deal', label: 'title', update: UpdateDealDocument })],
  recordGroups: { Deal: [{ id: 'details', label: 'common:recordGroups.details', fields: ['title', 'amount', 'stage', 'forecastCategory', 'probability', 'expectedCloseDate', 'nextStep', 'lostReason'] }, { id: 'customer', label: 'common:recordGroups.customer', fields: ['company', 'contacts', 'competitors', 'owner'] }, { id: 'dates', label: 'common:recordGroups.dates', fields: ['pipeline', 'stageEnteredAt', 'closedAt', 'createdAt'] }] },
  routes: [
    { path: 'sales/board', element: <BoardPage /> },
    { path: 'sales/deals', element: <DealsPage /> },
    { path: 'sales/deals/:id', element: <DealPage /> },
  ],
  nav: [
    { to: '/sales/board', label: 'sales:nav.board', icon: IconKanban, order: 200 },
    { to: '/sales/deals', label: 'sales:nav.deals', icon: IconCoins, order: 210 },
  ],
  commands: [
    { id: 'pipeline-board', label: 'sales:command.board', keywords: ['kanban', 'pipeline', '看板', '漏斗'], order: 200, run: ({ navigate }) => navigate('/sales/board') },
    { id: 'deals', label: 'sales:command.deals', keywords: ['opportunities', 'deals', '商机'], order: 210, run: ({ navigate }) => navigate('/sales/deals') },
  ],
  translations: { en, 'zh-CN': zhCN },
};
