import { IconContract, IconTarget } from '../../components/icons';
import type { CrmModule } from '../types';
import { CompanyContractsPanel } from './CompanyContractsPanel';
import { ContractPage } from './ContractPage';
import { ContractsPage } from './ContractsPage';
import { DevelopmentPlansPanel } from './DevelopmentPlansPanel';
import { contractPath } from './logic';
import { ContractsDocument, UpdateContractDocument } from './operations';
import { OrderContractAction } from './OrderContractAction';
import { PlansPage } from './PlansPage';
import { en, zhCN } from './translations';
import { offlineType } from '../../offline/declare';

/** Contracts (list, page with status actions and renewals, a company's contracts, "Create contract" on orders) and customer development plans. */
export const contractsModule: CrmModule = {
  id: 'contracts',
  recordPages: { Contract: '/contracts/' },
  // Readable offline when opened here or the member's own (src/offline); fields edited offline are queued.
  offline: [offlineType('Contract', { kind: 'contracts:search.contract', label: (values) => `${String(values.number ?? '')} ${String(values.title ?? '')}`.trim(), update: UpdateContractDocument, remove: 'Contracts' })],
  recordGroups: { Contract: [{ id: 'details', label: 'common:recordGroups.details', fields: ['title', 'value', 'billingFrequency', 'terms', 'endReason'] }, { id: 'dates', label: 'common:recordGroups.dates', fields: ['startDate', 'endDate', 'autoRenew', 'renewalNoticeDays', 'renewalReminderDate'] }, { id: 'customer', label: 'common:recordGroups.customer', fields: ['company', 'owner', 'deal', 'order'] }] },
  routes: [
    { path: 'contracts', element: <ContractsPage /> },
    { path: 'contracts/plans', element: <PlansPage /> },
    { path: 'contracts/:id', element: <ContractPage /> },
  ],
  nav: [
    { to: '/contracts', label: 'contracts:nav.contracts', icon: IconContract, order: 240 },
    { to: '/contracts/plans', label: 'contracts:nav.plans', icon: IconTarget, order: 245 },
  ],
  commands: [
    { id: 'contracts', label: 'contracts:command.contracts', keywords: ['contracts', 'renewals', '合同'], order: 240, run: ({ navigate }) => navigate('/contracts') },
    { id: 'new-contract', label: 'contracts:command.newContract', keywords: ['create', 'add', 'contract', '新建', '合同'], order: 241, run: ({ navigate }) => navigate('/contracts?new=1') },
    { id: 'plans', label: 'contracts:command.plans', keywords: ['development plans', 'account plans', '发展计划'], order: 245, run: ({ navigate }) => navigate('/contracts/plans') },
  ],
  search: [
    {
      id: 'contracts',
      search: async (term, client) => {
        const { data } = await client.query(ContractsDocument, { first: 5, search: term }).toPromise();
        return (data?.contracts.edges ?? []).map(({ node }) => ({
          id: node.id,
          title: `C-${node.number} ${node.title}`,
          subtitle: node.company?.name,
          to: contractPath(node.id),
          kind: 'contracts:search.contract',
        }));
      },
    },
  ],
  recordPanels: [
    { id: 'contracts', recordTypes: ['Company'], order: 150, component: CompanyContractsPanel },
    { id: 'development-plans', recordTypes: ['Company'], order: 160, component: DevelopmentPlansPanel },
  ],
  recordActions: [{ id: 'create-contract', recordTypes: ['Order'], order: 100, component: OrderContractAction }],
  translations: { en, 'zh-CN': zhCN },
};
