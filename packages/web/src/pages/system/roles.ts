import type { User } from '../../api/types';

/** System roles in words (三员分立: 系统管理员, 安全管理员, 安全审计员). */
export const SYSTEM_ROLE_LABELS: Record<string, string> = {
  superadmin: '系统管理员（全平台）',
  admin: '系统管理员（本县区）',
  'security-admin': '安全管理员',
  auditor: '安全审计员',
};
export const systemRoleLabel = (role: string): string => SYSTEM_ROLE_LABELS[role] ?? '其他角色';

export const isSuperadmin = (user: User) => user.systemRoles.includes('superadmin');
export const canManageAccounts = (user: User) =>
  isSuperadmin(user) || (user.systemRoles.includes('admin') && Boolean(user.county));
export const isSecurityAdmin = (user: User) => user.systemRoles.includes('security-admin');
export const isAuditor = (user: User) => user.systemRoles.includes('auditor');
/** The 安全管理员 and the 安全审计员 do no business work: their menu holds only their duty. */
export const hasBusinessMenu = (user: User) => !isSecurityAdmin(user) && !isAuditor(user);
