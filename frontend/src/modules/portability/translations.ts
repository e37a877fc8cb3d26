/** Strings of the portability module (namespace `portability`). */
export const en = {
  tab: 'Data export',
  title: 'Export the whole workspace',
  intro:
    'One zip with every record of every type as JSON lines (records in the recycle bin flagged), the files attached to them and a manifest. Owners get everything; admins what their role may export. Links work for you only and expire.',
  start: 'Start export',
  empty: 'No exports yet.',
  started: 'Export started: it runs in the background.',
  progress: '{{done}} of {{total}} records',
  status: {
    QUEUED: 'Queued',
    RUNNING: 'Running',
    COMPLETED: 'Ready',
    FAILED: 'Failed',
    EXPIRED: 'Expired',
  },
  coverage: { EVERYTHING: 'Everything', ROLE: 'What your role may export' },
  download: 'Download ({{size}})',
  expires: 'Until {{when}}',
  files_one: '{{count}} file',
  files_other: '{{count}} files',
  columns: { started: 'Started', status: 'Status', coverage: 'Covers', result: 'Result' },
};

export const zhCN: typeof en = {
  tab: '数据导出',
  title: '导出整个工作区',
  intro:
    '一个 zip 文件：每种记录类型的全部记录（JSON Lines，回收站中的记录带标记）、附件文件和清单。所有者导出全部；管理员导出其角色可导出的内容。下载链接仅限本人使用，并会过期。',
  start: '开始导出',
  empty: '还没有导出。',
  started: '导出已开始，在后台进行。',
  progress: '{{done}} / {{total}} 条记录',
  status: {
    QUEUED: '排队中',
    RUNNING: '进行中',
    COMPLETED: '已完成',
    FAILED: '失败',
    EXPIRED: '已过期',
  },
  coverage: { EVERYTHING: '全部', ROLE: '您的角色可导出的内容' },
  download: '下载（{{size}}）',
  expires: '有效期至 {{when}}',
  files_one: '{{count}} 个文件',
  files_other: '{{count}} 个文件',
  columns: { started: '开始时间', status: '状态', coverage: '范围', result: '结果' },
};
