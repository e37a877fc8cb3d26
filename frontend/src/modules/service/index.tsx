import { IconLifebuoy } from '../../components/icons';
import type { CrmModule, SearchResult } from '../types';
import { TicketsDocument } from './operations';
import { TicketPage } from './TicketPage';
import { TicketsPage } from './TicketsPage';
import { en, zhCN } from './translations';

/** The service desk: the ticket queue with SLA countdowns and a ticket's page. */
export const serviceModule: CrmModule = {
  id: 'service',
  routes: [
    { path: 'service/tickets', element: <TicketsPage /> },
    { path: 'service/tickets/:id', element: <TicketPage /> },
  ],
  nav: [{ to: '/service/tickets', label: 'service:nav.tickets', icon: IconLifebuoy, order: 300 }],
  commands: [
    { id: 'tickets', label: 'service:command.tickets', keywords: ['tickets', 'queue', 'support', '工单', '客服'], order: 300, run: ({ navigate }) => navigate('/service/tickets') },
    { id: 'new-ticket', label: 'service:command.newTicket', keywords: ['create', 'add', 'ticket', '新建', '工单'], order: 301, run: ({ navigate }) => navigate('/service/tickets?new=1') },
  ],
  search: [
    {
      id: 'tickets',
      search: async (term, client) => {
        const { data } = await client.query(TicketsDocument, { search: term, first: 5, filter: null, orderBy: null }).toPromise();
        return (data?.tickets.edges ?? []).map(
          ({ node }): SearchResult => ({
            id: node.id,
            title: node.subject,
            subtitle: node.company?.name,
            to: `/service/tickets/${encodeURIComponent(node.id)}`,
            kind: 'service:search.ticket',
          }),
        );
      },
    },
  ],
  translations: { en, 'zh-CN': zhCN },
};
