import { IconCoins, IconInbox } from '../../components/icons';
import type { CrmModule } from '../types';
import { OrderPage } from './OrderPage';
import { OrdersPage } from './OrdersPage';
import { ProductPage } from './ProductPage';
import { ProductsPage } from './ProductsPage';
import { UpdateOrderDocument } from './operations';
import { QuotePanel } from './QuotePanel';
import { en, zhCN } from './translations';
import { offlineType } from '../../offline/declare';

/** The catalogue: products and their price tiers, the quote editor on deal pages, orders. */
export const catalogModule: CrmModule = {
  id: 'catalog',
  routes: [
    { path: 'catalog/products', element: <ProductsPage /> },
    { path: 'catalog/products/:id', element: <ProductPage /> },
    { path: 'catalog/orders', element: <OrdersPage /> },
    { path: 'catalog/orders/:id', element: <OrderPage /> },
  ],
  nav: [
    { to: '/catalog/products', label: 'catalog:nav.products', icon: IconCoins, order: 220 },
    { to: '/catalog/orders', label: 'catalog:nav.orders', icon: IconInbox, order: 230 },
  ],
  commands: [
    { id: 'products', label: 'catalog:command.products', keywords: ['products', 'price book', '产品', '价格'], order: 220, run: ({ navigate }) => navigate('/catalog/products') },
    { id: 'orders', label: 'catalog:command.orders', keywords: ['orders', '订单'], order: 230, run: ({ navigate }) => navigate('/catalog/orders') },
  ],
  recordPages: { Order: '/catalog/orders/' },
  // Readable offline when opened here or the member's own (src/offline); fields edited offline are queued.
  offline: [offlineType('Order', { kind: 'catalog:search.order', label: 'number', update: UpdateOrderDocument, remove: 'Orders' })],
  recordGroups: { Order: [{ id: 'details', label: 'common:recordGroups.details', fields: ['deal', 'company', 'quote', 'total', 'owner'] }, { id: 'dates', label: 'common:recordGroups.dates', fields: ['createdAt', 'closedAt'] }] },
  recordPanels: [{ id: 'quotes', recordTypes: ['Deal'], order: 100, component: QuotePanel }],
  translations: { en, 'zh-CN': zhCN },
};
