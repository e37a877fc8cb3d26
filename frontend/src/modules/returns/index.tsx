import { IconReturn } from '../../components/icons';
import type { CrmModule } from '../types';
import { ClaimPage } from './ClaimPage';
import { ClaimsPage } from './ClaimsPage';
import { CompanyReturnsPanel } from './CompanyReturnsPanel';
import { claimPath, returnPath } from './logic';
import { ClaimsDocument, ReturnRequestsDocument, UpdateClaimDocument, UpdateReturnRequestDocument } from './operations';
import { ReturnPage } from './ReturnPage';
import { ReturnsPage } from './ReturnsPage';
import { en, zhCN } from './translations';
import { offlineType } from '../../offline/declare';

/** Returns (list, page with status moves and the refund's credit note) and claims, and a company's returns and claims. */
export const returnsModule: CrmModule = {
  id: 'returns',
  recordPages: { ReturnRequest: '/returns/', Claim: '/returns/claims/' },
  // Readable offline when opened here or the member's own (src/offline); fields edited offline are queued.
  offline: [offlineType('ReturnRequest', { kind: 'returns:search.returnRequest', label: 'number', update: UpdateReturnRequestDocument, remove: 'ReturnRequests' }), offlineType('Claim', { kind: 'returns:search.claim', label: 'number', update: UpdateClaimDocument, remove: 'Claims' })],
  recordGroups: { ReturnRequest: [{ id: 'details', label: 'common:recordGroups.details', fields: ['reason', 'resolution', 'notes'] }, { id: 'amounts', label: 'common:recordGroups.amounts', fields: ['refundAmount', 'creditNote'] }, { id: 'customer', label: 'common:recordGroups.customer', fields: ['company', 'order', 'owner'] }], Claim: [{ id: 'details', label: 'common:recordGroups.details', fields: ['kind', 'description'] }, { id: 'amounts', label: 'common:recordGroups.amounts', fields: ['amountClaimed', 'amountApproved'] }, { id: 'customer', label: 'common:recordGroups.customer', fields: ['company', 'order', 'warranty', 'owner'] }] },
  routes: [
    { path: 'returns', element: <ReturnsPage /> },
    { path: 'returns/claims', element: <ClaimsPage /> },
    { path: 'returns/claims/:id', element: <ClaimPage /> },
    { path: 'returns/:id', element: <ReturnPage /> },
  ],
  nav: [
    { to: '/returns', label: 'returns:nav.returns', icon: IconReturn, order: 320 },
    { to: '/returns/claims', label: 'returns:nav.claims', icon: IconReturn, order: 321 },
  ],
  commands: [
    { id: 'returns', label: 'returns:command.returns', keywords: ['returns', 'rma', '退货'], order: 320, run: ({ navigate }) => navigate('/returns') },
    { id: 'new-return', label: 'returns:command.newReturn', keywords: ['create', 'return', 'rma', '新建', '退货'], order: 321, run: ({ navigate }) => navigate('/returns?new=1') },
    { id: 'claims', label: 'returns:command.claims', keywords: ['claims', 'warranty', 'damage', '索赔'], order: 322, run: ({ navigate }) => navigate('/returns/claims') },
    { id: 'new-claim', label: 'returns:command.newClaim', keywords: ['create', 'claim', '新建', '索赔'], order: 323, run: ({ navigate }) => navigate('/returns/claims?new=1') },
  ],
  search: [
    {
      id: 'returns',
      search: async (term, client) => {
        const { data } = await client.query(ReturnRequestsDocument, { first: 5, search: term }).toPromise();
        return (data?.returnRequests.edges ?? []).map(({ node }) => ({
          id: node.id,
          title: `RMA-${node.number} ${node.reason}`,
          subtitle: node.company?.name,
          to: returnPath(node.id),
          kind: 'returns:search.returnRequest',
        }));
      },
    },
    {
      id: 'claims',
      search: async (term, client) => {
        const { data } = await client.query(ClaimsDocument, { first: 5, search: term }).toPromise();
        return (data?.claims.edges ?? []).map(({ node }) => ({
          id: node.id,
          title: `CL-${node.number} ${node.description}`,
          subtitle: node.company?.name,
          to: claimPath(node.id),
          kind: 'returns:search.claim',
        }));
      },
    },
  ],
  recordPanels: [{ id: 'returns', recordTypes: ['Company'], order: 180, component: CompanyReturnsPanel }],
  translations: { en, 'zh-CN': zhCN },
};
