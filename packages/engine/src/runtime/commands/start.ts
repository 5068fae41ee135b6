import type { ProcessDefinition, StartEventDef } from '../../definition';
import type { Command } from '../commands';
import { ROOT_SCOPE } from '../instance-end';
import { reject, type Rejection } from '../result';
import type { Run } from '../run';
import type { InstanceState } from '../state';
import { scheduleTimer } from '../timers';
import { spawnToken } from '../tokens';

/** The state of an instance before its first command has run. */
export function newInstanceState(definition: ProcessDefinition): InstanceState {
  return {
    schemaVersion: 1,
    processId: definition.id,
    status: 'active',
    counter: 0,
    variables: {},
    scopes: [
      {
        id: ROOT_SCOPE,
        kind: 'process',
        elementId: null,
        parentId: null,
        ownerTokenId: null,
        last: null,
        multiInstance: null,
      },
    ],
    tokens: [],
    timers: [],
    subscriptions: [],
    incidents: [],
    endedAt: null,
  };
}

/**
 * Starts at the none start event. A process that has only timer start events waits for the first of
 * them to fire (`scheduleTimer` for each); timer start events beside a none start event are not used.
 */
export function start(run: Run, command: Extract<Command, { type: 'start' }>): Rejection | null {
  const starts = run.definition.startEvents.map((id) => run.element(id) as StartEventDef);
  const none = starts.find((event) => event.timer === null);
  const timed = starts.filter((event) => event.timer !== null);
  if (!none && timed.length === 0) return reject('NO_START_EVENT', '流程没有可用的开始事件').rejection;
  run.state.variables = structuredClone(command.variables ?? {});
  if (none) {
    spawnToken(run, ROOT_SCOPE, none.id, null);
    return null;
  }
  for (const event of timed)
    scheduleTimer(run, event.id, event.timer as NonNullable<StartEventDef['timer']>, null, false);
  return null;
}
