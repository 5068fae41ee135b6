import type { AuthenticatedUser } from './auth';
import type { CountyDirectory } from './county-directory';

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  county: { id: string; name: string } | null;
  orgUnit: { code: string; name: string; kind: string; readOnly: boolean } | null;
  systemRoles: string[];
  roles: string[];
}

/** What a client may know about a user: never the password hash. */
export function toUserView(user: AuthenticatedUser, counties: CountyDirectory): UserView {
  const county = user.county ? counties.get(user.county) : undefined;
  const unit = user.county && user.orgUnit ? counties.orgUnit(user.county, user.orgUnit) : undefined;
  return {
    id: user._id.toHexString(),
    username: user.username,
    displayName: user.displayName,
    county: county ? { id: county.id, name: county.name } : null,
    orgUnit: unit
      ? {
          code: unit.code,
          name: unit.name,
          kind: unit.kind,
          readOnly: unit.readOnly ?? unit.kind === 'oversight',
        }
      : null,
    systemRoles: [...(user.systemRoles ?? [])],
    roles: user.county ? counties.rolesOf(user.county, user.orgUnit) : [],
  };
}
