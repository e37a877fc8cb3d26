import { IconCoins } from '../../components/icons';
import type { CrmModule } from '../types';
import { InvoicePage } from './InvoicePage';
import { InvoicesPage } from './InvoicesPage';
import { SearchInvoicesDocument, UpdateInvoiceDocument } from './operations';
import { BalancePanel, OrderInvoicesPanel } from './panels';
import { en, zhCN } from './translations';
import { offlineType } from '../../offline/declare';

/** Invoicing: the invoices list, an invoice's page (lines, issue, payments, PDF), balances on company pages, "Invoice this order" on deals. */
export const invoicingModule: CrmModule = {
  id: 'invoicing',
  recordPages: { CustomerInvoice: '/invoices/' },
  // Readable offline when opened here or the member's own (src/offline); fields edited offline are queued.
  offline: [offlineType('CustomerInvoice', { kind: 'invoicing:search.invoice', label: 'number', update: UpdateInvoiceDocument })],
  recordGroups: { CustomerInvoice: [{ id: 'details', label: 'common:recordGroups.details', fields: ['company', 'order', 'currency', 'owner', 'notes'] }, { id: 'dates', label: 'common:recordGroups.dates', fields: ['issueDate', 'dueDate', 'paymentTermsDays'] }, { id: 'amounts', label: 'common:recordGroups.amounts', fields: ['status', 'subtotal', 'total', 'amountPaid', 'balance'] }] },
  routes: [
    { path: 'invoices', element: <InvoicesPage /> },
    { path: 'invoices/:id', element: <InvoicePage /> },
  ],
  nav: [{ to: '/invoices', label: 'invoicing:nav.invoices', icon: IconCoins, order: 240 }],
  commands: [
    { id: 'invoices', label: 'invoicing:command.invoices', keywords: ['invoices', 'payments', 'balance', '发票', '付款'], order: 240, run: ({ navigate }) => navigate('/invoices') },
    { id: 'new-invoice', label: 'invoicing:command.newInvoice', keywords: ['create', 'add', 'invoice', '新建', '发票'], order: 241, run: ({ navigate }) => navigate('/invoices?new=1') },
  ],
  recordPanels: [
    { id: 'balance', recordTypes: ['Company'], order: 120, component: BalancePanel },
    { id: 'order-invoices', recordTypes: ['Deal'], order: 110, component: OrderInvoicesPanel },
  ],
  search: [
    {
      id: 'invoices',
      search: async (term, client) => {
        const { data } = await client.query(SearchInvoicesDocument, { q: term }).toPromise();
        return (data?.invoices.edges ?? []).map(({ node }) => ({
          id: node.id,
          title: node.displayNumber,
          subtitle: node.company.name,
          to: `/invoices/${encodeURIComponent(node.id)}`,
          kind: 'invoicing:search.invoice',
        }));
      },
    },
  ],
  translations: { en, 'zh-CN': zhCN },
};
