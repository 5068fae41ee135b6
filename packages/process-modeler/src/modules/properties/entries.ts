import { CheckboxEntry, SelectEntry, TextFieldEntry } from '@bpmn-io/properties-panel';
import { h } from '@bpmn-io/properties-panel/preact';
import type { TaskOperation } from '@pm/engine/src/definition';
import { feelSyntaxError } from '@pm/engine/src/feel';
import { TASK_OPERATIONS } from '@pm/engine/src/pm/operations';
import { useService } from 'bpmn-js-properties-panel';
import type { ModelerContextHolder } from '../context';
import type { BpmnFactory, DiagramElement, Modeling } from '../diagram-types';
import {
  STANDARD_OUTCOMES,
  dueError,
  joinList,
  otherOutcomesText,
  outcomesError,
  readOutcomes,
  splitList,
  toggleOutcome,
  withOtherOutcomes,
} from './values';

/**
 * Entries of our properties groups. Each is a preact component of @bpmn-io/properties-panel; values are the
 * `pm:` attributes of the element's business object, written through `modeling` so undo works.
 */
type Props = { element: DiagramElement; id: string };

const attr = (element: DiagramElement, name: string): string | undefined => {
  const value = element.businessObject.get(name);
  return typeof value === 'string' && value !== '' ? value : undefined;
};

function useAttr(element: DiagramElement, name: string) {
  const modeling = useService<Modeling>('modeling');
  return {
    getValue: () => attr(element, name) ?? '',
    setValue: (value: string | undefined) =>
      modeling.updateProperties(element, { [name]: value ? value : undefined }),
  };
}

const debounced = () => useService<(fn: unknown) => unknown>('debounceInput');

export function RoleEntry({ element, id, role, label }: Props & { role: string; label: string }) {
  const modeling = useService<Modeling>('modeling');
  return h(CheckboxEntry, {
    element,
    id,
    label: `${label}（${role}）`,
    getValue: () => splitList(attr(element, 'pm:candidateRoles')).includes(role),
    setValue: (on: boolean) => {
      const roles = splitList(attr(element, 'pm:candidateRoles')).filter((r) => r !== role);
      modeling.updateProperties(element, { 'pm:candidateRoles': joinList(on ? [...roles, role] : roles) });
    },
  });
}

export function FormEntry({ element, id }: Props) {
  const context = useService<ModelerContextHolder>('pmContext');
  const { getValue, setValue } = useAttr(element, 'pm:form');
  return h(SelectEntry, {
    element,
    id,
    label: '表单',
    getValue,
    setValue,
    getOptions: () => {
      const forms = context.value.forms.map((f) => ({ value: f.id, label: `${f.title}（${f.id}）` }));
      const current = getValue();
      const missing =
        current && !forms.some((f) => f.value === current)
          ? [{ value: current, label: `${current}（不存在）` }]
          : [];
      return [{ value: '', label: '（不显示表单）' }, ...missing, ...forms];
    },
  });
}

export function OutcomeEntry({
  element,
  id,
  outcome,
}: Props & { outcome: (typeof STANDARD_OUTCOMES)[number] }) {
  const modeling = useService<Modeling>('modeling');
  const written = () => readOutcomes(attr(element, 'pm:outcomes')).find((o) => o.id === outcome.id);
  return h(CheckboxEntry, {
    element,
    id,
    label: `${written()?.label ?? outcome.label}（${outcome.id}）`,
    getValue: () => Boolean(written()),
    setValue: (on: boolean) =>
      modeling.updateProperties(element, {
        'pm:outcomes': toggleOutcome(attr(element, 'pm:outcomes'), outcome.id, on),
      }),
  });
}

export function OtherOutcomesEntry({ element, id }: Props) {
  const modeling = useService<Modeling>('modeling');
  return h(TextFieldEntry, {
    element,
    id,
    label: '其他结果',
    description:
      '写成 标识:按钮文字，多个用逗号分隔，如 suspend:暂缓拨款。流转条件用 outcome = "标识" 判断。',
    debounce: debounced(),
    getValue: () => otherOutcomesText(attr(element, 'pm:outcomes')),
    setValue: (value: string) =>
      modeling.updateProperties(element, {
        'pm:outcomes': withOtherOutcomes(attr(element, 'pm:outcomes'), value ?? ''),
      }),
    validate: (value: string) => (value ? outcomesError(value) : null),
  });
}

export function DueEntry({ element, id }: Props) {
  const context = useService<ModelerContextHolder>('pmContext');
  const { getValue, setValue } = useAttr(element, 'pm:due');
  return h(TextFieldEntry, {
    element,
    id,
    label: '办理时限',
    description: 'ISO 8601 时长，如 P15D（15 天）、P1M（1 个月）；或引用本县区参数 settings.<参数名>',
    debounce: debounced(),
    getValue,
    setValue,
    validate: (value: string) => dueError(value || undefined, context.value.settingKeys),
  });
}

export function ReviewPointsEntry({ element, id }: Props) {
  const { getValue, setValue } = useAttr(element, 'pm:reviewPoints');
  return h(TextFieldEntry, {
    element,
    id,
    label: '审核要点',
    description: '用逗号分隔，如 可行性,适当性,相关性,完整性；审核人办理时逐项查看',
    debounce: debounced(),
    getValue,
    setValue,
  });
}

export function HandlerEntry({ element, id }: Props) {
  const context = useService<ModelerContextHolder>('pmContext');
  const { getValue, setValue } = useAttr(element, 'pm:handler');
  return h(SelectEntry, {
    element,
    id,
    label: '系统处理',
    getValue,
    setValue,
    getOptions: () => [
      { value: '', label: '（请选择）' },
      ...context.value.handlers.map((handler) => ({
        value: handler.id,
        label: `${handler.label}（${handler.id}）`,
      })),
    ],
  });
}

const feelError = (value: string) => (value ? feelSyntaxError(value) : null);

export function HandlerInputEntry({ element, id }: Props) {
  const { getValue, setValue } = useAttr(element, 'pm:input');
  return h(TextFieldEntry, {
    element,
    id,
    label: '处理参数（FEEL）',
    description: 'FEEL 上下文，如 {status: "已批复"}',
    debounce: debounced(),
    getValue,
    setValue,
    validate: feelError,
  });
}

export function ConditionEntry({ element, id }: Props) {
  const modeling = useService<Modeling>('modeling');
  const factory = useService<BpmnFactory>('bpmnFactory');
  return h(TextFieldEntry, {
    element,
    id,
    label: '流转条件（FEEL）',
    description: '如 outcome = "approve"、amount >= settings.preAssessmentThreshold；比较用 =，并且用 and',
    debounce: debounced(),
    getValue: () => element.businessObject.conditionExpression?.body ?? '',
    setValue: (value: string) =>
      modeling.updateProperties(element, {
        conditionExpression: value ? factory.create('bpmn:FormalExpression', { body: value }) : undefined,
      }),
    validate: feelError,
  });
}

const ALL_OPERATIONS = Object.keys(TASK_OPERATIONS) as TaskOperation[];

/** Offered operations: the attribute's list, or every operation while it is unset (the county default). */
const offeredOperations = (element: DiagramElement): string[] => {
  const value = element.businessObject.get('pm:operations');
  return typeof value === 'string' ? splitList(value) : ALL_OPERATIONS;
};

export function OperationEntry({ element, id, operation }: Props & { operation: TaskOperation }) {
  const modeling = useService<Modeling>('modeling');
  return h(CheckboxEntry, {
    element,
    id,
    label: `${TASK_OPERATIONS[operation]}（${operation}）`,
    getValue: () => offeredOperations(element).includes(operation),
    setValue: (on: boolean) => {
      const others = offeredOperations(element).filter((op) => op !== operation);
      const next = ALL_OPERATIONS.filter((op) => (op === operation ? on : others.includes(op)));
      // Everything on again is the county default: drop the attribute instead of freezing the list.
      modeling.updateProperties(element, {
        'pm:operations': next.length === ALL_OPERATIONS.length ? undefined : next.join(','),
      });
    },
  });
}
