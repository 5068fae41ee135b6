import {
  ROLE_IDS,
  STAGE_IDS,
  createMergePatch,
  validateCountyManifest,
  type CountyManifest,
  type Json,
  type JsonObject,
  type StageConfig,
  type StageId,
} from '@pm/config';
import { AppError } from '../../errors';
import type { AuthenticatedUser } from '../auth';
import { assertAnyAdmin, assertSuperadmin } from './admin-access';
import type { StudioContext } from './context';

export interface CreateCountyInput {
  id: string;
  name: string;
  from: { kind: 'base' } | { kind: 'county'; county: string };
  level?: string;
  source?: Record<string, unknown>;
  orgUnits?: Record<string, unknown>[];
  roles?: Record<string, string[]>;
}

/** Words the diff takes for its `against` parameter: a county cannot be called so. */
const RESERVED_IDS = new Set(['base', 'deployed']);

/** Every role the repository's base diagrams name, in the platform's order: what a new county must map. */
function baseRoles(ctx: StudioContext): string[] {
  const named = new Set<string>();
  for (const id of ctx.base.processIds()) {
    for (const match of (ctx.base.process(id) ?? '').matchAll(/pm:candidateRoles="([^"]*)"/g))
      for (const role of match[1].split(',')) named.add(role.trim());
  }
  return ROLE_IDS.filter((role) => named.has(role));
}

/** Counties in the studio: the deployed ones and those that exist only as a draft so far. */
export class CountyAdminService {
  constructor(private readonly ctx: StudioContext) {}

  async list(user: AuthenticatedUser) {
    assertAnyAdmin(this.ctx.deps.access, user);
    const all = this.ctx.deps.access.isSuperadmin(user);
    const visible = (id: string) => all || id === user.county;
    const { models } = this.ctx.deps;
    const deployed = (await this.ctx.deps.deployments.latestCounties()).filter((c) => visible(c.id));
    const drafts = await models.Draft.find({}, { county: 1, kind: 1, content: 1 }).lean();
    const draftCount = new Map<string, number>();
    for (const draft of drafts) draftCount.set(draft.county, (draftCount.get(draft.county) ?? 0) + 1);
    const deployedIds = new Set(deployed.map((c) => c.id));
    const draftOnly = drafts.filter(
      (d) => d.kind === 'county' && !deployedIds.has(d.county) && visible(d.county),
    );
    const published = new Map<string, { version: number; at: Date; by: string }>();
    for (const county of deployed) published.set(county.id, await this.lastPublished(county.id));
    const row = (manifest: Partial<CountyManifest>, id: string) => ({
      id,
      name: typeof manifest.name === 'string' ? manifest.name : id,
      level: typeof manifest.level === 'string' ? manifest.level : null,
      status: published.has(id) ? ('deployed' as const) : ('draft' as const),
      inRepository: this.ctx.base.hasCountyFile(id),
      drafts: draftCount.get(id) ?? 0,
      hasDraft: (draftCount.get(id) ?? 0) > 0,
      published: published.get(id) ?? null,
    });
    return [
      ...deployed.map((c) => row(c, c.id)),
      ...draftOnly.map((d) => row(d.content as Partial<CountyManifest>, d.county)),
    ].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  }

  /** The manifest's version, and who stored the county's newest version of anything, when. */
  private async lastPublished(county: string) {
    const { Deployment } = this.ctx.deps.models;
    const [manifest, newest] = await Promise.all([
      Deployment.findOne({ kind: 'county', county }, { version: 1 }).sort({ version: -1 }).lean(),
      Deployment.findOne({ county }, { createdAt: 1, createdBy: 1 }).sort({ createdAt: -1 }).lean(),
    ]);
    return { version: manifest?.version ?? 0, at: newest!.createdAt, by: newest!.createdBy ?? 'system' };
  }

  private async assertNewId(id: string): Promise<void> {
    if (RESERVED_IDS.has(id))
      throw new AppError('VALIDATION_FAILED', 400, `县区编号不能为 ${id}`, [
        { path: 'id', message: `${id} 为保留字，请换一个编号` },
      ]);
    const { models } = this.ctx.deps;
    const taken =
      this.ctx.base.hasCountyFile(id) ||
      (await models.Deployment.exists({ kind: 'county', county: id })) ||
      (await models.Draft.exists({ kind: 'county', county: id }));
    if (taken) throw new AppError('CONFLICT', 409, `县区编号 ${id} 已被使用`);
  }

  /**
   * A new county, as drafts to complete and publish: from the base (the platform's forms and processes
   * without variants), or as a copy of another county's deployed manifest, form variants and diagrams.
   */
  async create(user: AuthenticatedUser, input: CreateCountyInput) {
    assertSuperadmin(this.ctx.deps.access, user, '只有系统管理员可以新建县区');
    await this.assertNewId(input.id);
    const created =
      input.from.kind === 'base'
        ? await this.fromBase(user, input)
        : await this.copy(user, input, input.from.county);
    const row = (await this.list(user)).find((county) => county.id === input.id)!;
    return { ...row, ...created };
  }

  /**
   * The base gives a skeleton: every stage off until the admin enables it, no settings yet, and every
   * role the base diagrams name mapped to nobody, for the admin to map. It is stored as it is (the one
   * draft not refused for its problems, which come back to be fixed); saving it again is validated.
   */
  private async fromBase(user: AuthenticatedUser, input: CreateCountyInput) {
    const stages = Object.fromEntries(STAGE_IDS.map((id) => [id, { enabled: false }])) as Record<
      StageId,
      StageConfig
    >;
    const manifest = {
      id: input.id,
      name: input.name,
      level: input.level ?? '县',
      source: input.source ?? { title: `${input.name}预算绩效管理办法`, seed: '' },
      orgUnits: input.orgUnits ?? [],
      roles: input.roles ?? Object.fromEntries(baseRoles(this.ctx).map((role) => [role, []])),
      settings: {},
      stages,
    };
    await this.ctx.drafts.save(input.id, 'county', input.id, manifest, 0, user.username);
    const result = validateCountyManifest(manifest);
    return {
      created: [{ kind: 'county' as const, artifactId: input.id }],
      problems: result.errors.map(({ path, message }) => ({ path, message })),
    };
  }

  private async copy(user: AuthenticatedUser, input: CreateCountyInput, fromId: string) {
    const from = await this.ctx.versions.deployedCounty(fromId);
    if (!from.manifest) throw new AppError('NOT_FOUND', 404, `县区 ${fromId} 尚未发布，无法复制`);
    const candidate = {
      ...structuredClone(from.manifest.content),
      id: input.id,
      name: input.name,
      ...(input.level ? { level: input.level } : {}),
      ...(input.source ? { source: input.source } : {}),
    };
    const result = validateCountyManifest(candidate);
    if (!result.ok)
      throw new AppError(
        'VALIDATION_FAILED',
        400,
        '县区配置未通过校验',
        result.errors.map(({ path, message }) => ({ path, message })),
      );
    const created: { kind: 'county' | 'form' | 'process'; artifactId: string }[] = [];
    const save = async (kind: 'county' | 'form' | 'process', artifactId: string, content: unknown) => {
      await this.ctx.drafts.save(input.id, kind, artifactId, content, 0, user.username);
      created.push({ kind, artifactId });
    };
    await save('county', input.id, result.manifest);
    // The copy differs from the base exactly as the original does: its variants become the new county's drafts.
    for (const form of from.forms.values()) {
      const base = this.ctx.base.form(form.artifactId);
      const patch =
        base && (createMergePatch(base as unknown as Json, form.content as Json) as JsonObject | undefined);
      if (patch) await save('form', form.artifactId, patch);
    }
    for (const process of from.processes.values()) {
      const xml = String(process.content);
      if (xml !== this.ctx.base.process(process.artifactId)) await save('process', process.artifactId, xml);
    }
    return { created, problems: [] };
  }
}
