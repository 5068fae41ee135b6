import { STAGE_LABELS, type StageId } from '@pm/config';
import type { AppServices } from '../../app';
import { AppError } from '../../errors';
import type { CountyDirectory } from '../../services/county-directory';

const DUE_SOON_MS = 3 * 24 * 60 * 60 * 1000;

export const SUBMISSION_STATUSES = [
  'overdue',
  'not-started',
  'due-soon',
  'awaiting',
  'submitted',
  'completed',
] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export interface SubmissionsQuery {
  county: string;
  stageId: StageId;
  round: string;
  year?: number;
}

/**
 * Where each of a county's projects stands with a stage (and round): not started, awaiting its department's
 * form (due soon, overdue), submitted and under review, or done. Reads only; the route checks who may ask.
 */
export async function submissionStatus(
  services: Pick<AppServices, 'models' | 'clock' | 'stages'>,
  counties: CountyDirectory,
  query: SubmissionsQuery,
) {
  const { models, clock, stages } = services;
  const county = counties.get(query.county);
  if (!county) throw new AppError('NOT_FOUND', 404, '县区不存在');
  const batch = query.round
    ? await models.Batch.findOne({ county: county.id, stageId: query.stageId, round: query.round }).lean()
    : null;
  // A round launched as a batch covers its chosen projects; otherwise every project of the county (year).
  const projectFilter: Record<string, unknown> = batch
    ? { _id: { $in: await stages.batchProjectIds(batch._id) }, county: county.id }
    : { county: county.id, ...(query.year ? { year: query.year } : {}) };
  const projects = await models.Project.find(projectFilter, { name: 1, year: 1, department: 1 })
    .sort({ department: 1, name: 1 })
    .limit(5000)
    .lean();
  const ids = projects.map((p) => p._id);
  const instances = await models.Instance.find(
    { projectId: { $in: ids }, stageId: query.stageId, round: query.round },
    { projectId: 1, status: 1, startedAt: 1 },
  )
    .sort({ startedAt: 1 })
    .lean();
  const instanceIds = instances.map((i) => i._id);
  const [openEdits, submissions] = await Promise.all([
    models.Task.find(
      { instanceId: { $in: instanceIds }, status: 'open', mode: 'edit' },
      { instanceId: 1, name: 1, due: 1 },
    ).lean(),
    models.Task.find(
      { instanceId: { $in: instanceIds }, status: 'completed', mode: 'edit' },
      { instanceId: 1, completedAt: 1 },
    ).lean(),
  ]);
  const latest = new Map<string, (typeof instances)[number]>();
  for (const i of instances) latest.set(i.projectId.toHexString(), i);
  const openBy = new Map(openEdits.map((t) => [t.instanceId.toHexString(), t]));
  const submittedBy = new Map<string, Date>();
  for (const t of submissions) {
    const key = t.instanceId.toHexString();
    const at = t.completedAt ? new Date(t.completedAt) : undefined;
    if (at && (!submittedBy.has(key) || submittedBy.get(key)! < at)) submittedBy.set(key, at);
  }
  const now = clock.now().getTime();
  const roundDue = batch?.due ? new Date(batch.due) : undefined;
  const statusOf = (due: Date | undefined) =>
    due && due.getTime() < now
      ? ('overdue' as const)
      : due && due.getTime() - now < DUE_SOON_MS
        ? ('due-soon' as const)
        : ('awaiting' as const);

  const items = projects.map((p) => {
    const instance = latest.get(p._id.toHexString());
    const key = instance?._id.toHexString();
    const open = key ? openBy.get(key) : undefined;
    // The round's due date (the 通知's deadline) wins over a task's own pm:due.
    const due = roundDue ?? (open?.due ? new Date(open.due) : undefined);
    const status = !instance
      ? statusOf(roundDue) === 'overdue'
        ? ('overdue' as const)
        : ('not-started' as const)
      : open
        ? statusOf(due)
        : instance.status === 'completed'
          ? ('completed' as const)
          : ('submitted' as const);
    const submittedAt = key ? submittedBy.get(key) : undefined;
    return {
      projectId: p._id.toHexString(),
      projectName: p.name,
      year: p.year,
      department: {
        code: p.department,
        name: counties.orgUnit(county.id, p.department)?.name ?? p.department,
      },
      status,
      instanceId: key ?? null,
      taskName: open?.name ?? null,
      due: due ? due.toISOString() : null,
      submittedAt: submittedAt && !open ? submittedAt.toISOString() : null,
    };
  });
  const order: readonly string[] = SUBMISSION_STATUSES;
  items.sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status));
  const counts = Object.fromEntries(order.map((s) => [s, items.filter((i) => i.status === s).length]));
  return {
    stageLabel: STAGE_LABELS[query.stageId],
    round: query.round,
    due: roundDue ? roundDue.toISOString() : null,
    counts,
    items,
  };
}
