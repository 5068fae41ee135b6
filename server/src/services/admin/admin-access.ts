import { AppError } from '../../errors';
import type { AccessPolicy } from '../access';
import type { AuthenticatedUser } from '../auth';

/**
 * Who may change configuration in the studio: a county's admin their own county, the superadmin
 * every county. Anyone else is told so plainly (403, not 404): the studio is not a place to probe.
 */
export function assertAdministers(access: AccessPolicy, user: AuthenticatedUser, county: string): void {
  if (access.isCountyAdmin(user, county)) return;
  if ((user.systemRoles ?? []).includes('admin'))
    throw new AppError('FORBIDDEN', 403, '只能管理本县区的配置');
  throw new AppError('FORBIDDEN', 403, '需要管理员权限');
}

export function assertAnyAdmin(access: AccessPolicy, user: AuthenticatedUser): void {
  if (access.isSuperadmin(user) || (user.systemRoles ?? []).includes('admin')) return;
  throw new AppError('FORBIDDEN', 403, '需要管理员权限');
}

export function assertSuperadmin(access: AccessPolicy, user: AuthenticatedUser, message: string): void {
  if (!access.isSuperadmin(user)) throw new AppError('FORBIDDEN', 403, message);
}
