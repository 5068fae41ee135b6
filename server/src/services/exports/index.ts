import { randomBytes } from 'node:crypto';
import { STAGE_IDS, STAGE_LABELS, type StageId } from '@pm/config';
import ExcelJS from 'exceljs';
import { Types } from 'mongoose';
import { AppError } from '../../errors';
import type { Models } from '../../models';
import type { AccessPolicy } from '../access';
import type { AuthenticatedUser } from '../auth';
import type { CountyDirectory } from '../county-directory';
import type { DeploymentService } from '../deployments';
import type { ProjectRecord } from '../projects';
import { stagePdf } from './pdf';
import { buildStageTable, formatTime, formatValue, type StageTable, type TrailStep } from './table';
import { AMOUNT_FORMAT, sheetName, stageWorkbook } from './xlsx';

export type ExportFormat = 'xlsx' | 'pdf';

export interface ExportFile {
  filename: string;
  contentType: string;
  body: Buffer;
}

export interface ListFilter {
  county?: string;
  year: number;
  stage: StageId;
  /** not-started | active | completed | terminated | failed */
  status?: string;
  department?: string;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

export const STATUS_LABELS: Record<string, string> = {
  'not-started': '未开展',
  active: '办理中',
  completed: '已办结',
  terminated: '已终止',
  failed: '异常',
};

/** A list export larger than this asks the user to narrow the filter (memory and time stay bounded). */
export const MAX_LIST_PROJECTS = 5000;

type InstanceLean = {
  _id: Types.ObjectId;
  projectId: Types.ObjectId;
  stageId: string;
  status: string;
  round?: string;
  data?: Record<string, Record<string, unknown>>;
  formDeployments?: Record<string, string | Types.ObjectId>;
  startedAt: Date;
};

/**
 * Exports of the stage tables: one project's stage as .xlsx or PDF (every form the stage filled, in
 * the paper layout, with the approval trail), and a filtered list of projects as one workbook. Only
 * what the caller may see is exported (AccessPolicy), nothing crosses counties.
 */
export class ExportService {
  constructor(
    private readonly models: Models,
    private readonly deployments: DeploymentService,
    private readonly counties: CountyDirectory,
    private readonly access: AccessPolicy,
  ) {}

  async projectStage(
    user: AuthenticatedUser,
    projectId: string,
    stageId: StageId,
    format: ExportFormat,
  ): Promise<ExportFile> {
    if (!Types.ObjectId.isValid(projectId)) throw new AppError('NOT_FOUND', 404, '项目不存在');
    const project = await this.models.Project.findById(projectId).lean<ProjectRecord>();
    if (!project) throw new AppError('NOT_FOUND', 404, '项目不存在');
    this.access.assertCanReadProject(user, project);
    const instance = await this.latestInstance(project._id, stageId);
    if (!instance)
      throw new AppError('NOT_FOUND', 404, `该项目尚未开展「${STAGE_LABELS[stageId]}」，没有可导出的表格`);
    const tables = await this.instanceTables(project, instance);
    const body = format === 'pdf' ? await stagePdf(tables) : await stageWorkbook(tables);
    return {
      filename: `${project.name}-${tables[0]?.title ?? STAGE_LABELS[stageId]}.${format}`,
      contentType: CONTENT_TYPES[format],
      body,
    };
  }

  async latestInstance(projectId: Types.ObjectId, stageId: string): Promise<InstanceLean | null> {
    return this.models.Instance.findOne({ projectId, stageId }, { state: 0, outbox: 0, followUps: 0 })
      .sort({ startedAt: -1 })
      .lean<InstanceLean>();
  }

  /** Every form the instance filled (the stage's own form first), each as a table with the trail. */
  async instanceTables(
    project: ProjectRecord,
    instance: InstanceLean,
    known?: TrailStep[],
  ): Promise<StageTable[]> {
    const trail = known ?? (await this.trail(project.county, instance._id));
    const formIds = Object.keys(instance.formDeployments ?? {}).filter((id) => instance.data?.[id]);
    formIds.sort((a, b) => Number(b === instance.stageId) - Number(a === instance.stageId));
    const subtitle = this.subtitle(project, instance);
    const tables: StageTable[] = [];
    for (const formId of formIds) {
      const deployment = await this.deployments.form(String(instance.formDeployments![formId]));
      tables.push(buildStageTable(deployment.form, instance.data![formId], subtitle, trail));
    }
    if (tables.length === 0) {
      // Started but nothing submitted yet: the stage's empty form still prints with its trail.
      const latest = await this.deployments.latestForm(project.county, instance.stageId);
      if (latest) tables.push(buildStageTable(latest.form, {}, subtitle, trail));
    }
    return tables;
  }

  private subtitle(project: ProjectRecord, instance: InstanceLean): string {
    const county = this.counties.get(project.county);
    const unit = this.counties.orgUnit(project.county, project.department);
    return [
      county?.name ?? project.county,
      `${project.year}年度`,
      unit?.name ?? project.department,
      instance.round ? instance.round : '',
      `金额单位：万元`,
    ]
      .filter(Boolean)
      .join('　');
  }

  /** 审批记录: each completed step with the unit and person who did it, when, the outcome and the comment. */
  async trail(county: string, instanceId: Types.ObjectId): Promise<TrailStep[]> {
    return (await this.trails(county, [instanceId])).get(instanceId.toHexString()) ?? [];
  }

  /** Trails of many instances in a few queries (a list export must not ask twice per project). */
  async trails(county: string, instanceIds: Types.ObjectId[]): Promise<Map<string, TrailStep[]>> {
    const out = new Map<string, TrailStep[]>();
    const users = new Map<string, { displayName: string; orgUnit?: string | null; county?: string | null }>();
    for (let i = 0; i < instanceIds.length; i += 500) {
      const events = await this.models.Event.find(
        // Completed steps, and awaited external events someone registered (人代会批准).
        {
          instanceId: { $in: instanceIds.slice(i, i + 500) },
          action: { $in: ['task.completed', 'message.delivered'] },
        },
        {
          instanceId: 1,
          actor: 1,
          at: 1,
          action: 1,
          taskName: 1,
          outcome: 1,
          outcomeLabel: 1,
          comment: 1,
          seq: 1,
          details: 1,
        },
      ).lean();
      const unknown = [...new Set(events.map((e) => e.actor))].filter((a) => !users.has(a));
      if (unknown.length > 0)
        for (const u of await this.models.User.find(
          { username: { $in: unknown } },
          { username: 1, displayName: 1, orgUnit: 1, county: 1 },
        ).lean())
          users.set(u.username, u);
      events.sort((a, b) => a.seq - b.seq);
      for (const e of events) {
        const user = users.get(e.actor);
        const unit = user?.orgUnit ? this.counties.orgUnit(user.county ?? county, user.orgUnit) : undefined;
        const key = String(e.instanceId);
        const list = out.get(key) ?? [];
        const message = e.action === 'message.delivered';
        list.push({
          step: e.taskName ?? (message ? String((e.details as { name?: string })?.name ?? '') : ''),
          unit: unit?.name ?? '',
          person: user?.displayName ?? e.actor,
          at: new Date(e.at),
          outcome: e.outcomeLabel ?? (message ? '已登记' : (e.outcome ?? '')),
          comment: e.comment ?? '',
        });
        out.set(key, list);
      }
    }
    return out;
  }

  /** The projects a list export covers, after the caller's scope. */
  private async listProjects(user: AuthenticatedUser, filter: ListFilter): Promise<ProjectRecord[]> {
    const query: Record<string, unknown> = { ...this.access.projectFilter(user), year: filter.year };
    if (filter.county) {
      const scope = this.access.projectScope(user);
      if (scope.kind !== 'all' && scope.county !== filter.county) return [];
      query.county = filter.county;
    }
    if (filter.department) query.department = filter.department;
    if (filter.status === 'not-started') query[`stages.${filter.stage}.status`] = { $exists: false };
    else if (filter.status) query[`stages.${filter.stage}.status`] = filter.status;
    const count = await this.models.Project.countDocuments(query);
    if (count > MAX_LIST_PROJECTS)
      throw new AppError(
        'VALIDATION_FAILED',
        400,
        `符合条件的项目有 ${count} 个，一次最多导出 ${MAX_LIST_PROJECTS} 个，请按县区、部门或状态缩小范围`,
      );
    return this.models.Project.find(query)
      .sort({ county: 1, department: 1, name: 1 })
      .lean<ProjectRecord[]>();
  }

  /**
   * A list as one workbook: 项目清单 (one row per project with the stage's status, score and grade),
   * then one sheet per table of the stage's forms (header fields as columns, one row per project) and
   * one per list in them (indicator rows with the project's name in front). Streams rows to the
   * workbook writer so a thousand 自评表 stay within memory. `onProgress` reports projects done.
   */
  async listWorkbook(
    user: AuthenticatedUser,
    filter: ListFilter,
    onProgress?: (done: number, total: number) => void,
  ): Promise<ExportFile> {
    if (!STAGE_IDS.includes(filter.stage)) throw new AppError('VALIDATION_FAILED', 400, '环节不存在');
    const projects = await this.listProjects(user, filter);
    const chunks: Buffer[] = [];
    const { PassThrough } = await import('node:stream');
    const stream = new PassThrough();
    stream.on('data', (c: Buffer) => chunks.push(c));
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream,
      useStyles: true,
      useSharedStrings: false,
    });
    workbook.creator = '预算绩效管理平台';
    const stageLabel = STAGE_LABELS[filter.stage];
    const listSheet = workbook.addWorksheet('项目清单', {
      views: [{ state: 'frozen', ySplit: 1 }],
      pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    });
    listSheet.columns = [
      { header: '县区', key: 'county', width: 14 },
      { header: '预算年度', key: 'year', width: 10 },
      { header: '主管部门', key: 'department', width: 18 },
      { header: '项目名称', key: 'name', width: 36 },
      { header: '实施单位', key: 'implementingUnit', width: 18 },
      { header: '资金总额（万元）', key: 'amount', width: 16, style: { numFmt: AMOUNT_FORMAT } },
      { header: '重大项目', key: 'major', width: 10 },
      { header: `${stageLabel}状态`, key: 'status', width: 12 },
      { header: '办理情况', key: 'statusLabel', width: 16 },
      { header: '得分', key: 'score', width: 8 },
      { header: '等级', key: 'grade', width: 8 },
    ];
    boldHeader(listSheet.getRow(1));

    // Sheets per form table, created when the first project with that form is met.
    interface FormSheets {
      header: ExcelJS.Worksheet;
      lists: Map<string, ExcelJS.Worksheet>;
    }
    const formSheets = new Map<string, FormSheets>();
    const taken = new Set(['项目清单']);
    const add = (name: string) => {
      taken.add(name);
      return name;
    };
    const pending: { project: ProjectRecord; tables: StageTable[] }[] = [];
    let done = 0;
    const instances = await this.latestInstances(
      projects.map((p) => p._id),
      filter.stage,
    );
    const trails = await this.trails(
      filter.county ?? projects[0]?.county ?? '',
      [...instances.values()].map((i) => i._id),
    );
    for (const project of projects) {
      const stage = ((project.stages ?? {}) as Record<string, Record<string, unknown>>)[filter.stage] ?? {};
      const unit = this.counties.orgUnit(project.county, project.department);
      listSheet
        .addRow({
          county: this.counties.get(project.county)?.name ?? project.county,
          year: project.year,
          department: unit?.name ?? project.department,
          name: project.name,
          implementingUnit: (project as { implementingUnit?: string }).implementingUnit ?? '',
          amount: project.amount,
          major: project.major ? '是' : '否',
          status: STATUS_LABELS[String(stage.status ?? 'not-started')] ?? String(stage.status),
          statusLabel: String(stage.statusLabel ?? ''),
          score:
            typeof stage.score === 'number'
              ? stage.score
              : ((stage.result as Record<string, unknown>)?.totalScore ?? ''),
          grade: String(stage.grade ?? (stage.result as Record<string, unknown>)?.grade ?? ''),
        })
        .commit();
      const instance = instances.get(project._id.toHexString());
      if (instance)
        pending.push({
          project,
          tables: await this.instanceTables(project, instance, trails.get(instance._id.toHexString()) ?? []),
        });
      done++;
      onProgress?.(done, projects.length);
    }
    await listSheet.commit();

    // Header sheets first, then list sheets: the writer commits sheets in order.
    for (const { project, tables } of pending) {
      for (const table of tables) {
        let sheets = formSheets.get(table.title);
        if (!sheets) {
          const header = workbook.addWorksheet(add(sheetName(taken, table.title)), {
            views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }],
          });
          header.columns = [
            { header: '项目名称', width: 36 },
            ...table.header.map((f) => ({ header: f.label, width: f.wide ? 40 : 16 })),
          ];
          boldHeader(header.getRow(1));
          sheets = { header, lists: new Map() };
          formSheets.set(table.title, sheets);
        }
        sheets.header.addRow([project.name, ...table.header.map((f) => f.value)]).commit();
      }
    }
    for (const sheets of formSheets.values()) await sheets.header.commit();
    for (const { project, tables } of pending) {
      for (const table of tables) {
        const sheets = formSheets.get(table.title)!;
        for (const section of table.sections) {
          const key = `${table.title}·${section.title}`;
          let ws = sheets.lists.get(key);
          if (!ws) {
            ws = workbook.addWorksheet(add(sheetName(taken, section.title)), {
              views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }],
            });
            ws.columns = [
              { header: '项目名称', width: 36 },
              ...section.columns.map((c) => ({
                header: c.label,
                width: c.numeric ? 12 : c.merge ? 14 : 22,
                ...(c.numeric ? { style: { numFmt: AMOUNT_FORMAT } } : {}),
              })),
            ];
            boldHeader(ws.getRow(1));
            sheets.lists.set(key, ws);
          }
          for (const values of section.values) ws.addRow([project.name, ...values]).commit();
        }
      }
    }
    // Workbook-writer sheets are tracked by the writer itself; committing it closes the rest.
    await workbook.commit();
    const county = filter.county ? (this.counties.get(filter.county)?.name ?? filter.county) : '';
    return {
      filename: `${county}${filter.year}年度${stageLabel}汇总.xlsx`,
      contentType: CONTENT_TYPES.xlsx,
      body: Buffer.concat(chunks),
    };
  }

  /**
   * The list workbook as a job: checked at once (a filter too wide is refused in the request), then
   * written in the background with its progress in `export_jobs`, so the page can draw a progress
   * bar from any app process and fetch the file when it is done.
   */
  async startListJob(user: AuthenticatedUser, filter: ListFilter): Promise<{ id: string; total: number }> {
    if (!STAGE_IDS.includes(filter.stage)) throw new AppError('VALIDATION_FAILED', 400, '环节不存在');
    const total = (await this.listProjects(user, filter)).length;
    const id = randomBytes(16).toString('hex');
    await this.models.ExportJob.create({
      _id: id,
      createdBy: user.username,
      status: 'running',
      total,
      createdAt: new Date(),
    });
    let last = 0;
    void this.listWorkbook(user, filter, (done) => {
      // At most a write every 2% (and never two at once: the writes are not awaited).
      if (done - last < Math.max(1, total / 50)) return;
      last = done;
      void this.models.ExportJob.updateOne({ _id: id, status: 'running' }, { $set: { done } }).exec();
    })
      .then((file) =>
        this.models.ExportJob.updateOne(
          { _id: id },
          {
            $set: {
              status: 'done',
              done: total,
              filename: file.filename,
              contentType: file.contentType,
              body: file.body,
            },
          },
        ),
      )
      .catch((err: unknown) =>
        this.models.ExportJob.updateOne(
          { _id: id },
          {
            $set: {
              status: 'failed',
              message: err instanceof AppError ? err.message : '导出失败，请稍后重试',
            },
          },
        ).catch(() => undefined),
      );
    return { id, total };
  }

  async job(user: AuthenticatedUser, id: string) {
    const job = await this.models.ExportJob.findById(id, { body: 0 }).lean();
    if (!job || job.createdBy !== user.username)
      throw new AppError('NOT_FOUND', 404, '导出任务不存在或已过期');
    return {
      id: job._id,
      status: job.status,
      done: job.done ?? 0,
      total: job.total ?? 0,
      ...(job.filename ? { filename: job.filename } : {}),
      ...(job.message ? { message: job.message } : {}),
    };
  }

  async jobFile(user: AuthenticatedUser, id: string): Promise<ExportFile> {
    const job = await this.models.ExportJob.findById(id).lean();
    if (!job || job.createdBy !== user.username)
      throw new AppError('NOT_FOUND', 404, '导出任务不存在或已过期');
    if (job.status !== 'done' || !job.body)
      throw new AppError(
        'CONFLICT',
        409,
        job.status === 'failed' ? (job.message ?? '导出失败') : '文件尚在生成，请稍候',
      );
    // lean() hands back the driver's Binary, not a Buffer.
    const raw = job.body as unknown as Buffer | { buffer: Uint8Array };
    return {
      filename: job.filename ?? '导出.xlsx',
      contentType: job.contentType ?? CONTENT_TYPES.xlsx,
      body: Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer),
    };
  }

  private async latestInstances(projectIds: Types.ObjectId[], stageId: string) {
    const latest = new Map<string, InstanceLean>();
    for (let i = 0; i < projectIds.length; i += 500) {
      const batch = await this.models.Instance.find(
        { projectId: { $in: projectIds.slice(i, i + 500) }, stageId },
        { state: 0, outbox: 0, followUps: 0 },
      ).lean<InstanceLean[]>();
      for (const instance of batch) {
        const key = instance.projectId.toHexString();
        const seen = latest.get(key);
        if (!seen || seen.startedAt < instance.startedAt) latest.set(key, instance);
      }
    }
    return latest;
  }
}

function boldHeader(row: ExcelJS.Row) {
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
}

export { formatTime, formatValue };
