import type { SubProcessDef } from '../../definition';
import { attachBoundaryEvents } from '../boundary';
import { raiseIncident } from '../incidents';
import type { Run } from '../run';
import { createScope } from '../scopes';
import type { TokenState } from '../state';
import { spawnToken } from '../tokens';

/**
 * An embedded sub-process is a scope of its own: its tokens run inside while the owner token waits on
 * the sub-process; when the last of them ends, the owner moves on (see scopes.ts). Boundary events on the
 * sub-process interrupt everything inside.
 */
export function enterSubProcess(run: Run, token: TokenState, subProcess: SubProcessDef): void {
  if (!subProcess.startEvent) {
    raiseIncident(run, token, subProcess.id, '子流程没有开始事件', 'enter');
    return;
  }
  attachBoundaryEvents(run, token, subProcess);
  const scope = createScope(run, 'subProcess', token);
  spawnToken(run, scope.id, subProcess.startEvent, token.last);
}
