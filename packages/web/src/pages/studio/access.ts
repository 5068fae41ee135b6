import type { User } from '../../api/types';

/** Only a county's admins (and the superadmin) see the studio; an admin edits their own county only. */
export const canUseStudio = (user: User): boolean =>
  user.systemRoles.includes('superadmin') || user.systemRoles.includes('admin');

export const isSuperadmin = (user: User): boolean => user.systemRoles.includes('superadmin');

export const canEditCounty = (user: User, county: string): boolean =>
  isSuperadmin(user) || (user.systemRoles.includes('admin') && user.county?.id === county);
