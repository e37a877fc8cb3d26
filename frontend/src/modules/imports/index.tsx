import type { CrmModule } from '../types';
import { ImportPage } from './ImportPage';
import { en, zhCN } from './translations';

/** Bulk import: the wizard at /imports (upload, mapping, dry run, live progress, undo of the last import). */
export const importsModule: CrmModule = {
  id: 'imports',
  routes: [{ path: 'imports', element: <ImportPage /> }],
  commands: [
    {
      id: 'import-records',
      label: 'imports:command',
      keywords: ['import', 'csv', 'xlsx', 'excel', 'upload', '导入', '上传'],
      order: 900,
      run: ({ navigate }) => navigate('/imports'),
    },
  ],
  translations: { en, 'zh-CN': zhCN },
};
