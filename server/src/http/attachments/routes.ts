import { Types } from 'mongoose';
import { z } from 'zod';
import type { AppServices } from '../../app';
import { AppError } from '../../errors';
import type { AuthenticatedUser } from '../../services/auth';
import type { Api } from '../api';
import { readSingleFile } from './multipart';
import { ALLOWED_EXTENSIONS, sniffType } from './sniff';
import { AttachmentStore } from './store';

const MAX_BYTES = 20 * 1024 * 1024;
const ObjectId = z.string().regex(/^[0-9a-f]{24}$/i, '编号格式不正确');

const AttachmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  size: z.number(),
  contentType: z.string(),
  label: z.string(),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
  taskId: z.string(),
  instanceId: z.string(),
});

/**
 * 佐证材料 in GridFS. A file belongs to the task it was uploaded on; whoever may see that task's process
 * instance (the project's department, the county's finance sections, anyone holding a task on it) may list
 * and download it, and only the task's current handler may add or remove files while it is open.
 */
export function registerAttachmentRoutes(api: Api, services: AppServices): void {
  const store = new AttachmentStore(services.models.Instance.db);
  const { models, access, tasks } = services;

  /** The same rule as GET /api/instances/:id; anything else is "not found" so ids cannot be probed. */
  async function assertCanSeeInstance(user: AuthenticatedUser, instanceId: Types.ObjectId) {
    const instance = await models.Instance.findById(instanceId, { projectId: 1 }).lean();
    const project = instance ? await models.Project.findById(instance.projectId).lean() : null;
    if (!instance || !project) throw new AppError('NOT_FOUND', 404, '附件不存在');
    const hasTask = await models.Task.exists({
      instanceId,
      $or: [
        { audience: { $in: tasks.audienceOf(user) } },
        { candidateAudience: { $in: tasks.audienceOf(user) } },
        { completedBy: user.username },
      ],
    });
    try {
      access.assertCanReadProject(user, project, Boolean(hasTask));
    } catch {
      throw new AppError('NOT_FOUND', 404, '附件不存在');
    }
  }

  async function openTaskOf(user: AuthenticatedUser, taskId: string) {
    access.assertCanWrite(user);
    const task = await tasks.load(user, taskId);
    if (task.status !== 'open')
      throw new AppError('TASK_ALREADY_COMPLETED', 409, '该任务已办结，不能再修改附件');
    if (task.assignee && task.assignee !== user.username)
      throw new AppError('CONFLICT', 409, `该任务已由 ${task.assignee} 签收`);
    return task;
  }

  api.route({
    method: 'post',
    path: '/tasks/:id/attachments',
    tag: '附件',
    summary: `上传附件（multipart/form-data，字段 file，不超过 20 MB；类型：${ALLOWED_EXTENSIONS.join('、')}）`,
    params: z.object({ id: ObjectId }),
    status: 201,
    responses: [
      { status: 201, description: '已上传', schema: AttachmentSchema },
      { status: 413, description: '文件过大 (PAYLOAD_TOO_LARGE)' },
      { status: 415, description: '文件类型不允许或与扩展名不符 (UNSUPPORTED_MEDIA_TYPE)' },
    ],
    handler: async ({ params, auth, req }) => {
      const task = await openTaskOf(auth.user, params.id);
      const file = await readSingleFile(req, MAX_BYTES);
      const type = sniffType(file.filename, file.content);
      if (!type)
        throw new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          415,
          `不支持该文件类型或文件内容与扩展名不符，允许：${ALLOWED_EXTENSIONS.join('、')}`,
        );
      // Path separators and control characters never reach a Content-Disposition header or a saved name.
      const name = [...file.filename]
        .map((ch) => (ch === '/' || ch === '\\' || ch.charCodeAt(0) < 0x20 ? '_' : ch))
        .join('')
        .slice(-200);
      return store.save(name, file.content, {
        county: task.county,
        projectId: task.projectId,
        instanceId: task.instanceId,
        taskId: task._id,
        uploadedBy: auth.user.username,
        contentType: type.contentType,
        label: type.label,
      });
    },
  });

  api.route({
    method: 'get',
    path: '/instances/:id/attachments',
    tag: '附件',
    summary: '流程实例的全部附件',
    params: z.object({ id: ObjectId }),
    responses: [{ status: 200, description: '附件列表', schema: z.array(AttachmentSchema) }],
    handler: async ({ params, auth }) => {
      const instanceId = new Types.ObjectId(params.id);
      await assertCanSeeInstance(auth.user, instanceId);
      return store.listByInstance(instanceId);
    },
  });

  api.route({
    method: 'get',
    path: '/attachments/:id',
    tag: '附件',
    summary: '下载附件',
    params: z.object({ id: ObjectId }),
    responses: [
      { status: 200, description: '文件内容' },
      { status: 404, description: '附件不存在或无权查看 (NOT_FOUND)' },
    ],
    handler: async ({ params, auth, res }) => {
      const file = await store.find(params.id);
      if (!file) throw new AppError('NOT_FOUND', 404, '附件不存在');
      await assertCanSeeInstance(auth.user, new Types.ObjectId(String(file.metadata.instanceId)));
      res.setHeader('Content-Type', file.metadata.contentType);
      res.setHeader('Content-Length', String(file.length));
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="file"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      );
      await new Promise<void>((resolve, reject) => {
        const stream = store.open(file._id);
        stream.on('error', reject);
        res.on('finish', resolve);
        res.on('close', resolve);
        stream.pipe(res);
      });
      return undefined;
    },
  });

  api.route({
    method: 'delete',
    path: '/attachments/:id',
    tag: '附件',
    summary: '删除附件（仅上传人，任务办结前）',
    params: z.object({ id: ObjectId }),
    responses: [{ status: 204, description: '已删除' }],
    handler: async ({ params, auth }) => {
      const file = await store.find(params.id);
      if (!file) throw new AppError('NOT_FOUND', 404, '附件不存在');
      await openTaskOf(auth.user, String(file.metadata.taskId));
      if (file.metadata.uploadedBy !== auth.user.username)
        throw new AppError('FORBIDDEN', 403, '只能删除自己上传的附件');
      await store.remove(file._id);
      return undefined;
    },
  });
}
