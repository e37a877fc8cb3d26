import { IconTool } from '../../components/icons';
import type { CrmModule } from '../types';
import { repairPath } from './logic';
import { RepairOrdersDocument, UpdateRepairOrderDocument, UpdateWarrantyDocument } from './operations';
import { CompanyWarrantiesPanel, TicketRepairsPanel } from './panels';
import { RepairPage } from './RepairPage';
import { RepairsPage } from './RepairsPage';
import { en, zhCN } from './translations';
import { WarrantiesPage } from './WarrantiesPage';
import { WarrantyPage } from './WarrantyPage';
import { offlineType } from '../../offline/declare';

/** After-sales repairs: the repair orders list and page (lines, figures, invoice), warranties and a warranty's page, a company's warranties and a ticket's repair orders. */
export const repairsModule: CrmModule = {
  id: 'repairs',
  recordPages: { RepairOrder: '/repairs/', Warranty: '/repairs/warranties/' },
  // Readable offline when opened here or the member's own (src/offline); fields edited offline are queued.
  offline: [offlineType('RepairOrder', { kind: 'repairs:search.repair', label: 'number', update: UpdateRepairOrderDocument, remove: 'RepairOrders' }), offlineType('Warranty', { kind: 'repairs:search.warranty', label: 'serialNumber', update: UpdateWarrantyDocument, remove: 'Warranties' })],
  recordGroups: { RepairOrder: [{ id: 'details', label: 'common:recordGroups.details', fields: ['product', 'serialNumber', 'receivedOn', 'problem', 'diagnosis'] }, { id: 'customer', label: 'common:recordGroups.customer', fields: ['company', 'contact', 'ticket', 'owner'] }, { id: 'amounts', label: 'common:recordGroups.amounts', fields: ['taxRate', 'currency', 'subtotal', 'coveredAmount', 'taxAmount', 'total'] }], Warranty: [{ id: 'cover', label: 'repairs:warranty.cover', fields: ['product', 'serialNumber', 'coverage', 'startDate', 'endDate', 'notes'] }, { id: 'customer', label: 'repairs:warranty.customer', fields: ['company', 'contact', 'order', 'owner'] }, { id: 'record', label: 'repairs:warranty.record', fields: ['voidedAt', 'voidReason', 'createdAt', 'updatedAt'] }] },
  routes: [
    { path: 'repairs', element: <RepairsPage /> },
    { path: 'repairs/warranties', element: <WarrantiesPage /> },
    { path: 'repairs/warranties/:id', element: <WarrantyPage /> },
    { path: 'repairs/:id', element: <RepairPage /> },
  ],
  nav: [
    { to: '/repairs', label: 'repairs:nav.repairs', icon: IconTool, order: 310 },
    { to: '/repairs/warranties', label: 'repairs:nav.warranties', icon: IconTool, order: 311 },
  ],
  commands: [
    { id: 'repairs', label: 'repairs:command.repairs', keywords: ['repairs', 'workshop', 'rma', '维修'], order: 310, run: ({ navigate }) => navigate('/repairs') },
    { id: 'new-repair', label: 'repairs:command.newRepair', keywords: ['create', 'add', 'repair', '新建', '维修'], order: 311, run: ({ navigate }) => navigate('/repairs?new=1') },
    { id: 'warranties', label: 'repairs:command.warranties', keywords: ['warranty', 'guarantee', '保修'], order: 312, run: ({ navigate }) => navigate('/repairs/warranties') },
    { id: 'new-warranty', label: 'repairs:command.newWarranty', keywords: ['create', 'add', 'warranty', '新建', '保修'], order: 313, run: ({ navigate }) => navigate('/repairs/warranties?new=1') },
  ],
  search: [
    {
      id: 'repairs',
      search: async (term, client) => {
        const { data } = await client.query(RepairOrdersDocument, { first: 5, search: term }).toPromise();
        return (data?.repairOrders.edges ?? []).map(({ node }) => ({
          id: node.id,
          title: `${node.displayNumber} ${node.problem}`,
          subtitle: [node.company?.name, node.serialNumber].filter(Boolean).join(' · '),
          to: repairPath(node.id),
          kind: 'repairs:search.repair',
        }));
      },
    },
  ],
  recordPanels: [
    { id: 'warranties', recordTypes: ['Company'], order: 170, component: CompanyWarrantiesPanel },
    { id: 'ticket-repairs', recordTypes: ['Ticket'], order: 100, component: TicketRepairsPanel },
  ],
  translations: { en, 'zh-CN': zhCN },
};
