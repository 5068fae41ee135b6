import { STAGE_IDS, STAGE_LABELS } from '@pm/config';
import { Types } from 'mongoose';
import { AppError } from '../../errors';
import type { Models } from '../../models';
import type { AccessPolicy } from '../access';
import type { AuthenticatedUser } from '../auth';
import type { CountyDirectory } from '../county-directory';
import type { ExportFile, ExportService } from '../exports';
import { drawStageTable, finishPdf, newPdf } from '../exports/pdf';
import { formatTime, type StageTable } from '../exports/table';
import type { ProjectRecord } from '../projects';
import { builtInHandlers, type ServiceHandler } from '../runtime/handlers';

/** Chinese documents separate items with an ideographic space. */
const SP = '\u3000';

/** A BSON document holds at most 16 MB; a package is one project's tables, far below that. */
const MAX_PACKAGE_BYTES = 15 * 1024 * 1024;

export interface PackageView {
  id: string;
  instanceId: string;
  stageId: string;
  recipient: string;
  title: string;
  filename: string;
  size: number;
  contents: { title: string; project: string; page: number }[];
  createdAt: string;
}

/**
 * 报送人大/政府/市财政 packages. The step's service task (`pm:handler="reportPackage"`, input
 * `{title, recipient, roles}`) notifies as `notify` does and leaves one PDF: a cover listing what is
 * sent, then the tables of the project concerned — this stage's first, then the project's other
 * stages' latest tables in the order of the budget year — each with its approval trail.
 */
export class ReportPackageService {
  constructor(
    private readonly models: Models,
    private readonly exports: ExportService,
    private readonly counties: CountyDirectory,
    private readonly access: AccessPolicy,
  ) {}

  handler(): ServiceHandler {
    return async (ctx) => {
      await builtInHandlers.notify(ctx);
      const id = `package:${ctx.invocationId}`;
      if (await this.models.ReportPackage.exists({ _id: id })) return;
      const recipient = String(ctx.input.recipient ?? '人大');
      const title = String(ctx.input.title ?? `报送${recipient}材料`);
      const { body, contents } = await this.build(
        ctx.project,
        ctx.instance._id,
        ctx.instance.stageId,
        recipient,
        title,
        ctx.now,
      );
      if (body.length > MAX_PACKAGE_BYTES) throw new Error('报送材料超过 15 MB，未能保存');
      await this.models.ReportPackage.create({
        _id: id,
        county: ctx.county.id,
        projectId: ctx.project._id,
        instanceId: ctx.instance._id,
        stageId: ctx.instance.stageId,
        recipient,
        title,
        filename: `报送${recipient}-${ctx.project.name}-${STAGE_LABELS[ctx.instance.stageId as keyof typeof STAGE_LABELS] ?? ''}.pdf`,
        contentType: 'application/pdf',
        size: body.length,
        body,
        contents,
        createdAt: ctx.now,
      }).catch((err: { code?: number }) => {
        if (err.code !== 11000) throw err;
      });
    };
  }

  async build(
    project: ProjectRecord,
    instanceId: Types.ObjectId,
    stageId: string,
    recipient: string,
    title: string,
    now: Date,
  ): Promise<{ body: Buffer; contents: PackageView['contents'] }> {
    const tables: StageTable[] = [];
    const current = await this.models.Instance.findById(instanceId, {
      state: 0,
      outbox: 0,
      followUps: 0,
    }).lean();
    if (current) tables.push(...(await this.exports.instanceTables(project, current as never)));
    for (const other of STAGE_IDS) {
      if (other === stageId) continue;
      const instance = await this.exports.latestInstance(project._id, other);
      if (instance && Object.keys(instance.data ?? {}).length > 0)
        tables.push(...(await this.exports.instanceTables(project, instance)));
    }
    const doc = newPdf();
    const county = this.counties.get(project.county);
    const unit = this.counties.orgUnit(project.county, project.department);
    const contents: PackageView['contents'] = [];
    // The cover is page 1; its list is written once the tables' pages are known.
    tables.forEach((table) => {
      doc.addPage();
      contents.push({ title: table.title, project: project.name, page: doc.bufferedPageRange().count });
      drawStageTable(doc, table);
    });
    doc.switchToPage(0);
    const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
    doc
      .font('cjk-bold')
      .fontSize(22)
      .text(`报送${recipient}材料`, doc.page.margins.left, 90, { width, align: 'center' });
    doc.moveDown(0.8);
    doc.font('cjk').fontSize(12).text(title, { width, align: 'center' });
    doc.moveDown(0.5);
    doc.text(
      `${county?.name ?? project.county}${SP}${project.year}年度${SP}${unit?.name ?? project.department}`,
      {
        width,
        align: 'center',
      },
    );
    doc.text(`生成时间：${formatTime(now)}`, { width, align: 'center' });
    doc.moveDown(1.5);
    doc.font('cjk-bold').fontSize(13).text('材料目录', { width });
    doc.moveDown(0.3);
    doc.font('cjk').fontSize(11);
    contents.forEach((c, i) => {
      doc.text(`${i + 1}．${c.project}${SP}${c.title}${SP}……${SP}第 ${c.page} 页`, { width });
    });
    if (contents.length === 0) doc.text('（该项目尚无已填报的表格）', { width });
    return { body: await finishPdf(doc), contents };
  }

  private view(p: {
    _id: string;
    instanceId: Types.ObjectId;
    stageId: string;
    recipient: string;
    title: string;
    filename: string;
    size: number;
    contents: { title?: string | null; project?: string | null; page?: number | null }[];
    createdAt: Date;
  }): PackageView {
    return {
      id: p._id,
      instanceId: p.instanceId.toHexString(),
      stageId: p.stageId,
      recipient: p.recipient,
      title: p.title,
      filename: p.filename,
      size: p.size,
      contents: p.contents.map((c) => ({
        title: c.title ?? '',
        project: c.project ?? '',
        page: c.page ?? 0,
      })),
      createdAt: new Date(p.createdAt).toISOString(),
    };
  }

  private async assertCanSee(user: AuthenticatedUser, projectId: Types.ObjectId, notFound: string) {
    const project = await this.models.Project.findById(projectId, { county: 1, department: 1 }).lean();
    if (!project) throw new AppError('NOT_FOUND', 404, notFound);
    try {
      this.access.assertCanReadProject(user, project);
    } catch {
      throw new AppError('NOT_FOUND', 404, notFound);
    }
  }

  async forInstance(user: AuthenticatedUser, instanceId: string): Promise<PackageView[]> {
    if (!Types.ObjectId.isValid(instanceId)) throw new AppError('NOT_FOUND', 404, '流程不存在');
    const instance = await this.models.Instance.findById(instanceId, { projectId: 1 }).lean();
    if (!instance) throw new AppError('NOT_FOUND', 404, '流程不存在');
    await this.assertCanSee(user, instance.projectId, '流程不存在');
    const packages = await this.models.ReportPackage.find({ instanceId: instance._id }, { body: 0 })
      .sort({ createdAt: 1 })
      .lean();
    return packages.map((p) => this.view(p as never));
  }

  async file(user: AuthenticatedUser, id: string): Promise<ExportFile> {
    const p = await this.models.ReportPackage.findById(id).lean();
    if (!p) throw new AppError('NOT_FOUND', 404, '报送材料不存在');
    await this.assertCanSee(user, p.projectId, '报送材料不存在');
    // lean() hands back the driver's Binary, not a Buffer.
    const raw = p.body as unknown as Buffer | { buffer: Uint8Array };
    const body = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer);
    return { filename: p.filename, contentType: p.contentType, body };
  }
}
