import { randomInt } from 'node:crypto';
import type { CountyManifest } from '@pm/config';
import { Types } from 'mongoose';
import { AppError, type ErrorDetail } from '../errors';
import type { Models } from '../models';
import { SYSTEM_ROLES, type SystemRole, type UserDoc } from '../models/user';
import type { AccessPolicy } from './access';
import { readAccountSheet } from './account-sheet';
import { SYSTEM_COUNTY, type AuditLog } from './audit-log';
import type { AuthenticatedUser } from './auth';
import type { Clock } from './clock';
import type { CountyDirectory } from './county-directory';
import { passwordProblems, type PasswordPolicyService } from './password-policy';
import { hashPassword, verifyPassword } from './passwords';
import { endSessions } from './sessions';
import { DUTY_OF, hasRole, SYSTEM_ROLE_LABELS, systemRoleProblem } from './system-roles';

export interface AccountInput {
  username: string;
  displayName: string;
  county?: string | null;
  orgUnit?: string | null;
  systemRoles: SystemRole[];
}

export type AccountChanges = Partial<Omit<AccountInput, 'username'>>;

export interface AccountFilter {
  q?: string;
  county?: string;
  orgUnit?: string;
  role?: string;
  active?: boolean;
  limit: number;
  offset: number;
}

export interface AccountView {
  id: string;
  username: string;
  displayName: string;
  county: { id: string; name: string } | null;
  orgUnit: { code: string; name: string } | null;
  systemRoles: string[];
  active: boolean;
  mustChangePassword: boolean;
  demo: boolean;
  lastLoginAt: Date | null;
  createdAt: Date | null;
}

/** Who may lock accounts out and unlock them: the login throttle. */
export interface Lockouts {
  unlock(username: string): Promise<void>;
}

type StoredUser = UserDoc & { _id: Types.ObjectId; createdAt?: Date };

const ONE_TIME_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';

/** A one-time password a person can read out over the phone: 12 characters without look-alikes (0/O, 1/l/I). */
export function oneTimePassword(username: string): string {
  for (;;) {
    const chars = Array.from({ length: 12 }, () => ONE_TIME_ALPHABET[randomInt(ONE_TIME_ALPHABET.length)]);
    const candidate = `${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8).join('')}`;
    if (
      passwordProblems(candidate, username, { minLength: 12, minClasses: 4, historySize: 0, expiryDays: 0 })
        .length === 0
    )
      return candidate;
  }
}

const invalid = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', 400, message, [{ path, message }]);

/**
 * Accounts for a real bureau (系统管理员's duty under 三员分立): the superadmin administers every
 * account, a county's admin the ordinary accounts (and fellow admins) of that county only. Every
 * change is an audit event; a disabled account's sessions end at once.
 */
export class AccountService {
  constructor(
    private readonly models: Models,
    private readonly counties: CountyDirectory,
    private readonly access: AccessPolicy,
    private readonly policy: PasswordPolicyService,
    private readonly audit: AuditLog,
    private readonly lockouts: Lockouts,
    private readonly clock: Clock,
  ) {}

  // ---- who may do what --------------------------------------------------------------------

  /** A 系统管理员: the superadmin, or a county admin (then only for their county). */
  private assertAdministrator(user: AuthenticatedUser): void {
    if (this.access.isSuperadmin(user) || (hasRole(user, 'admin') && user.county)) return;
    throw new AppError('FORBIDDEN', 403, '只有系统管理员可以管理账号');
  }

  private assertManages(user: AuthenticatedUser, target: StoredUser): void {
    this.assertAdministrator(user);
    if (this.access.isSuperadmin(user)) return;
    const roles = target.systemRoles ?? [];
    if (target.county !== user.county) throw new AppError('NOT_FOUND', 404, '账号不存在');
    if (roles.some((role) => role !== 'admin'))
      throw new AppError('FORBIDDEN', 403, '安全管理员、安全审计员等账号只能由全平台系统管理员管理');
  }

  private async load(user: AuthenticatedUser, id: string): Promise<StoredUser> {
    const target = Types.ObjectId.isValid(id) ? await this.models.User.findById(id).lean<StoredUser>() : null;
    if (!target) throw new AppError('NOT_FOUND', 404, '账号不存在');
    this.assertManages(user, target);
    return target;
  }

  /** Checks county, org unit and roles together, as the account would be; throws naming the field. */
  private checkPlacement(
    user: AuthenticatedUser | undefined,
    placement: { county?: string | null; orgUnit?: string | null; systemRoles: SystemRole[] },
  ): { county?: string; orgUnit?: string; manifest?: CountyManifest } {
    const county = placement.county || undefined;
    const orgUnit = placement.orgUnit || undefined;
    const unknownRole = placement.systemRoles.find((role) => !SYSTEM_ROLES.includes(role));
    if (unknownRole) throw invalid('systemRoles', `没有「${unknownRole}」这个系统角色`);
    if (user && !this.access.isSuperadmin(user)) {
      if (county !== user.county) throw invalid('county', '只能在本县区内创建和修改账号');
      const granted = placement.systemRoles.find((role) => role !== 'admin');
      if (granted)
        throw invalid('systemRoles', `只有全平台系统管理员可以授予「${SYSTEM_ROLE_LABELS[granted]}」`);
    }
    const problem = systemRoleProblem(placement.systemRoles, county);
    if (problem) throw invalid('systemRoles', problem);
    const oversight = placement.systemRoles.find((role) => DUTY_OF[role] !== 'system');
    if (oversight && orgUnit)
      throw invalid('orgUnit', `${SYSTEM_ROLE_LABELS[oversight]}不办理业务，请不要选择所属单位`);
    if (!county) {
      if (orgUnit) throw invalid('county', '选择所属单位前请先选择县区');
      if (placement.systemRoles.length === 0) throw invalid('county', '请选择县区');
      return {};
    }
    const manifest = this.counties.get(county);
    if (!manifest) throw invalid('county', `县区「${county}」不存在`);
    if (!orgUnit && placement.systemRoles.length === 0) throw invalid('orgUnit', '请选择所属单位');
    if (orgUnit && !manifest.orgUnits.some((unit) => unit.code === orgUnit))
      throw invalid('orgUnit', `${manifest.name}没有「${orgUnit}」这个单位`);
    return { county, orgUnit, manifest };
  }

  /** The superadmin may not lock the platform out: the last active one keeps the role and stays active. */
  private async assertNotLastSuperadmin(target: StoredUser): Promise<void> {
    if (!hasRole(target, 'superadmin') || !target.active) return;
    const others = await this.models.User.countDocuments({
      _id: { $ne: target._id },
      systemRoles: 'superadmin',
      active: true,
    });
    if (others === 0)
      throw new AppError('CONFLICT', 409, '这是唯一可用的全平台系统管理员账号，不能停用或取消其角色');
  }

  // ---- reading ---------------------------------------------------------------------------

  /** The counties (with their org units) the administrator may place accounts in, for the page's choices. */
  placements(user: AuthenticatedUser) {
    this.assertAdministrator(user);
    return this.counties
      .list()
      .filter((county) => this.access.isSuperadmin(user) || county.id === user.county)
      .map((county) => ({
        id: county.id,
        name: county.name,
        orgUnits: county.orgUnits.map((unit) => ({ code: unit.code, name: unit.name, kind: unit.kind })),
      }));
  }

  view(user: StoredUser): AccountView {
    const county = user.county ? this.counties.get(user.county) : undefined;
    const unit = user.county && user.orgUnit ? this.counties.orgUnit(user.county, user.orgUnit) : undefined;
    return {
      id: user._id.toHexString(),
      username: user.username,
      displayName: user.displayName,
      county: user.county ? { id: user.county, name: county?.name ?? user.county } : null,
      orgUnit: user.orgUnit ? { code: user.orgUnit, name: unit?.name ?? user.orgUnit } : null,
      systemRoles: [...(user.systemRoles ?? [])],
      active: user.active !== false,
      mustChangePassword: Boolean(user.mustChangePassword),
      demo: Boolean(user.demo),
      lastLoginAt: user.lastLoginAt ?? null,
      createdAt: user.createdAt ?? null,
    };
  }

  async list(
    user: AuthenticatedUser,
    filter: AccountFilter,
  ): Promise<{ total: number; items: AccountView[] }> {
    this.assertAdministrator(user);
    const query: Record<string, unknown> = {};
    if (!this.access.isSuperadmin(user)) {
      if (filter.county && filter.county !== user.county)
        throw new AppError('FORBIDDEN', 403, '只能查看本县区的账号');
      query.county = user.county;
    } else if (filter.county)
      query.county = filter.county === SYSTEM_COUNTY ? { $exists: false } : filter.county;
    if (filter.orgUnit) query.orgUnit = filter.orgUnit;
    if (filter.role === 'none') query.systemRoles = { $size: 0 };
    else if (filter.role) query.systemRoles = filter.role;
    if (filter.active !== undefined) query.active = filter.active;
    if (filter.q) {
      const pattern = new RegExp(filter.q.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
      query.$or = [{ username: pattern }, { displayName: pattern }];
    }
    const [total, users] = await Promise.all([
      this.models.User.countDocuments(query),
      this.models.User.find(query, { passwordHash: 0, passwordHistory: 0 })
        .sort({ county: 1, orgUnit: 1, username: 1 })
        .skip(filter.offset)
        .limit(filter.limit)
        .lean<StoredUser[]>(),
    ]);
    return { total, items: users.map((u) => this.view(u)) };
  }

  async get(user: AuthenticatedUser, id: string): Promise<AccountView> {
    return this.view(await this.load(user, id));
  }

  // ---- writing ---------------------------------------------------------------------------

  private async assertUsernameFree(username: string, path = 'username'): Promise<void> {
    if (await this.models.User.exists({ username }))
      throw invalid(path, `账号「${username}」已存在，请换一个`);
  }

  /** Creates an account with a one-time password, returned once: the holder must change it at the first login. */
  async create(
    user: AuthenticatedUser,
    input: AccountInput,
  ): Promise<{ account: AccountView; oneTimePassword: string }> {
    this.assertAdministrator(user);
    const placement = this.checkPlacement(user, input);
    await this.assertUsernameFree(input.username);
    const password = oneTimePassword(input.username);
    const created = await this.insert(
      { ...input, ...placement, passwordHash: await hashPassword(password), mustChangePassword: true },
      user.username,
    );
    await this.audit.record({
      actor: user.username,
      action: 'user.created',
      county: created.county ?? SYSTEM_COUNTY,
      target: `user:${created.username}`,
      summary: `新建账号 ${created.username}（${created.displayName}）${describePlacement(this.view(created))}`,
    });
    return { account: this.view(created), oneTimePassword: password };
  }

  /**
   * The first account of a production installation (`pm user create`), created from the command
   * line by whoever runs the server: the password is theirs, so it is checked against the policy and
   * needs no change at the first login.
   */
  async createFromCommandLine(
    input: AccountInput & { password: string },
    actor: string,
  ): Promise<AccountView> {
    const placement = this.checkPlacement(undefined, input);
    await this.assertUsernameFree(input.username);
    await this.assertAcceptable(input.password, input.username, 'password');
    const created = await this.insert(
      { ...input, ...placement, passwordHash: await hashPassword(input.password), mustChangePassword: false },
      actor,
    );
    await this.audit.record({
      actor,
      action: 'user.created',
      county: created.county ?? SYSTEM_COUNTY,
      target: `user:${created.username}`,
      summary: `在服务器命令行新建账号 ${created.username}（${created.displayName}）${describePlacement(this.view(created))}`,
    });
    return this.view(created);
  }

  /** `pm user reset-password`: whoever runs the server sets a forgotten password (the last superadmin's, say). */
  async setPasswordFromCommandLine(username: string, password: string, actor: string): Promise<void> {
    const target = await this.models.User.findOne({ username }).lean<StoredUser>();
    if (!target) throw invalid('username', `账号「${username}」不存在`);
    await this.assertAcceptable(password, username, 'password', [
      target.passwordHash,
      ...(target.passwordHistory ?? []),
    ]);
    await this.models.User.updateOne(
      { _id: target._id },
      {
        $set: {
          passwordHash: await hashPassword(password),
          mustChangePassword: false,
          passwordChangedAt: this.clock.now(),
        },
        $push: { passwordHistory: { $each: [target.passwordHash], $position: 0, $slice: 24 } },
      },
    );
    await endSessions(this.models, this.clock, target._id, 'password-reset');
    await this.lockouts.unlock(username);
    await this.audit.record({
      actor,
      action: 'user.password-reset',
      county: target.county ?? SYSTEM_COUNTY,
      target: `user:${username}`,
      summary: `在服务器命令行为账号 ${username} 设置新密码`,
    });
  }

  private async insert(
    doc: AccountInput & {
      passwordHash: string;
      mustChangePassword: boolean;
    },
    createdBy: string,
  ): Promise<StoredUser> {
    try {
      const created = await this.models.User.create({
        username: doc.username,
        displayName: doc.displayName,
        county: doc.county || undefined,
        orgUnit: doc.orgUnit || undefined,
        systemRoles: doc.systemRoles,
        passwordHash: doc.passwordHash,
        mustChangePassword: doc.mustChangePassword,
        passwordChangedAt: this.clock.now(),
        active: true,
        createdBy,
      });
      return created.toObject() as StoredUser;
    } catch (err) {
      if ((err as { code?: number }).code === 11000)
        throw invalid('username', `账号「${doc.username}」已存在，请换一个`);
      throw err;
    }
  }

  async update(user: AuthenticatedUser, id: string, changes: AccountChanges): Promise<AccountView> {
    const target = await this.load(user, id);
    const next = {
      county: changes.county === undefined ? target.county : changes.county,
      orgUnit: changes.orgUnit === undefined ? target.orgUnit : changes.orgUnit,
      systemRoles: changes.systemRoles ?? ((target.systemRoles ?? []) as SystemRole[]),
    };
    if (
      target._id.equals(user._id) &&
      changes.systemRoles &&
      !sameRoles(changes.systemRoles, target.systemRoles ?? [])
    )
      throw invalid('systemRoles', '不能修改自己的系统角色');
    const placement = this.checkPlacement(user, next);
    if (!next.systemRoles.includes('superadmin')) await this.assertNotLastSuperadmin(target);
    const $set: Record<string, unknown> = { systemRoles: next.systemRoles };
    const $unset: Record<string, 1> = {};
    if (changes.displayName !== undefined) $set.displayName = changes.displayName;
    if (placement.county) $set.county = placement.county;
    else $unset.county = 1;
    if (placement.orgUnit) $set.orgUnit = placement.orgUnit;
    else $unset.orgUnit = 1;
    const updated = await this.models.User.findByIdAndUpdate(
      target._id,
      { $set, ...(Object.keys($unset).length ? { $unset } : {}) },
      { new: true },
    ).lean<StoredUser>();
    const before = this.view(target);
    const after = this.view(updated!);
    await this.audit.record({
      actor: user.username,
      action: 'user.updated',
      county: after.county?.id ?? before.county?.id ?? SYSTEM_COUNTY,
      target: `user:${target.username}`,
      summary: describeChanges(before, after),
    });
    return after;
  }

  async setActive(user: AuthenticatedUser, id: string, active: boolean): Promise<AccountView> {
    const target = await this.load(user, id);
    if (!active && target._id.equals(user._id)) throw new AppError('CONFLICT', 409, '不能停用自己的账号');
    if (!active) await this.assertNotLastSuperadmin(target);
    const updated = await this.models.User.findByIdAndUpdate(
      target._id,
      { $set: { active } },
      { new: true },
    ).lean<StoredUser>();
    // Authentication reads `active` at every request too; ending the sessions also says why.
    if (!active) await endSessions(this.models, this.clock, target._id, 'disabled');
    await this.audit.record({
      actor: user.username,
      action: active ? 'user.enabled' : 'user.disabled',
      county: target.county ?? SYSTEM_COUNTY,
      target: `user:${target.username}`,
      summary: `${active ? '启用' : '停用'}账号 ${target.username}（${target.displayName}）`,
    });
    return this.view(updated!);
  }

  /** A new one-time password (shown once to the admin); the holder's sessions end and a lockout is lifted. */
  async resetPassword(
    user: AuthenticatedUser,
    id: string,
  ): Promise<{ account: AccountView; oneTimePassword: string }> {
    const target = await this.load(user, id);
    if (target._id.equals(user._id)) throw new AppError('CONFLICT', 409, '请在“个人信息”中修改自己的密码');
    const password = oneTimePassword(target.username);
    const updated = await this.models.User.findByIdAndUpdate(
      target._id,
      {
        $set: {
          passwordHash: await hashPassword(password),
          mustChangePassword: true,
          passwordChangedAt: this.clock.now(),
        },
        $push: { passwordHistory: { $each: [target.passwordHash], $position: 0, $slice: 24 } },
      },
      { new: true },
    ).lean<StoredUser>();
    await endSessions(this.models, this.clock, target._id, 'password-reset');
    await this.lockouts.unlock(target.username);
    await this.audit.record({
      actor: user.username,
      action: 'user.password-reset',
      county: target.county ?? SYSTEM_COUNTY,
      target: `user:${target.username}`,
      summary: `重置账号 ${target.username} 的密码（一次性密码，首次登录须修改）`,
    });
    return { account: this.view(updated!), oneTimePassword: password };
  }

  async unlock(user: AuthenticatedUser, id: string): Promise<void> {
    const target = await this.load(user, id);
    await this.lockouts.unlock(target.username);
    await this.audit.record({
      actor: user.username,
      action: 'user.unlocked',
      county: target.county ?? SYSTEM_COUNTY,
      target: `user:${target.username}`,
      summary: `解除账号 ${target.username} 的登录锁定`,
    });
  }

  // ---- the holder's own password ---------------------------------------------------------

  /** Throws 400 naming `path` with every rule the password breaks (length, classes, username, reuse). */
  async assertAcceptable(
    password: string,
    username: string,
    path: string,
    previous: string[] = [],
  ): Promise<void> {
    const policy = await this.policy.get();
    const problems = passwordProblems(password, username, policy);
    if (problems.length === 0 && previous.length > 0) {
      for (const hash of previous.slice(0, policy.historySize)) {
        if (await verifyPassword(password, hash)) {
          problems.push(`不能使用最近 ${policy.historySize} 次用过的密码`);
          break;
        }
      }
    }
    if (problems.length > 0)
      throw new AppError(
        'VALIDATION_FAILED',
        400,
        `密码不符合密码策略：${problems.join('；')}`,
        problems.map((message): ErrorDetail => ({ path, message })),
      );
  }

  /** `POST /api/auth/password`: the holder's other sessions end; this one goes on. */
  async changeOwnPassword(
    user: AuthenticatedUser,
    sessionId: Types.ObjectId,
    current: string,
    next: string,
  ): Promise<void> {
    const stored = await this.models.User.findById(user._id).lean<StoredUser>();
    if (!stored) throw new AppError('UNAUTHENTICATED', 401, '账号不存在或已停用，请联系管理员');
    if (!(await verifyPassword(current, stored.passwordHash))) throw invalid('current', '当前密码不正确');
    if (next === current) throw invalid('next', '新密码不能与当前密码相同');
    await this.assertAcceptable(next, stored.username, 'next', [
      stored.passwordHash,
      ...(stored.passwordHistory ?? []),
    ]);
    await this.models.User.updateOne(
      { _id: stored._id },
      {
        $set: {
          passwordHash: await hashPassword(next),
          mustChangePassword: false,
          passwordChangedAt: this.clock.now(),
        },
        $push: { passwordHistory: { $each: [stored.passwordHash], $position: 0, $slice: 24 } },
      },
    );
    await endSessions(this.models, this.clock, stored._id, 'password-changed', sessionId);
    await this.audit.record({
      actor: stored.username,
      action: 'auth.password-changed',
      county: stored.county ?? SYSTEM_COUNTY,
      target: `user:${stored.username}`,
      summary: stored.mustChangePassword ? '首次登录修改一次性密码' : '修改本人密码',
    });
  }

  // ---- logins ------------------------------------------------------------------------------

  async loggedIn(user: AuthenticatedUser, ip: string, userAgent?: string): Promise<void> {
    await this.models.User.updateOne({ _id: user._id }, { $set: { lastLoginAt: this.clock.now() } });
    await this.audit.record({
      actor: user.username,
      action: 'auth.login',
      county: user.county ?? SYSTEM_COUNTY,
      target: `user:${user.username}`,
      summary: `从 ${ip} 登录`,
      details: { ip, userAgent: userAgent?.slice(0, 300) },
    });
  }

  /** A refused login: the typed name is recorded as given (it may be no account at all). */
  async loginFailed(username: string, ip: string, reason: string): Promise<void> {
    const name = username.trim().slice(0, 100);
    const known = await this.models.User.findOne({ username: name }, { county: 1 }).lean();
    await this.audit.record({
      actor: name || '（空）',
      action: 'auth.login-failed',
      county: known?.county ?? SYSTEM_COUNTY,
      target: `user:${name}`,
      summary: `从 ${ip} 登录失败：${reason}`,
      details: { ip },
    });
  }

  async loggedOut(user: AuthenticatedUser): Promise<void> {
    await this.audit.record({
      actor: user.username,
      action: 'auth.logout',
      county: user.county ?? SYSTEM_COUNTY,
      target: `user:${user.username}`,
      summary: '退出登录',
    });
  }

  /** The holder's own recent logins and refused attempts (个人信息). */
  async recentLogins(user: AuthenticatedUser, limit = 10) {
    const events = await this.models.Event.find({
      actor: user.username,
      action: { $in: ['auth.login', 'auth.login-failed'] },
    })
      .sort({ at: -1 })
      .limit(limit)
      .lean();
    return events.map((e) => {
      const details = (e.details ?? {}) as { ip?: string; userAgent?: string };
      return {
        at: e.at,
        succeeded: e.action === 'auth.login',
        ip: details.ip ?? null,
        userAgent: details.userAgent ?? null,
      };
    });
  }

  // ---- bulk creation ---------------------------------------------------------------------

  /** Rows already parsed from the spreadsheet: every row is checked before anything is written. */
  async createMany(
    user: AuthenticatedUser,
    county: string,
    sheet: Buffer,
  ): Promise<{ created: { account: AccountView; oneTimePassword: string }[] }> {
    this.assertAdministrator(user);
    const manifest = this.counties.get(county);
    if (!manifest) throw invalid('county', `县区「${county}」不存在`);
    if (!this.access.isSuperadmin(user) && user.county !== county)
      throw invalid('county', '只能在本县区内创建账号');
    // Read only for an administrator of the county: nobody else's upload reaches the workbook parser.
    const rows = await readAccountSheet(sheet);
    const problems: ErrorDetail[] = [];
    const seen = new Map<string, number>();
    const existing = new Set(
      (
        await this.models.User.find(
          { username: { $in: rows.map((r) => r.username) } },
          { username: 1 },
        ).lean()
      ).map((u) => u.username),
    );
    const planned: (AccountInput & { row: number })[] = [];
    if (rows.length === 0) problems.push({ path: '第 2 行', message: '表格中没有账号' });
    for (const r of rows) {
      const at = (field: string) => `第 ${r.row} 行「${field}」`;
      const before = problems.length;
      if (!r.displayName) problems.push({ path: at('姓名'), message: '请填写姓名' });
      else if (r.displayName.length > 50)
        problems.push({ path: at('姓名'), message: '姓名不能超过 50 个字' });
      if (!r.username) problems.push({ path: at('账号'), message: '请填写账号' });
      else if (!USERNAME.test(r.username)) problems.push({ path: at('账号'), message: USERNAME_RULE });
      else if (existing.has(r.username))
        problems.push({ path: at('账号'), message: `账号「${r.username}」已存在` });
      else if (seen.has(r.username))
        problems.push({ path: at('账号'), message: `与第 ${seen.get(r.username)} 行的账号重复` });
      if (r.username) seen.set(r.username, seen.get(r.username) ?? r.row);
      const unit = manifest.orgUnits.find((u) => u.name === r.orgUnit || u.code === r.orgUnit);
      const roles = IMPORT_ROLES[r.role];
      if (!roles)
        problems.push({
          path: at('角色'),
          message: `「${r.role}」不是可导入的角色，请填写“普通用户”或“系统管理员”（安全管理员、安全审计员请逐个创建）`,
        });
      if (!r.orgUnit && !(roles ?? []).includes('admin'))
        problems.push({ path: at('所属单位'), message: '请填写所属单位' });
      else if (r.orgUnit && !unit)
        problems.push({ path: at('所属单位'), message: `${manifest.name}没有「${r.orgUnit}」这个单位` });
      if (roles?.includes('admin') && !this.access.isSuperadmin(user) && !hasRole(user, 'admin'))
        problems.push({ path: at('角色'), message: '无权授予系统管理员' });
      if (problems.length === before)
        planned.push({
          row: r.row,
          displayName: r.displayName,
          username: r.username,
          county,
          orgUnit: unit?.code,
          systemRoles: roles!,
        });
    }
    if (problems.length > 0)
      throw new AppError(
        'VALIDATION_FAILED',
        400,
        `表格有 ${problems.length} 处问题，未导入任何账号`,
        problems,
      );

    const created: { account: AccountView; oneTimePassword: string }[] = [];
    try {
      for (const account of planned) {
        const password = oneTimePassword(account.username);
        const doc = await this.insert(
          { ...account, county, passwordHash: await hashPassword(password), mustChangePassword: true },
          user.username,
        );
        created.push({ account: this.view(doc), oneTimePassword: password });
      }
    } catch (err) {
      // Someone created one of these names meanwhile: take back this import's accounts, so it is all or nothing.
      await this.models.User.deleteMany({
        _id: { $in: created.map((c) => new Types.ObjectId(c.account.id)) },
      });
      throw err;
    }
    await this.audit.record({
      actor: user.username,
      action: 'user.imported',
      county,
      target: `county:${county}`,
      summary: `从表格导入 ${created.length} 个账号：${created.map((c) => c.account.username).join('、')}`,
      details: { usernames: created.map((c) => c.account.username) },
    });
    return { created };
  }
}

export const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{2,49}$/;
export const USERNAME_RULE = '账号为 3 到 50 位字母、数字、点、下划线或连字符，以字母或数字开头';

const IMPORT_ROLES: Record<string, SystemRole[]> = {
  '': [],
  普通用户: [],
  业务用户: [],
  系统管理员: ['admin'],
  县区系统管理员: ['admin'],
  本县区系统管理员: ['admin'],
};

function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((role) => b.includes(role));
}

function describePlacement(view: AccountView): string {
  const parts = [
    view.county ? `县区：${view.county.name}` : '',
    view.orgUnit ? `单位：${view.orgUnit.name}` : '',
    view.systemRoles.length
      ? `系统角色：${view.systemRoles.map((r) => SYSTEM_ROLE_LABELS[r as SystemRole] ?? r).join('、')}`
      : '',
  ].filter(Boolean);
  return parts.length ? `，${parts.join('，')}` : '';
}

function describeChanges(before: AccountView, after: AccountView): string {
  const roles = (v: AccountView) =>
    v.systemRoles.map((r) => SYSTEM_ROLE_LABELS[r as SystemRole] ?? r).join('、') || '无';
  const changes = [
    before.displayName !== after.displayName ? `姓名：${before.displayName} → ${after.displayName}` : '',
    before.county?.id !== after.county?.id
      ? `县区：${before.county?.name ?? '无'} → ${after.county?.name ?? '无'}`
      : '',
    before.orgUnit?.code !== after.orgUnit?.code
      ? `单位：${before.orgUnit?.name ?? '无'} → ${after.orgUnit?.name ?? '无'}`
      : '',
    roles(before) !== roles(after) ? `系统角色：${roles(before)} → ${roles(after)}` : '',
  ].filter(Boolean);
  return `修改账号 ${after.username}：${changes.join('；') || '无变化'}`;
}
