import type { ServiceTaskDef, UserTaskDef } from '../../definition';
import type { Command } from '../commands';
import { invokeService } from '../elements/service-task';
import { openTask } from '../elements/user-task';
import { leaveElement } from '../leave';
import { reject, type Rejection } from '../result';
import type { Run } from '../run';

/**
 * After someone fixed the cause (a county setting, a handler), the blocked token tries again from where
 * it stopped. An incident that blocks nothing is simply dismissed.
 */
export function retryIncident(
  run: Run,
  command: Extract<Command, { type: 'retryIncident' }>,
): Rejection | null {
  const incident = run.state.incidents.find((candidate) => candidate.id === command.incidentId);
  if (!incident) return reject('UNKNOWN_INCIDENT', '异常不存在或已经处理').rejection;
  run.state.incidents = run.state.incidents.filter((candidate) => candidate !== incident);
  const token = incident.tokenId ? run.token(incident.tokenId) : undefined;
  if (!token) return null;
  token.wait = { kind: 'entering' };
  const element = run.element(token.elementId);
  switch (incident.retry) {
    case 'leave':
      leaveElement(run, token);
      break;
    case 'invoke':
      if (element.kind === 'serviceTask') invokeService(run, token, element as ServiceTaskDef);
      else openTask(run, token, element as UserTaskDef);
      break;
    default:
      run.agenda.push(token.id);
  }
  return null;
}
