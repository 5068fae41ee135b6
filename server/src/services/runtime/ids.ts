import { createHash } from 'node:crypto';
import { Types } from 'mongoose';

/**
 * Ids derived from what they identify (an instance and an engine ref), so that applying the same
 * outbox twice — after a crash, or by two processes — addresses the same documents.
 */
export function derivedObjectId(...parts: string[]): Types.ObjectId {
  return new Types.ObjectId(createHash('sha1').update(parts.join('\u0000')).digest('hex').slice(0, 24));
}

export function taskIdFor(instanceId: Types.ObjectId | string, taskRef: string): Types.ObjectId {
  return derivedObjectId('task', String(instanceId), taskRef);
}

export function childInstanceIdFor(parentId: Types.ObjectId | string, ref: string): Types.ObjectId {
  return derivedObjectId('child', String(parentId), ref);
}

export function timerIdFor(instanceId: Types.ObjectId | string, timerRef: string): string {
  return `${String(instanceId)}:${timerRef}`;
}

export const audience = {
  unit: (county: string, code: string) => `unit:${county}:${code}`,
  user: (username: string) => `user:${username}`,
  countyAdmins: (county: string) => `admin:${county}`,
};
