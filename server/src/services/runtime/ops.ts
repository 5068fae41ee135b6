import type { Types } from 'mongoose';
import type { Models } from '../../models';

/**
 * The database operations one transition decides on, stored in the instance's outbox in the same
 * update as the new engine state, then applied. Every operation is idempotent: inserts use derived
 * ids (a duplicate key means "already done"), updates are guarded by the status they change.
 */
export type OutboxOp =
  | { op: 'insertTask'; doc: Record<string, unknown> }
  | { op: 'cancelTask'; taskId: Types.ObjectId; reason: string; at: Date }
  | {
      op: 'completeTask';
      taskId: Types.ObjectId;
      outcome: string;
      data: unknown;
      comment?: string;
      actor: string;
      at: Date;
    }
  | { op: 'insertEvent'; doc: Record<string, unknown> }
  | { op: 'scheduleTimer'; doc: Record<string, unknown> }
  | { op: 'cancelTimer'; timerId: string }
  | { op: 'notify'; doc: Record<string, unknown> }
  | { op: 'updateProject'; projectId: Types.ObjectId; set: Record<string, unknown> };

function ignoreDuplicate(err: unknown): void {
  if ((err as { code?: number }).code !== 11000) throw err;
}

export async function applyOp(models: Models, op: OutboxOp): Promise<void> {
  switch (op.op) {
    case 'insertTask':
      await models.Task.collection.insertOne(op.doc as never).catch(ignoreDuplicate);
      return;
    case 'cancelTask':
      await models.Task.updateOne(
        { _id: op.taskId, status: 'open' },
        { $set: { status: 'cancelled', cancelReason: op.reason, completedAt: op.at } },
      );
      return;
    case 'completeTask':
      await models.Task.updateOne(
        { _id: op.taskId, status: 'open' },
        {
          $set: {
            status: 'completed',
            outcome: op.outcome,
            data: op.data,
            comment: op.comment,
            completedBy: op.actor,
            completedAt: op.at,
          },
          $unset: { draft: 1 },
        },
      );
      return;
    case 'insertEvent':
      await models.Event.collection.insertOne(op.doc as never).catch(ignoreDuplicate);
      return;
    case 'scheduleTimer':
      await models.Timer.collection.insertOne(op.doc as never).catch(ignoreDuplicate);
      return;
    case 'cancelTimer':
      await models.Timer.updateOne(
        { _id: op.timerId, status: 'scheduled' },
        { $set: { status: 'cancelled' } },
      );
      return;
    case 'notify':
      await models.Notification.collection.insertOne(op.doc as never).catch(ignoreDuplicate);
      return;
    case 'updateProject':
      await models.Project.updateOne({ _id: op.projectId }, { $set: op.set });
      return;
  }
}
