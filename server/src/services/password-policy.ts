import { z } from 'zod';
import type { Models } from '../models';
import type { Clock } from './clock';

/**
 * The password policy (等保2.0 三级 身份鉴别: 口令复杂度 and 定期更换), one for the whole platform:
 * it protects accounts, not a county's regulation. Safe defaults apply until the 安全管理员 changes
 * them; no setting may go below the defaults' floor.
 */
export const PasswordPolicySchema = z.object({
  minLength: z
    .number({ error: '请填写最短长度' })
    .int()
    .min(8, '最短长度不能少于 8 位')
    .max(64, '最短长度不能超过 64 位'),
  minClasses: z
    .number({ error: '请填写至少包含几类字符' })
    .int()
    .min(3, '至少包含的字符类别不能少于 3 类')
    .max(4, '字符类别最多 4 类'),
  historySize: z
    .number({ error: '请填写不得重复使用的历史密码个数' })
    .int()
    .min(5, '不得重复使用的历史密码不能少于 5 个')
    .max(24, '不得重复使用的历史密码不能超过 24 个'),
  /** 0: passwords never expire. */
  expiryDays: z
    .number({ error: '请填写密码有效期' })
    .int()
    .min(0, '密码有效期不能为负数')
    .max(3650, '密码有效期不能超过 3650 天'),
});
export type PasswordPolicy = z.infer<typeof PasswordPolicySchema>;

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  minLength: 8,
  minClasses: 3,
  historySize: 5,
  expiryDays: 0,
};

const KEY = 'password-policy';

const CLASSES: [RegExp, string][] = [
  [/[a-z]/, '小写字母'],
  [/[A-Z]/, '大写字母'],
  [/[0-9]/, '数字'],
  [/[^A-Za-z0-9]/, '符号'],
];

/** The rules a new password breaks, each as a sentence for the person typing it (empty: acceptable). */
export function passwordProblems(password: string, username: string, policy: PasswordPolicy): string[] {
  const problems: string[] = [];
  if (password.length < policy.minLength) problems.push(`密码至少 ${policy.minLength} 位`);
  const present = CLASSES.filter(([pattern]) => pattern.test(password)).length;
  if (present < policy.minClasses)
    problems.push(
      `密码须包含${CLASSES.map(([, label]) => label).join('、')}中的至少 ${policy.minClasses} 类（现有 ${present} 类）`,
    );
  const lower = password.toLowerCase();
  const name = username.toLowerCase();
  if (name && (lower === name || lower.includes(name) || lower === [...name].reverse().join('')))
    problems.push('密码不能包含账号');
  return problems;
}

/** Every request's password gate asks for the policy: read at most this often per process. */
const CACHE_MS = 5_000;

export class PasswordPolicyService {
  private cache: { at: number; policy: Promise<PasswordPolicy> } | undefined;

  constructor(
    private readonly models: Models,
    private readonly clock: Clock,
  ) {}

  /** The policy as of a few seconds ago (a change in this process applies at once). */
  cached(): Promise<PasswordPolicy> {
    const now = Date.now();
    if (!this.cache || now - this.cache.at > CACHE_MS) {
      const policy = this.get();
      policy.catch(() => (this.cache = undefined));
      this.cache = { at: now, policy };
    }
    return this.cache.policy;
  }

  async get(): Promise<PasswordPolicy & { updatedAt?: Date; updatedBy?: string }> {
    const stored = await this.models.Setting.findById(KEY).lean();
    if (!stored) return { ...DEFAULT_PASSWORD_POLICY };
    // A stored value from an older version may lack a newer key: the default fills it.
    const parsed = PasswordPolicySchema.safeParse({
      ...DEFAULT_PASSWORD_POLICY,
      ...(stored.value as object),
    });
    return {
      ...(parsed.success ? parsed.data : DEFAULT_PASSWORD_POLICY),
      updatedAt: stored.updatedAt,
      updatedBy: stored.updatedBy,
    };
  }

  async set(policy: PasswordPolicy, actor: string): Promise<PasswordPolicy> {
    await this.models.Setting.updateOne(
      { _id: KEY },
      { $set: { value: policy, updatedAt: this.clock.now(), updatedBy: actor } },
      { upsert: true },
    );
    this.cache = undefined;
    return policy;
  }
}
