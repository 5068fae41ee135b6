import type { MultiInstanceSpec, UserTaskDef } from '../definition';
import { childOf, expressionBody, textOf, type ModdleElement } from '../moddle/model';
import { parseDue } from '../pm/due';
import { parseList } from '../pm/list';
import { parseOperations, TASK_OPERATIONS } from '../pm/operations';
import { parseOutcomes } from '../pm/outcomes';
import type { CompileContext } from './context';

type Common = Pick<UserTaskDef, 'id' | 'name' | 'parent' | 'incoming' | 'outgoing' | 'boundaryEvents'>;

function readMultiInstance(id: string, loop: ModdleElement, context: CompileContext): MultiInstanceSpec {
  const collection = context.feel(id, textOf(loop, 'collection'), '会签人员集合（pm:collection）');
  const loopCardinality = context.feel(
    id,
    expressionBody(childOf(loop, 'loopCardinality')),
    '会签人数（loopCardinality）',
  );
  const completionCondition = context.feel(
    id,
    expressionBody(childOf(loop, 'completionCondition')),
    '会签完成条件（completionCondition）',
    'INVALID_CONDITION',
  );
  if (!collection && !loopCardinality) {
    context.report(
      id,
      'MULTI_INSTANCE_WITHOUT_SIZE',
      '多实例（会签）任务既没有 pm:collection 也没有 loopCardinality，无法确定实例数',
    );
  }
  return {
    sequential: loop.isSequential === true,
    loopCardinality,
    collection,
    elementVariable: textOf(loop, 'elementVariable')?.trim() || 'item',
    completionCondition,
  };
}

export function convertUserTask(
  element: ModdleElement,
  common: Common,
  context: CompileContext,
): UserTaskDef {
  const id = common.id;
  const candidateRoles = parseList(textOf(element, 'candidateRoles'));
  if (candidateRoles.length === 0) {
    context.report(
      id,
      'USER_TASK_WITHOUT_ROLES',
      '用户任务没有设置候选角色（pm:candidateRoles），无人能办理',
    );
  }
  const form = textOf(element, 'form')?.trim() || null;
  if (!form) context.report(id, 'USER_TASK_WITHOUT_FORM', '用户任务没有设置表单（pm:form）');
  const { outcomes, errors } = parseOutcomes(textOf(element, 'outcomes'));
  for (const error of errors) context.report(id, 'INVALID_OUTCOMES', `办理结果（pm:outcomes）有误：${error}`);
  const dueText = textOf(element, 'due')?.trim();
  const due = dueText ? parseDue(dueText) : null;
  if (dueText && !due) {
    context.report(
      id,
      'INVALID_DUE',
      `办理时限（pm:due）“${dueText}”既不是 ISO 8601 时长（如 P20D），也不是 settings.<设置项>`,
    );
  }
  const operationsText = textOf(element, 'operations');
  const operations = operationsText === undefined ? null : parseOperations(operationsText);
  if (operations && 'unknown' in operations) {
    context.report(
      id,
      'INVALID_OPERATIONS',
      `审批操作（pm:operations）“${operations.unknown.join('、')}”无效，可选：${Object.entries(
        TASK_OPERATIONS,
      )
        .map(([op, label]) => `${op}（${label}）`)
        .join('、')}`,
    );
  }
  const loop = childOf(element, 'loopCharacteristics');
  return {
    ...common,
    kind: 'userTask',
    candidateRoles,
    form,
    outcomes,
    due,
    reviewPoints: parseList(textOf(element, 'reviewPoints')),
    assignee: context.feel(id, textOf(element, 'assignee'), '办理人（pm:assignee）'),
    operations: operations && 'offered' in operations ? operations.offered : null,
    multiInstance:
      loop?.$type === 'bpmn:MultiInstanceLoopCharacteristics' ? readMultiInstance(id, loop, context) : null,
  };
}
