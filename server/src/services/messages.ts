import type { JsonValue } from '@pm/engine';
import { Types } from 'mongoose';
import { AppError } from '../errors';
import type { Models } from '../models';
import type { AccessPolicy } from './access';
import type { AuthenticatedUser } from './auth';
import { RejectedCommand, type Runtime } from './runtime/runtime';

/** Kinds of org unit that may announce external events (e.g. 人代会批准 of the budget) to running processes. */
const ANNOUNCING_KINDS = new Set(['finance-section', 'center']);

/**
 * External events that processes wait for in message catch events, e.g. the people's congress
 * approving the budget (人代会批准) before 批复. Delivered to every running instance of the county
 * that waits for that message name, or to the instances named.
 */
export class MessageService {
  constructor(
    private readonly models: Models,
    private readonly runtime: Runtime,
    private readonly access: AccessPolicy,
  ) {}

  async deliver(
    user: AuthenticatedUser,
    input: { county: string; name: string; payload?: Record<string, JsonValue>; instanceIds?: string[] },
  ): Promise<{ delivered: number; instanceIds: string[] }> {
    this.access.assertCanWrite(user);
    if (!this.access.isSuperadmin(user) && user.county !== input.county) {
      throw new AppError('FORBIDDEN', 403, '只能向本县区的流程发送通知');
    }
    const unit = this.access.orgUnitOf(user);
    if (!this.access.isCountyAdmin(user, input.county) && !(unit && ANNOUNCING_KINDS.has(unit.kind))) {
      throw new AppError('FORBIDDEN', 403, '只有财政部门可以登记此类事项');
    }
    const filter: Record<string, unknown> = {
      county: input.county,
      status: 'active',
      'state.subscriptions.name': input.name,
    };
    if (input.instanceIds) filter._id = { $in: input.instanceIds.map((id) => new Types.ObjectId(id)) };
    const waiting = await this.models.Instance.find(filter, { _id: 1 }).lean();
    const delivered: string[] = [];
    for (const { _id } of waiting) {
      try {
        await this.runtime.transition(
          _id,
          { type: 'deliverMessage', name: input.name, payload: input.payload ?? {} },
          { actor: user.username, event: { action: 'message.delivered', details: { name: input.name } } },
        );
        delivered.push(_id.toHexString());
      } catch (err) {
        if (!(err instanceof RejectedCommand)) throw err; // it stopped waiting meanwhile
      }
    }
    return { delivered: delivered.length, instanceIds: delivered };
  }
}
