/** Every action the audit trail records, as the 安全审计员 reads it. An action missing here is a bug (test/server/audit.test.ts). */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  // Workflow (services/runtime, services/tasks, services/messages)
  'instance.started': '发起流程',
  'instance.completed': '流程办结',
  'instance.terminated': '流程终止',
  'instance.failed': '流程异常结束',
  'instance.incident': '流程故障',
  incident: '流程故障',
  'task.completed': '办理任务',
  'task.claimed': '签收任务',
  'task.unclaimed': '退回签收',
  'task.assigned': '分派任务',
  'task.overdue': '任务逾期',
  'task.unassignable': '任务无人可办',
  'timer.fired': '定时触发',
  'message.delivered': '登记外部事项',
  // Logins and passwords (services/auth, services/accounts)
  'auth.login': '登录成功',
  'auth.login-failed': '登录失败',
  'auth.logout': '退出登录',
  'auth.password-changed': '修改本人密码',
  // Accounts (系统管理员)
  'user.created': '新建账号',
  'user.imported': '批量导入账号',
  'user.updated': '修改账号',
  'user.disabled': '停用账号',
  'user.enabled': '启用账号',
  'user.password-reset': '重置密码',
  'user.unlocked': '解除锁定',
  // Security (安全管理员)
  'security.policy-updated': '修改密码策略',
  'security.sessions-ended': '强制下线',
  // Audit (安全审计员)
  'audit.exported': '导出审计记录',
};

export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? '其他操作';
}
