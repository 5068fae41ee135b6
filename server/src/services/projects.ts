import { STAGE_LABELS, STAGE_IDS, type StageId } from '@pm/config';
import { Types } from 'mongoose';
import { AppError } from '../errors';
import type { Models } from '../models';
import type { ProjectDoc } from '../models/project';
import type { AccessPolicy } from './access';
import type { AuthenticatedUser } from './auth';
import type { CountyDirectory } from './county-directory';
import { loopView, type LoopView } from './loop/view';
import type { ProjectTargets } from './loop/record';

export interface CreateProjectInput {
  county: string;
  name: string;
  amount: number;
  year: number;
  category: 'new' | 'continuing' | 'adjusted';
  kind: 'project' | 'department';
  /** 重大政策（项目）: some counties' pre-assessment gates apply only to major items. */
  major?: boolean;
  /** Only admins create on behalf of a department; a department's own user always creates for itself. */
  department?: string;
}

export type ProjectRecord = ProjectDoc & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };

/** What the runtime keeps per stage on the project document. */
interface StageRecord {
  status?: string;
  statusLabel?: string;
  score?: number;
  grade?: string;
  result?: Record<string, unknown>;
  instances?: Record<string, { status: string; round?: string; startedAt?: Date; endedAt?: Date }>;
}

export interface ProjectView {
  id: string;
  county: string;
  year: number;
  name: string;
  amount: number;
  category: string;
  kind: string;
  major: boolean;
  department: { code: string; name: string };
  /** The latest 暂缓/停止/恢复拨款 or 收回 decision, if any. */
  funds: { status: string; reason: string; stageId: string; at: string } | null;
  createdBy: string;
  createdAt: string;
  /** 批复版本 history; null before any approval. */
  targets: ProjectTargets | null;
  /** Targets → progress → score → consequence, per approved indicator (docs/ARCHITECTURE.md, "The project record"). */
  loop: LoopView | null;
  stages: {
    id: StageId;
    label: string;
    enabled: boolean;
    status: string;
    statusLabel?: string;
    score?: number;
    grade?: string;
    result?: Record<string, unknown>;
    instances: unknown[];
  }[];
}

export class ProjectService {
  constructor(
    private readonly models: Models,
    private readonly counties: CountyDirectory,
    private readonly access: AccessPolicy,
  ) {}

  async create(user: AuthenticatedUser, input: CreateProjectInput): Promise<ProjectRecord> {
    this.access.assertCanWrite(user);
    const county = this.counties.get(input.county);
    if (!county || (!this.access.isSuperadmin(user) && user.county !== input.county)) {
      throw new AppError('FORBIDDEN', 403, '只能在本县区创建项目', { field: 'county' });
    }
    const unit = this.access.orgUnitOf(user);
    let department: string;
    if (unit?.kind === 'department') {
      if (input.department && input.department !== unit.code) {
        throw new AppError('FORBIDDEN', 403, '只能为本部门申报项目');
      }
      department = unit.code;
    } else if (this.access.isCountyAdmin(user, input.county)) {
      if (!input.department) {
        throw new AppError('VALIDATION_FAILED', 400, '请选择项目所属部门', [
          { path: 'department', message: '请选择项目所属部门' },
        ]);
      }
      department = input.department;
    } else {
      throw new AppError('FORBIDDEN', 403, '只有预算部门（单位）可以申报项目');
    }
    const departmentUnit = this.counties.orgUnit(input.county, department);
    if (departmentUnit?.kind !== 'department') {
      throw new AppError('VALIDATION_FAILED', 400, '所属部门不存在或不是预算部门', [
        { path: 'department', message: '所属部门不存在或不是预算部门' },
      ]);
    }
    const duplicate = await this.models.Project.exists({
      county: input.county,
      year: input.year,
      name: input.name,
      department,
    });
    if (duplicate)
      throw new AppError('CONFLICT', 409, `本部门 ${input.year} 年度已有同名项目「${input.name}」`);
    const created = await this.models.Project.create({
      county: input.county,
      year: input.year,
      name: input.name,
      amount: input.amount,
      category: input.category,
      kind: input.kind,
      major: input.major ?? false,
      department,
      createdBy: user.username,
    });
    return created.toObject() as ProjectRecord;
  }

  async get(user: AuthenticatedUser, id: string): Promise<ProjectRecord> {
    if (!Types.ObjectId.isValid(id)) throw new AppError('NOT_FOUND', 404, '项目不存在');
    const project = await this.models.Project.findById(id).lean<ProjectRecord>();
    if (!project) throw new AppError('NOT_FOUND', 404, '项目不存在');
    this.access.assertCanReadProject(user, project);
    return project;
  }

  async list(user: AuthenticatedUser, query: { year?: number; q?: string; limit: number; offset: number }) {
    const filter: Record<string, unknown> = { ...this.access.projectFilter(user) };
    if (query.year) filter.year = query.year;
    if (query.q) filter.name = { $regex: query.q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') };
    const [items, total] = await Promise.all([
      this.models.Project.find(filter)
        .sort({ year: -1, createdAt: -1 })
        .skip(query.offset)
        .limit(query.limit)
        .lean<ProjectRecord[]>(),
      this.models.Project.countDocuments(filter),
    ]);
    return { items, total };
  }

  view(project: ProjectRecord): ProjectView {
    const county = this.counties.get(project.county);
    const unit = this.counties.orgUnit(project.county, project.department);
    const stageState = (project.stages ?? {}) as Record<string, StageRecord>;
    return {
      id: project._id.toHexString(),
      county: project.county,
      year: project.year,
      name: project.name,
      amount: project.amount,
      category: project.category,
      kind: project.kind,
      major: Boolean(project.major),
      funds: project.funds
        ? {
            status: String((project.funds as Record<string, unknown>).status),
            reason: String((project.funds as Record<string, unknown>).reason ?? ''),
            stageId: String((project.funds as Record<string, unknown>).stageId),
            at: new Date((project.funds as Record<string, unknown>).at as string).toISOString(),
          }
        : null,
      department: { code: project.department, name: unit?.name ?? project.department },
      createdBy: project.createdBy,
      createdAt: project.createdAt.toISOString(),
      targets: (project.targets as ProjectTargets | undefined) ?? null,
      loop: loopView(project),
      stages: STAGE_IDS.map((id) => {
        const record = stageState[id] ?? {};
        // A scored stage records its form's totalScore and grade (setProjectStatus record: [...]).
        const score = record.score ?? (record.result?.totalScore as number | undefined);
        const grade = record.grade ?? (record.result?.grade as string | undefined);
        return {
          id,
          label: STAGE_LABELS[id],
          enabled: Boolean(county?.stages[id]?.enabled),
          status: record.status ?? 'not-started',
          ...(typeof score === 'number' ? { score } : {}),
          ...(typeof grade === 'string' ? { grade } : {}),
          ...(record.statusLabel ? { statusLabel: record.statusLabel } : {}),
          ...(record.result ? { result: record.result } : {}),
          instances: Object.entries(record.instances ?? {}).map(([instanceId, summary]) => ({
            id: instanceId,
            ...summary,
          })),
        };
      }),
    };
  }
}

/** The project as processes and county rules see it (FEEL `project`). */
export function projectFields(project: ProjectRecord) {
  return {
    id: project._id.toHexString(),
    name: project.name,
    amount: project.amount,
    category: project.category,
    kind: project.kind,
    year: project.year,
    major: Boolean(project.major),
    department: project.department,
  };
}
