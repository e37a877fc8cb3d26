/** Strings of the audit module (namespace `audit`). */
export const en = {
  title: 'Audit log',
  nav: 'Audit log',
  actor: 'Who',
  anyone: 'Anyone',
  recordType: 'Record type',
  anyType: 'Any type',
  from: 'From',
  to: 'To',
  empty: 'No entries match.',
  more: 'Load more',
  count_one: '{{count}} entry',
  count_other: '{{count}} entries',
  type: {
    Company: 'Company', Contact: 'Contact', Interaction: 'Interaction', Tag: 'Tag', ContactGroup: 'Contact group',
    SavedView: 'Saved view', Membership: 'Member', Role: 'Role', Team: 'Team', ApiKey: 'API key', Invitation: 'Invitation',
    User: 'User', Workspace: 'Workspace settings', PoolRule: 'Public pool rule',
  },
};

export const zhCN: typeof en = {
  title: '审计日志',
  nav: '审计日志',
  actor: '操作人',
  anyone: '任何人',
  recordType: '记录类型',
  anyType: '任何类型',
  from: '从',
  to: '到',
  empty: '没有匹配的记录。',
  more: '加载更多',
  count_one: '{{count}} 条记录',
  count_other: '{{count}} 条记录',
  type: {
    Company: '公司', Contact: '联系人', Interaction: '互动', Tag: '标签', ContactGroup: '联系人分组',
    SavedView: '已保存视图', Membership: '成员', Role: '角色', Team: '团队', ApiKey: 'API 密钥', Invitation: '邀请',
    User: '用户', Workspace: '工作区设置', PoolRule: '公海规则',
  },
};
