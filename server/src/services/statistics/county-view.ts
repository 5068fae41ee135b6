import { STAGE_IDS, STAGE_LABELS, type StageId } from '@pm/config';
import type { Types } from 'mongoose';
import { AppError } from '../../errors';
import type { Models } from '../../models';
import type { AccessPolicy } from '../access';
import type { AuthenticatedUser } from '../auth';
import type { Clock } from '../clock';
import type { CountyDirectory } from '../county-directory';
import type { ProjectRecord } from '../projects';

/**
 * 统计分析: one year of a county, computed from the records (project stage records, instance data,
 * open tasks), never typed in. Finance sections, leadership and oversight see their county; a
 * department sees the same view of its own projects; the superadmin any county or all of them.
 */

export type ScheduleLevel = 'red' | 'yellow' | 'normal';
export type RectificationState = 'open' | 'overdue' | 'done' | 'failed';
export type DisclosureState = 'done' | 'late' | 'pending';

export interface ProjectRow {
  id: string;
  county: string;
  name: string;
  department: string;
  departmentName: string;
  amount: number;
  stages: Partial<Record<StageId, string>>;
  schedule: ScheduleLevel | null;
  executionRate: number | null;
  scheduleProgress: number | null;
  score: number | null;
  grade: string | null;
  evaluations: string[];
  rectification: RectificationState | null;
  disclosure: DisclosureState | null;
}

export interface Coverage {
  type: '部门评价' | '财政评价';
  projects: number;
  amount: number;
  projectShare: number;
  amountShare: number;
  /** The county's rule in %, when it has one (hailin: 20). */
  required: number | null;
  met: boolean | null;
  basis: string;
}

export interface CountyView {
  year: number;
  county: string | null;
  countyName: string;
  scope: 'all' | 'county' | 'department';
  total: number;
  totalAmount: number;
  stages: { id: StageId; label: string; counts: Record<string, number> }[];
  schedule: {
    redGap: number;
    departments: {
      department: string;
      departmentName: string;
      red: number;
      yellow: number;
      normal: number;
    }[];
  };
  selfEvaluation: { scores: { band: string; count: number }[]; grades: { grade: string; count: number }[] };
  coverage: Coverage[];
  rectification: Record<RectificationState, number>;
  disclosure: Record<DisclosureState, number>;
  projects: ProjectRow[];
}

/** Percentage points behind 序时进度 from which a warning is red (below it, yellow); a county may set its own. */
export const DEFAULT_SCHEDULE_RED_GAP = 10;
const SCORE_BANDS: [string, number, number][] = [
  ['60分以下', -Infinity, 60],
  ['60–69分', 60, 70],
  ['70–79分', 70, 80],
  ['80–89分', 80, 90],
  ['90分及以上', 90, Infinity],
];
const GRADES = ['优', '良', '中', '差'];

type InstanceLean = {
  _id: Types.ObjectId;
  projectId: Types.ObjectId;
  stageId: string;
  status: string;
  startedAt: Date;
  data?: Record<string, Record<string, unknown>>;
};

function round(n: number, digits = 2) {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function settingNumber(
  settings: Record<string, { value?: unknown }> | undefined,
  key: string,
): number | null {
  const value = settings?.[key]?.value;
  return typeof value === 'number' ? value : null;
}

export class CountyViewService {
  constructor(
    private readonly models: Models,
    private readonly counties: CountyDirectory,
    private readonly access: AccessPolicy,
    private readonly clock: Clock,
  ) {}

  async view(user: AuthenticatedUser, year: number, countyId?: string): Promise<CountyView> {
    const scope = this.access.projectScope(user);
    if (scope.kind === 'assigned') throw new AppError('FORBIDDEN', 403, '您所在单位不能查看统计分析');
    const county = countyId ?? (scope.kind === 'all' ? undefined : scope.county);
    if (county && (!this.counties.get(county) || (scope.kind !== 'all' && scope.county !== county)))
      throw new AppError('NOT_FOUND', 404, '县区不存在');
    const filter: Record<string, unknown> = { ...this.access.projectFilter(user), year };
    if (county) filter.county = county;
    const projects = await this.models.Project.find(filter, {
      name: 1,
      county: 1,
      department: 1,
      amount: 1,
      stages: 1,
    })
      .sort({ department: 1, name: 1 })
      .lean<ProjectRecord[]>();
    const ids = projects.map((p) => p._id);
    const instances = await this.instances(ids);
    const overdueInstances = new Set(
      (
        await this.models.Task.find(
          {
            instanceId: {
              $in: instances
                .filter((i) => i.stageId === 'result-application' && i.status === 'active')
                .map((i) => i._id),
            },
            status: 'open',
            due: { $lt: this.clock.now() },
          },
          { instanceId: 1 },
        ).lean()
      ).map((t) => String(t.instanceId)),
    );
    const latest = new Map<string, InstanceLean>();
    const evaluations = new Map<string, Set<string>>();
    for (const instance of instances) {
      const key = `${String(instance.projectId)}:${instance.stageId}`;
      const seen = latest.get(key);
      if (!seen || seen.startedAt < instance.startedAt) latest.set(key, instance);
      if (instance.stageId === 'evaluation' && instance.status !== 'terminated') {
        const types = Object.values(instance.data ?? {})
          .map((d) => d?.evaluationType)
          .filter((t): t is string => typeof t === 'string');
        const set = evaluations.get(String(instance.projectId)) ?? new Set<string>();
        types.forEach((t) => set.add(t));
        evaluations.set(String(instance.projectId), set);
      }
    }
    const manifest = county ? this.counties.get(county) : undefined;
    const settings = manifest?.settings as Record<string, { value?: unknown }> | undefined;
    const redGap = settingNumber(settings, 'scheduleWarningRedGap') ?? DEFAULT_SCHEDULE_RED_GAP;

    const rows: ProjectRow[] = projects.map((p) => {
      const id = p._id.toHexString();
      const stages = (p.stages ?? {}) as Record<
        string,
        { status?: string; score?: number; grade?: string; result?: Record<string, unknown> }
      >;
      const monitoring = latest.get(`${id}:monitoring`)?.data?.monitoring;
      const executionRate = typeof monitoring?.executionRate === 'number' ? monitoring.executionRate : null;
      const scheduleProgress =
        typeof monitoring?.scheduleProgress === 'number' ? monitoring.scheduleProgress : null;
      let schedule: ScheduleLevel | null = null;
      if (executionRate !== null && scheduleProgress !== null) {
        const gap = scheduleProgress - executionRate;
        schedule = gap >= redGap ? 'red' : gap > 0 ? 'yellow' : 'normal';
      }
      const self = stages['self-evaluation'] ?? {};
      const score = self.score ?? (self.result?.totalScore as number | undefined);
      const grade = self.grade ?? (self.result?.grade as string | undefined);
      const rect = latest.get(`${id}:result-application`);
      let rectification: RectificationState | null = null;
      if (rect) {
        if (rect.status === 'active')
          rectification = overdueInstances.has(String(rect._id)) ? 'overdue' : 'open';
        else if (rect.status === 'completed') {
          const status = rect.data?.['rectification-report']?.status;
          rectification = status && status !== '已完成整改' ? 'failed' : 'done';
        }
      }
      const disc = latest.get(`${id}:disclosure`);
      let disclosure: DisclosureState | null = null;
      if (disc) {
        const status = disc.data?.disclosure?.status;
        disclosure = status === '已按时公开' ? 'done' : status === '未按时公开' ? 'late' : 'pending';
      }
      return {
        id,
        county: p.county,
        name: p.name,
        department: p.department,
        departmentName: this.counties.orgUnit(p.county, p.department)?.name ?? p.department,
        amount: p.amount,
        stages: Object.fromEntries(STAGE_IDS.map((s) => [s, stages[s]?.status ?? 'not-started'])),
        schedule,
        executionRate,
        scheduleProgress,
        score: typeof score === 'number' ? score : null,
        grade: typeof grade === 'string' ? grade : null,
        evaluations: [...(evaluations.get(id) ?? [])],
        rectification,
        disclosure,
      };
    });

    const enabled = STAGE_IDS.filter((s) => !manifest || manifest.stages[s]?.enabled);
    const totalAmount = rows.reduce((a, r) => a + r.amount, 0);
    const departments = new Map<string, CountyView['schedule']['departments'][number]>();
    for (const r of rows) {
      if (!r.schedule) continue;
      const d = departments.get(r.department) ?? {
        department: r.department,
        departmentName: r.departmentName,
        red: 0,
        yellow: 0,
        normal: 0,
      };
      d[r.schedule]++;
      departments.set(r.department, d);
    }
    const coverage = (['部门评价', '财政评价'] as const).map((type): Coverage => {
      const covered = rows.filter((r) => r.evaluations.includes(type));
      const amount = covered.reduce((a, r) => a + r.amount, 0);
      const projectShare = rows.length ? round((covered.length / rows.length) * 100, 1) : 0;
      const amountShare = totalAmount ? round((amount / totalAmount) * 100, 1) : 0;
      const required = settingNumber(
        settings,
        type === '部门评价' ? 'departmentEvaluationCoverage' : 'financeEvaluationCoverage',
      );
      // hailin 二（五）: 部门评价 by 项目数 or 资金总额; 财政评价 by the funds' scale.
      const share = type === '部门评价' ? Math.max(projectShare, amountShare) : amountShare;
      return {
        type,
        projects: covered.length,
        amount: round(amount, 4),
        projectShare,
        amountShare,
        required,
        met: required === null ? null : share >= required,
        basis: type === '部门评价' ? '按项目数或资金总额计' : '按资金总额计',
      };
    });
    const count = <K extends string>(keys: K[], pick: (r: ProjectRow) => string | null) =>
      Object.fromEntries(keys.map((k) => [k, rows.filter((r) => pick(r) === k).length])) as Record<K, number>;
    return {
      year,
      county: county ?? null,
      countyName: manifest?.name ?? '全部县区',
      scope: scope.kind === 'department' ? 'department' : scope.kind === 'all' ? 'all' : 'county',
      total: rows.length,
      totalAmount: round(totalAmount, 4),
      stages: enabled.map((id) => ({
        id,
        label: STAGE_LABELS[id],
        counts: count(
          ['not-started', 'active', 'completed', 'terminated', 'failed'],
          (r) => r.stages[id] ?? null,
        ),
      })),
      schedule: { redGap, departments: [...departments.values()] },
      selfEvaluation: {
        scores: SCORE_BANDS.map(([band, lo, hi]) => ({
          band,
          count: rows.filter((r) => r.score !== null && r.score >= lo && r.score < hi).length,
        })),
        grades: GRADES.map((grade) => ({ grade, count: rows.filter((r) => r.grade === grade).length })),
      },
      coverage,
      rectification: count(['open', 'overdue', 'done', 'failed'], (r) => r.rectification),
      disclosure: count(['done', 'late', 'pending'], (r) => r.disclosure),
      projects: rows,
    };
  }

  private async instances(ids: Types.ObjectId[]): Promise<InstanceLean[]> {
    const out: InstanceLean[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      out.push(
        ...(await this.models.Instance.find(
          {
            projectId: { $in: ids.slice(i, i + 500) },
            stageId: { $in: ['monitoring', 'evaluation', 'result-application', 'disclosure'] },
          },
          {
            projectId: 1,
            stageId: 1,
            status: 1,
            startedAt: 1,
            'data.monitoring.executionRate': 1,
            'data.monitoring.scheduleProgress': 1,
            'data.evaluation-report.evaluationType': 1,
            'data.evaluation-plan.evaluationType': 1,
            'data.rectification-report.status': 1,
            'data.disclosure.status': 1,
          },
        ).lean<InstanceLean[]>()),
      );
    }
    return out;
  }
}
