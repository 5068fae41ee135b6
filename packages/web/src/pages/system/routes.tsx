import type { RouteObject } from 'react-router-dom';
import type { User } from '../../api/types';
import { canManageAccounts, isAuditor, isSecurityAdmin } from './roles';
import { SystemGuard } from './SystemGuard';

/** 系统管理: one page per duty of 三员分立, loaded on demand; the menu shows each to its holder only. */
const guarded =
  (allow: (user: User) => boolean, load: () => Promise<React.ComponentType>): RouteObject['lazy'] =>
  async () => {
    const Page = await load();
    return {
      element: (
        <SystemGuard allow={allow}>
          <Page />
        </SystemGuard>
      ),
    };
  };

export const systemRoutes: RouteObject[] = [
  {
    path: '/system/users',
    lazy: guarded(canManageAccounts, async () => (await import('./UsersPage')).UsersPage),
  },
  {
    path: '/system/security',
    lazy: guarded(isSecurityAdmin, async () => (await import('./SecurityPage')).SecurityPage),
  },
  { path: '/system/audit', lazy: guarded(isAuditor, async () => (await import('./AuditPage')).AuditPage) },
];
