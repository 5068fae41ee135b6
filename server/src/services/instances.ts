import { Types } from 'mongoose';
import { AppError } from '../errors';
import type { Models } from '../models';
import type { AccessPolicy } from './access';
import type { AuthenticatedUser } from './auth';
import type { ProjectRecord } from './projects';
import type { InstanceRecord } from './runtime/runtime';
import type { TaskRecord, TaskService } from './tasks';

export class InstanceService {
  constructor(
    private readonly models: Models,
    private readonly tasks: TaskService,
    private readonly access: AccessPolicy,
  ) {}

  /** Visible to whoever may see the project, and to anyone who holds or held one of its tasks. */
  async view(user: AuthenticatedUser, id: string) {
    if (!Types.ObjectId.isValid(id)) throw new AppError('NOT_FOUND', 404, '流程实例不存在');
    const instance = await this.models.Instance.findById(id, {
      outbox: 0,
      followUps: 0,
    }).lean<InstanceRecord>();
    if (!instance) throw new AppError('NOT_FOUND', 404, '流程实例不存在');
    const project = await this.models.Project.findById(instance.projectId).lean<ProjectRecord>();
    if (!project) throw new AppError('NOT_FOUND', 404, '流程实例不存在');
    const keys = this.tasks.audienceOf(user);
    const hasTask = await this.models.Task.exists({
      instanceId: instance._id,
      $or: [
        { audience: { $in: keys } },
        { candidateAudience: { $in: keys } },
        { completedBy: user.username },
      ],
    });
    this.access.assertCanReadProject(user, project, Boolean(hasTask));

    const active = await this.models.Task.find({ instanceId: instance._id, status: 'open' })
      .sort({ createdAt: 1 })
      .lean<TaskRecord[]>();
    const state = instance.state as { tokens?: { elementId: string }[]; incidents?: unknown[] };
    return {
      id: instance._id.toHexString(),
      projectId: instance.projectId.toHexString(),
      county: instance.county,
      stageId: instance.stageId,
      round: instance.round,
      processId: instance.processId,
      status: instance.status,
      startedAt: instance.startedAt.toISOString(),
      endedAt: instance.endedAt ? new Date(instance.endedAt).toISOString() : null,
      activeTasks: await Promise.all(
        active.map(async (t) => ({
          taskId: t._id.toHexString(),
          name: t.name,
          elementId: t.elementId,
          assignee: t.assignee ?? null,
          due: t.due ? new Date(t.due).toISOString() : null,
          candidates: await this.tasks.candidates(t),
        })),
      ),
      activeElements: [...new Set((state.tokens ?? []).map((t) => t.elementId))],
      incidents: state.incidents ?? [],
      ...(await this.tasks.history(instance._id)),
    };
  }
}
