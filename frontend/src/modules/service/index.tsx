import { isAdmin } from '../../auth/session';
import { IconLifebuoy } from '../../components/icons';
import type { CrmModule, SearchResult } from '../types';
import { ArticlePage } from './ArticlePage';
import { ArticlesPage } from './ArticlesPage';
import { DeskSettingsSection } from './DeskSettingsSection';
import { HelpArticlePage, HelpCenterPage } from './HelpCenterPage';
import { ArticlesDocument, TicketsDocument, UpdateArticleDocument, UpdateTicketDocument } from './operations';
import { TicketPage } from './TicketPage';
import { TicketsPage } from './TicketsPage';
import { en, zhCN } from './translations';
import { offlineType } from '../../offline/declare';

/** The service desk: the ticket queue with SLA countdowns, a ticket's page, the knowledge base, the public help page, desk settings. */
export const serviceModule: CrmModule = {
  id: 'service',
  recordPages: { Ticket: '/service/tickets/', Article: '/service/articles/' },
  // Readable offline when opened here or the member's own (src/offline); fields edited offline are queued.
  offline: [offlineType('Ticket', { kind: 'service:search.ticket', label: 'subject', update: UpdateTicketDocument }), offlineType('Article', { kind: 'service:search.article', label: 'title', update: UpdateArticleDocument })],
  recordGroups: { Ticket: [{ id: 'details', label: 'service:ticket.details', fields: ['subject', 'status', 'category', 'priority', 'kind', 'channel', 'description'] }, { id: 'customer', label: 'common:recordGroups.customer', fields: ['company', 'product', 'assignee', 'team'] }, { id: 'dates', label: 'common:recordGroups.dates', fields: ['firstResponseDueAt', 'resolutionDueAt', 'createdAt'] }], Article: [{ id: 'content', label: 'service:kb.content', fields: ['title', 'category', 'body'] }, { id: 'details', label: 'common:recordGroups.details', fields: ['status', 'version', 'slug', 'author'] }, { id: 'dates', label: 'common:recordGroups.dates', fields: ['publishedAt', 'updatedAt'] }] },
  routes: [
    { path: 'service/tickets', element: <TicketsPage /> },
    { path: 'service/tickets/:id', element: <TicketPage /> },
    { path: 'service/articles', element: <ArticlesPage /> },
    { path: 'service/articles/:id', element: <ArticlePage /> },
  ],
  publicRoutes: [
    { path: '/help', element: <HelpCenterPage /> },
    { path: '/help/:slug', element: <HelpArticlePage /> },
  ],
  nav: [
    { to: '/service/tickets', label: 'service:nav.tickets', icon: IconLifebuoy, order: 300 },
    { to: '/service/articles', label: 'service:nav.articles', icon: IconLifebuoy, order: 301 },
  ],
  settingsSections: [{ id: 'service', label: 'service:settings.tab', order: 190, component: DeskSettingsSection, visible: isAdmin }],
  commands: [
    { id: 'tickets', label: 'service:command.tickets', keywords: ['tickets', 'queue', 'support', '工单', '客服'], order: 300, run: ({ navigate }) => navigate('/service/tickets') },
    { id: 'new-ticket', label: 'service:command.newTicket', keywords: ['create', 'add', 'ticket', '新建', '工单'], order: 301, run: ({ navigate }) => navigate('/service/tickets?new=1') },
    { id: 'articles', label: 'service:command.articles', keywords: ['knowledge', 'articles', 'kb', 'help', '知识库', '文章'], order: 302, run: ({ navigate }) => navigate('/service/articles') },
    { id: 'new-article', label: 'service:command.newArticle', keywords: ['create', 'write', 'article', '新建', '文章'], order: 303, run: ({ navigate }) => navigate('/service/articles?new=1') },
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
    {
      id: 'articles',
      search: async (term, client) => {
        const { data } = await client.query(ArticlesDocument, { search: term, first: 5, filter: null, orderBy: null }).toPromise();
        return (data?.articles.edges ?? []).map(
          ({ node }): SearchResult => ({
            id: node.id,
            title: node.title,
            subtitle: node.category || undefined,
            to: `/service/articles/${encodeURIComponent(node.id)}`,
            kind: 'service:search.article',
          }),
        );
      },
    },
  ],
  translations: { en, 'zh-CN': zhCN },
};
