import { AppError } from '../errors';
import type { AuthenticatedUser } from './auth';
import type { CountyDirectory } from './county-directory';

/**
 * Who may see what (DESIGN.md, Access). Enforced here, in the service layer, so every route and
 * job asks the same questions:
 *  - superadmin: everything;
 *  - a county's admin, finance sections, centers, leadership and oversight: every project of their county
 *    (oversight and other read-only units never write);
 *  - a budget department: its own projects;
 *  - experts and third parties: only what a task gives them (checked on the task).
 * Nobody crosses counties.
 */
export type ProjectScope =
  | { kind: 'all' }
  | { kind: 'county'; county: string }
  | { kind: 'department'; county: string; department: string }
  | { kind: 'assigned'; county: string };

export class AccessPolicy {
  constructor(private readonly counties: CountyDirectory) {}

  isSuperadmin(user: AuthenticatedUser): boolean {
    return (user.systemRoles ?? []).includes('superadmin');
  }

  isCountyAdmin(user: AuthenticatedUser, county: string): boolean {
    return this.isSuperadmin(user) || (user.county === county && (user.systemRoles ?? []).includes('admin'));
  }

  orgUnitOf(user: AuthenticatedUser) {
    return user.county && user.orgUnit ? this.counties.orgUnit(user.county, user.orgUnit) : undefined;
  }

  projectScope(user: AuthenticatedUser): ProjectScope {
    if (this.isSuperadmin(user)) return { kind: 'all' };
    if (!user.county) return { kind: 'assigned', county: '' };
    const unit = this.orgUnitOf(user);
    if (!unit)
      return (user.systemRoles ?? []).includes('admin')
        ? { kind: 'county', county: user.county }
        : { kind: 'assigned', county: user.county };
    switch (unit.kind) {
      case 'department':
        return { kind: 'department', county: user.county, department: unit.code };
      case 'expert':
      case 'third-party':
        return { kind: 'assigned', county: user.county };
      default:
        return { kind: 'county', county: user.county };
    }
  }

  /** Read-only org units (人大, 纪检监察, 审计, ...) may look but never change anything. */
  isReadOnly(user: AuthenticatedUser): boolean {
    const unit = this.orgUnitOf(user);
    return Boolean(unit && (unit.readOnly ?? unit.kind === 'oversight'));
  }

  assertCanWrite(user: AuthenticatedUser): void {
    if (this.isReadOnly(user)) throw new AppError('FORBIDDEN', 403, '您所在单位为只读单位，不能进行此操作');
  }

  /** A project outside the caller's county is reported as missing, so ids cannot be probed across counties. */
  assertCanReadProject(
    user: AuthenticatedUser,
    project: { county: string; department: string },
    hasTask = false,
  ): void {
    const scope = this.projectScope(user);
    if (scope.kind === 'all') return;
    if (project.county !== scope.county) throw new AppError('NOT_FOUND', 404, '项目不存在');
    if (scope.kind === 'county') return;
    if (scope.kind === 'department' && project.department === scope.department) return;
    if (hasTask) return;
    throw new AppError('FORBIDDEN', 403, '无权查看该项目');
  }

  /** Mongo filter for the projects a user may list. */
  projectFilter(user: AuthenticatedUser, assignedProjectIds: unknown[] = []): Record<string, unknown> {
    const scope = this.projectScope(user);
    switch (scope.kind) {
      case 'all':
        return {};
      case 'county':
        return { county: scope.county };
      case 'department':
        return {
          county: scope.county,
          $or: [{ department: scope.department }, { _id: { $in: assignedProjectIds } }],
        };
      case 'assigned':
        return { county: scope.county, _id: { $in: assignedProjectIds } };
    }
  }
}
