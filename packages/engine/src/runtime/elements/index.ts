import type { Run } from '../run';
import type { TokenState } from '../state';
import { enterCallActivity } from './call-activity';
import { enterCatchEvent, enterEndEvent, passThrough } from './events';
import { enterExclusiveGateway } from './exclusive-gateway';
import { enterInclusiveGateway } from './inclusive-gateway';
import { enterParallelGateway } from './parallel-gateway';
import { enterServiceTask } from './service-task';
import { enterSubProcess } from './sub-process';
import { enterUserTask } from './user-task';

/** A token has arrived at its element: what that element does with it depends on its kind. */
export function enterElement(run: Run, token: TokenState): void {
  const element = run.element(token.elementId);
  switch (element.kind) {
    case 'startEvent':
    case 'boundaryEvent':
      return passThrough(run, token);
    case 'endEvent':
      return enterEndEvent(run, token, element);
    case 'intermediateCatchEvent':
      return enterCatchEvent(run, token, element);
    case 'userTask':
      return enterUserTask(run, token, element);
    case 'serviceTask':
      return enterServiceTask(run, token, element);
    case 'callActivity':
      return enterCallActivity(run, token, element);
    case 'subProcess':
      return enterSubProcess(run, token, element);
    case 'exclusiveGateway':
      return enterExclusiveGateway(run, token, element);
    case 'parallelGateway':
      return enterParallelGateway(run, token, element);
    case 'inclusiveGateway':
      return enterInclusiveGateway(run, token, element);
  }
}
