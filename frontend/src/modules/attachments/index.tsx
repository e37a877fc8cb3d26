import type { CrmModule } from '../types';
import { AttachmentPanel } from './AttachmentPanel';
import { en, zhCN } from './translations';

/** Files on record pages: upload (button or drag and drop), preview, download, delete with undo. */
export const attachmentsModule: CrmModule = {
  id: 'attachments',
  recordPanels: [{ id: 'attachments', recordTypes: ['*'], order: 200, component: AttachmentPanel }],
  translations: { en, 'zh-CN': zhCN },
};
