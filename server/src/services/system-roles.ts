import type { SystemRole } from '../models/user';

/**
 * 三员分立 (GB/T 22239-2019 等保2.0 三级, 8.1.4.2 / 8.1.10.2): the 系统管理员 administers accounts,
 * counties and configuration; the 安全管理员 the password policy, lockouts and sessions; the
 * 安全审计员 reads and exports the audit trail and changes nothing. No account holds two of them,
 * so nobody can act and then erase or approve the trace of their own action.
 */
export const SYSTEM_ROLE_LABELS: Record<SystemRole, string> = {
  superadmin: '系统管理员（全平台）',
  admin: '系统管理员（本县区）',
  'security-admin': '安全管理员',
  auditor: '安全审计员',
};

/** Which of the three duties a system role is. */
export type Duty = 'system' | 'security' | 'audit';
export const DUTY_OF: Record<SystemRole, Duty> = {
  superadmin: 'system',
  admin: 'system',
  'security-admin': 'security',
  auditor: 'audit',
};
export const DUTY_LABELS: Record<Duty, string> = {
  system: '系统管理员',
  security: '安全管理员',
  audit: '安全审计员',
};

/**
 * Why a set of system roles may not go on one account, in words for the person who chose them, or
 * undefined when it may. `county` is the account's county (a county admin needs one; the platform
 * roles have none).
 */
export function systemRoleProblem(
  roles: readonly SystemRole[],
  county: string | undefined,
): string | undefined {
  const duties = [...new Set(roles.map((role) => DUTY_OF[role]))];
  if (duties.length > 1) {
    return `三员分立：${duties.map((d) => DUTY_LABELS[d]).join('、')}不能由同一账号兼任`;
  }
  if (roles.includes('superadmin') && roles.includes('admin'))
    return '全平台系统管理员已包含本县区系统管理员的权限，请只选一个';
  if (roles.includes('admin') && !county) return '本县区系统管理员必须属于一个县区';
  if ((roles.includes('superadmin') || roles.includes('security-admin')) && county)
    return `${SYSTEM_ROLE_LABELS[roles.includes('superadmin') ? 'superadmin' : 'security-admin']}不属于任何县区，请不要选择县区`;
  return undefined;
}

export const hasRole = (user: { systemRoles?: readonly string[] | null }, role: SystemRole): boolean =>
  (user.systemRoles ?? []).includes(role);
