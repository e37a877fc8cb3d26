import { IconDownload } from '../../components/icons';
import type { CrmModule } from '../types';
import { AvailableOfflinePage, AvailableOfflineWidget } from './AvailableOffline';

const en = {
  nav: 'Available offline',
  title: 'Available offline',
  intro:
    'Records you opened recently and records you own are kept on this device, kept current while you are online, and readable without a network. Changes you make to their fields offline are sent when you are back online.',
  updated: 'Last updated {{when}}.',
  none: 'Nothing is kept on this device yet: open a record, or own some.',
  all_one: 'All {{count}}',
  all_other: 'All {{count}}',
  opened: 'opened {{when}}',
  yours: 'yours',
};
const zhCN = {
  nav: '离线可用',
  title: '离线可用',
  intro: '您最近打开的记录和您负责的记录会保存在本设备上，联网时保持更新，离线时也可查看。离线时对其字段的修改会在恢复联网后发送。',
  updated: '最近更新于{{when}}。',
  none: '本设备上尚未保存任何记录：打开一条记录，或成为记录的负责人。',
  all_one: '全部 {{count}} 条',
  all_other: '全部 {{count}} 条',
  opened: '{{when}}打开',
  yours: '我负责的',
};

/** Offline reading and editing: the "Available offline" page and home widget (the store itself is src/offline). */
export const offlineModule: CrmModule = {
  id: 'offline',
  routes: [{ path: 'offline', element: <AvailableOfflinePage /> }],
  nav: [{ to: '/offline', label: 'offline:nav', icon: IconDownload, order: 950 }],
  dashboardWidgets: [{ id: 'available-offline', order: 110, span: 12, component: AvailableOfflineWidget }],
  translations: { en, 'zh-CN': zhCN },
};
