import type { UserTaskDef } from '../../definition';
import { attachBoundaryEvents } from '../boundary';
import { cancelToken, cancelTokensIn } from '../cancel';
import { spawnMember } from '../elements/multi-instance';
import { openAt, sharedScope } from '../relocate';
import { reject, type Rejection } from '../result';
import type { Run } from '../run';
import type { CompletedTask, ScopeState, TokenState } from '../state';
import { spawnToken } from '../tokens';
import type { Command } from '../commands';

/** Work that may be taken back: waiting for a person, a date, a message or other branches, not running. */
const WITHDRAWABLE = new Set(['task', 'scope', 'join', 'timer', 'message']);

/**
 * 撤回: the person who completed the last task takes it back while nothing after it has been done (any
 * later completion, 退回 or 撤回 replaces `lastCompleted`). What the completion started is withdrawn and
 * the task opens again; a countersign member's vote is taken out of the countersign, which reopens
 * with the other members' results kept if this vote had ended it.
 */
export function withdraw(run: Run, command: Extract<Command, { type: 'withdraw' }>): Rejection | null {
  const done = run.state.lastCompleted;
  if (!done || done.taskRef !== command.taskRef)
    return reject('WITHDRAW_NOT_ALLOWED', '下一环节已经办理，不能撤回').rejection;
  if (command.actor && done.actor && command.actor !== done.actor)
    return reject('WITHDRAW_NOT_ALLOWED', '只有办理人本人可以撤回').rejection;
  const started = run.state.tokens.filter((token) => token.origin === done.taskRef);
  if (started.some((token) => !WITHDRAWABLE.has(token.wait.kind)))
    return reject('WITHDRAW_NOT_ALLOWED', '下一环节已经开始处理，不能撤回').rejection;

  const body = done.member ? run.scope(done.scopeId) : undefined;
  if (done.member && body) {
    reopenMember(run, body, done);
  } else if (done.member) {
    const parent = run.scope(done.member.scope.parentId as string);
    if (!parent) return reject('WITHDRAW_NOT_ALLOWED', '流程已离开该环节，不能撤回').rejection;
    for (const token of started) if (run.token(token.id)) cancelToken(run, token, 'withdrawn');
    reopenCountersign(run, parent, done);
  } else {
    if (started.length === 0) return reject('WITHDRAW_NOT_ALLOWED', '流程已离开该环节，不能撤回').rejection;
    const scope = sharedScope(run, started[0].scopeId, done.elementId);
    for (const token of started) if (run.token(token.id)) cancelToken(run, token, 'withdrawn');
    openAt(run, scope, done.elementId, done.last, null);
  }
  run.state.lastCompleted = null;
  return null;
}

function withoutMember(scope: ScopeState, index: number): NonNullable<ScopeState['multiInstance']> {
  const state = scope.multiInstance as NonNullable<ScopeState['multiInstance']>;
  state.results = state.results.filter((result) => result.index !== index);
  return state;
}

/** The countersign still runs: take the vote out and give the member their task back. */
function reopenMember(run: Run, body: ScopeState, done: CompletedTask): void {
  const member = done.member as NonNullable<CompletedTask['member']>;
  const state = withoutMember(body, member.index);
  if (state.sequential) {
    // The next member's turn had begun; it waits again until this one is done.
    cancelTokensIn(run, body.id, 'withdrawn');
    state.nextIndex = member.index + 1;
  }
  spawnMember(run, body, member.index);
}

/** This vote ended the countersign: reopen it as it was, without the vote, with every undecided member. */
function reopenCountersign(run: Run, parent: ScopeState, done: CompletedTask): void {
  const member = done.member as NonNullable<CompletedTask['member']>;
  const body = structuredClone(member.scope);
  const state = withoutMember(body, member.index);
  const owner: TokenState = spawnToken(run, parent.id, done.elementId, member.ownerLast);
  owner.wait = { kind: 'scope', scopeId: body.id };
  body.ownerTokenId = owner.id;
  run.state.scopes.push(body);
  attachBoundaryEvents(run, owner, run.element(done.elementId) as UserTaskDef);
  if (state.sequential) {
    state.nextIndex = member.index + 1;
    spawnMember(run, body, member.index);
    return;
  }
  const decided = new Set(state.results.map((result) => result.index));
  for (let index = 0; index < state.nextIndex; index++)
    if (!decided.has(index)) spawnMember(run, body, index);
}
