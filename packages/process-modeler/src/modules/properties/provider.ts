import {
  Group,
  isCheckboxEntryEdited,
  isSelectEntryEdited,
  isTextFieldEntryEdited,
} from '@bpmn-io/properties-panel';
import type { ModelerContextHolder } from '../context';
import { is, type DiagramElement } from '../diagram-types';
import {
  ConditionEntry,
  DueEntry,
  FormEntry,
  HandlerEntry,
  HandlerInputEntry,
  OperationEntry,
  OtherOutcomesEntry,
  OutcomeEntry,
  ReviewPointsEntry,
  RoleEntry,
} from './entries';
import { STANDARD_OUTCOMES } from './values';
import type { TaskOperation } from '@pm/engine/src/definition';
import { TASK_OPERATIONS } from '@pm/engine/src/pm/operations';

interface PanelGroup {
  id: string;
  label: string;
  component: unknown;
  entries: { id: string; component: unknown; isEdited?: unknown }[];
}

interface PropertiesPanel {
  registerProvider(priority: number, provider: object): void;
}

/** Group renders `component` with the entry's own fields as props, so the component stays the same function. */
const entry = (
  id: string,
  element: DiagramElement,
  component: (props: never) => unknown,
  isEdited: unknown,
  extra: Record<string, unknown> = {},
) => ({ id, element, component, isEdited, ...extra });

/** Groups that the general BPMN provider (priority 1000) has no idea of; ours come after it. */
class PmPropertiesProvider {
  static $inject = ['propertiesPanel', 'pmContext'];
  constructor(
    propertiesPanel: PropertiesPanel,
    private readonly context: ModelerContextHolder,
  ) {
    propertiesPanel.registerProvider(500, this);
  }

  getGroups(element: DiagramElement) {
    return (groups: PanelGroup[]): PanelGroup[] => {
      // Documentation and loop cardinality mean nothing to our engine; keep the panel to what runs.
      const kept = groups.filter((g) => !['documentation', 'multiInstance'].includes(g.id));
      return [...kept, ...this.ownGroups(element)];
    };
  }

  private ownGroups(element: DiagramElement): PanelGroup[] {
    if (is(element, 'bpmn:UserTask')) {
      const roles = this.context.value.roles;
      return [
        {
          id: 'pm-roles',
          label: '办理角色',
          component: Group,
          entries: roles.map((role) =>
            entry(`pm-role-${role.id}`, element, RoleEntry, isCheckboxEntryEdited, {
              role: role.id,
              label: role.label,
            }),
          ),
        },
        {
          id: 'pm-task',
          label: '表单与时限',
          component: Group,
          entries: [
            entry('pm-form', element, FormEntry, isSelectEntryEdited),
            entry('pm-due', element, DueEntry, isTextFieldEntryEdited),
            entry('pm-review-points', element, ReviewPointsEntry, isTextFieldEntryEdited),
          ],
        },
        {
          id: 'pm-outcomes',
          label: '办理结果（按钮）',
          component: Group,
          entries: [
            ...STANDARD_OUTCOMES.map((outcome) =>
              entry(`pm-outcome-${outcome.id}`, element, OutcomeEntry, isCheckboxEntryEdited, { outcome }),
            ),
            entry('pm-outcomes-other', element, OtherOutcomesEntry, isTextFieldEntryEdited),
          ],
        },
        {
          id: 'pm-operations',
          label: '审批操作（未勾选的本环节不开放）',
          component: Group,
          entries: (Object.keys(TASK_OPERATIONS) as TaskOperation[]).map((operation) =>
            entry(`pm-operation-${operation}`, element, OperationEntry, isCheckboxEntryEdited, { operation }),
          ),
        },
      ];
    }
    if (is(element, 'bpmn:ServiceTask'))
      return [
        {
          id: 'pm-service',
          label: '系统处理',
          component: Group,
          entries: [
            entry('pm-handler', element, HandlerEntry, isSelectEntryEdited),
            entry('pm-input', element, HandlerInputEntry, isTextFieldEntryEdited),
          ],
        },
      ];
    if (is(element, 'bpmn:SequenceFlow') && isConditional(element))
      return [
        {
          id: 'pm-condition',
          label: '流转条件',
          component: Group,
          entries: [entry('pm-condition-expression', element, ConditionEntry, isTextFieldEntryEdited)],
        },
      ];
    return [];
  }
}

/** Flows leaving an exclusive or inclusive gateway carry conditions (the gateway's default flow does not). */
function isConditional(element: DiagramElement): boolean {
  const source = element.businessObject.sourceRef;
  if (!source) return false;
  const gateway = is(source, 'bpmn:ExclusiveGateway') || is(source, 'bpmn:InclusiveGateway');
  return (
    (gateway && source.default !== element.businessObject) ||
    Boolean(element.businessObject.conditionExpression)
  );
}

export const pmPropertiesModule = {
  __init__: ['pmPropertiesProvider'],
  pmPropertiesProvider: ['type', PmPropertiesProvider],
};
