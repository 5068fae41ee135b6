import { z } from 'zod';

/** Shared shapes of the studio API (/api/admin): ids, problems, versions. */
const kebab = (what: string) =>
  z
    .string()
    .max(60, `${what}过长`)
    .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, `${what}应为小写字母、数字和短横线，如 jinan-shizhong`);

export const CountyId = kebab('县区编号').min(3, '县区编号至少 3 个字符，如 hailin');

/** A name people read (县区名称): no control characters, no blank or one-character names. */
export const DisplayName = (what: string) =>
  z
    .string({ error: `请填写${what}` })
    .trim()
    .min(2, `${what}至少 2 个字`)
    .max(50, `${what}不能超过 50 个字`)
    // eslint-disable-next-line no-control-regex
    .regex(/^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]+$/, `${what}不能包含控制字符`);
export const ArtifactId = kebab('编号');
export const Kind = z.enum(['county', 'form', 'process'], { error: '类型应为 county、form 或 process' });

export const CountyParams = z.object({ county: CountyId });
export const FormParams = z.object({ county: CountyId, formId: ArtifactId });
export const ProcessParams = z.object({ county: CountyId, processId: ArtifactId });

export const Problem = z.object({
  kind: Kind,
  artifactId: z.string(),
  path: z.string().describe('JSON Pointer（县区配置、表单）或 BPMN 元素 id（流程）'),
  rule: z.string(),
  message: z.string(),
  inBase: z.boolean().describe('问题出在仓库的基础文件中'),
});

export const VersionInfo = z.object({
  version: z.number(),
  source: z.enum(['repository', 'studio']),
  createdBy: z.string(),
  createdAt: z.string(),
});

export const DraftInfo = z.object({
  updatedBy: z.string(),
  updatedAt: z.string(),
  basedOn: z.number().describe('草稿开始时已发布的版本，0 表示尚未发布'),
});

export const SavedDraft = z.object({
  kind: Kind,
  artifactId: z.string(),
  draft: DraftInfo,
  problems: z.array(Problem).describe('本县区其他地方的问题：不影响保存，但发布前须解决'),
});

const Item = z.object({ kind: Kind, county: z.string(), artifactId: z.string(), version: z.number() });

export const PublishResult = z.object({
  county: z.string(),
  publication: z.number().nullable().describe('发布记录的序号；没有任何变化时为 null'),
  created: z.array(Item),
  unchanged: z.array(Item),
});

export const Publication = z.object({
  seq: z.number(),
  source: z.enum(['repository', 'studio']),
  action: z.enum(['deploy', 'publish', 'rollback']),
  county: z.string().optional(),
  actor: z.string(),
  at: z.string(),
  note: z.string().optional(),
  items: z.array(Item),
});

export const Refused = {
  status: 400,
  description:
    '草稿或发布未通过检查（VALIDATION_FAILED，details 为 [{kind, artifactId, path, rule, message}]）',
};
export const Forbidden = { status: 403, description: '不是该县区的管理员（FORBIDDEN）' };
