import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { isValidObjectId, Types } from 'mongoose';
import { AppError } from '../errors';
import type { Models } from '../models';
import type { AuthenticatedUser } from './auth';
import type { Clock } from './clock';
import type { CountyDirectory } from './county-directory';
import { AUDIT_ACTION_LABELS, auditActionLabel } from './audit-labels';
import { hasRole } from './system-roles';
import { SYSTEM_CHAIN } from './audit/canonical';
import type { AuditTrail } from './audit/trail';

/** The `county` of an event that concerns no single county (the platform's accounts, the policy): the system chain. */
export const SYSTEM_COUNTY = SYSTEM_CHAIN;

export interface AuditRecord {
  actor: string;
  action: keyof typeof AUDIT_ACTION_LABELS;
  /** The affected county, or SYSTEM_COUNTY. */
  county?: string;
  /** What was acted on, e.g. `user:zhangsan`, so the viewer can filter by it. */
  target?: string;
  /** One sentence in Chinese for the 安全审计员. */
  summary?: string;
  details?: Record<string, unknown>;
}

export interface AuditFilter {
  from?: Date;
  to?: Date;
  county?: string;
  actor?: string;
  action?: string;
  object?: string;
  limit: number;
  offset: number;
}

export interface AuditEventView {
  id: string;
  at: Date;
  county: string;
  countyName: string;
  actor: string;
  action: string;
  actionLabel: string;
  object: string;
  summary: string;
}

const EXPORT_LIMIT = 50_000;

const beijing = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/**
 * Writes account and security events into the same append-only `events` collection as the workflow
 * (so one viewer and one seal cover both), and reads the trail for the 安全审计员.
 */
export class AuditLog {
  constructor(
    private readonly models: Models,
    private readonly countyDirectory: CountyDirectory,
    private readonly clock: Clock,
    private readonly trail: AuditTrail,
  ) {}

  /** Through the trail, so the event is sealed into its county's (or the system's) hash chain at once. */
  async record(entry: AuditRecord): Promise<void> {
    await this.trail.record({
      _id: `audit:${randomUUID()}`,
      county: entry.county ?? SYSTEM_COUNTY,
      at: this.clock.now(),
      actor: entry.actor,
      action: entry.action,
      details: {
        ...entry.details,
        ...(entry.target ? { target: entry.target } : {}),
        ...(entry.summary ? { summary: entry.summary } : {}),
      },
    });
  }

  /** 安全审计员 only; a county's auditor reads that county's events and nothing of another county. */
  assertAuditor(user: AuthenticatedUser): void {
    if (!hasRole(user, 'auditor')) throw new AppError('FORBIDDEN', 403, '只有安全审计员可以查看审计记录');
  }

  /** The counties the auditor may filter by (a county's auditor: that county), plus the platform itself. */
  counties(user: AuthenticatedUser): { id: string; name: string }[] {
    this.assertAuditor(user);
    const list = this.countyDirectory
      .list()
      .filter((c) => !user.county || c.id === user.county)
      .map((c) => ({ id: c.id, name: c.name }));
    return user.county ? list : [{ id: SYSTEM_COUNTY, name: '全平台' }, ...list];
  }

  private filterOf(user: AuthenticatedUser, filter: Omit<AuditFilter, 'limit' | 'offset'>) {
    this.assertAuditor(user);
    const query: Record<string, unknown> = {};
    if (user.county) {
      if (filter.county && filter.county !== user.county)
        throw new AppError('FORBIDDEN', 403, '只能查看本县区的审计记录');
      query.county = user.county;
    } else if (filter.county) query.county = filter.county;
    if (filter.from || filter.to)
      query.at = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lte: filter.to } : {}) };
    if (filter.actor) query.actor = filter.actor;
    if (filter.action) query.action = filter.action;
    if (filter.object) {
      const object = filter.object.trim();
      const or: Record<string, unknown>[] = [
        { 'details.target': object },
        { 'details.target': `user:${object}` },
      ];
      if (isValidObjectId(object) && /^[0-9a-f]{24}$/i.test(object)) {
        const id = new Types.ObjectId(object);
        or.push({ projectId: id }, { instanceId: id }, { taskId: id });
      }
      query.$or = or;
    }
    return query;
  }

  async list(
    user: AuthenticatedUser,
    filter: AuditFilter,
  ): Promise<{ total: number; items: AuditEventView[] }> {
    const query = this.filterOf(user, filter);
    const [total, docs] = await Promise.all([
      this.models.Event.countDocuments(query),
      this.models.Event.find(query).sort({ at: -1, _id: -1 }).skip(filter.offset).limit(filter.limit).lean(),
    ]);
    return { total, items: await this.views(docs) };
  }

  async exportXlsx(user: AuthenticatedUser, filter: Omit<AuditFilter, 'limit' | 'offset'>): Promise<Buffer> {
    const query = this.filterOf(user, filter);
    const docs = await this.models.Event.find(query).sort({ at: -1, _id: -1 }).limit(EXPORT_LIMIT).lean();
    const rows = await this.views(docs);
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('审计记录');
    sheet.columns = [
      { header: '时间（北京时间）', key: 'at', width: 21 },
      { header: '县区', key: 'county', width: 16 },
      { header: '操作人', key: 'actor', width: 22 },
      { header: '操作', key: 'action', width: 14 },
      { header: '对象', key: 'object', width: 30 },
      { header: '说明', key: 'summary', width: 60 },
    ];
    sheet.getRow(1).font = { bold: true };
    for (const row of rows)
      sheet.addRow({
        at: formatBeijing(row.at),
        county: row.countyName,
        actor: row.actor,
        action: row.actionLabel,
        object: row.object,
        summary: row.summary,
      });
    await this.record({
      actor: user.username,
      action: 'audit.exported',
      county: user.county ?? SYSTEM_COUNTY,
      summary: `导出 ${rows.length} 条审计记录`,
      details: { filter: { ...filter } },
    });
    return Buffer.from(await book.xlsx.writeBuffer());
  }

  private async views(docs: Record<string, unknown>[]): Promise<AuditEventView[]> {
    const projectIds = [
      ...new Set(
        docs
          .map((d) => d.projectId)
          .filter(Boolean)
          .map(String),
      ),
    ];
    const projects = new Map(
      (
        await this.models.Project.find({ _id: { $in: projectIds } }, { name: 1 }).lean<
          { _id: Types.ObjectId; name: string }[]
        >()
      ).map((p) => [p._id.toHexString(), p.name]),
    );
    return docs.map((doc) => {
      const details = (doc.details ?? {}) as Record<string, unknown>;
      const county = String(doc.county);
      const target = typeof details.target === 'string' ? details.target : undefined;
      const project = doc.projectId ? projects.get(String(doc.projectId)) : undefined;
      const object = target?.startsWith('user:')
        ? `账号 ${target.slice(5)}`
        : (target ??
          [project ? `项目「${project}」` : '', doc.taskName ? `任务「${String(doc.taskName)}」` : '']
            .filter(Boolean)
            .join(' '));
      const summary =
        typeof details.summary === 'string'
          ? details.summary
          : [
              doc.outcomeLabel ? `结果：${String(doc.outcomeLabel)}` : '',
              doc.comment ? `意见：${String(doc.comment)}` : '',
            ]
              .filter(Boolean)
              .join('；');
      return {
        id: String(doc._id),
        at: doc.at as Date,
        county,
        countyName: county === SYSTEM_COUNTY ? '全平台' : (this.countyDirectory.get(county)?.name ?? county),
        actor: String(doc.actor),
        action: String(doc.action),
        actionLabel: auditActionLabel(String(doc.action)),
        object,
        summary,
      };
    });
  }
}

export function formatBeijing(date: Date): string {
  return beijing.format(date);
}
