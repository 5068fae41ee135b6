/** Why a diagram cannot be deployed. Codes are stable for tools; messages are Chinese for finance staff. */
export type ProblemCode =
  | 'XML_UNREADABLE'
  | 'NO_PROCESS'
  | 'MULTIPLE_PROCESSES'
  | 'UNSUPPORTED_ELEMENT'
  | 'NO_START_EVENT'
  | 'INVALID_START_EVENT'
  | 'FLOW_ELEMENT_MISSING'
  | 'FLOW_CROSSES_SCOPE'
  | 'UNREACHABLE_ELEMENT'
  | 'INVALID_CONDITION'
  | 'INVALID_EXPRESSION'
  | 'GATEWAY_MAY_GET_STUCK'
  | 'OUTCOME_NOT_OFFERED'
  | 'USER_TASK_WITHOUT_ROLES'
  | 'USER_TASK_WITHOUT_FORM'
  | 'INVALID_OUTCOMES'
  | 'INVALID_DUE'
  | 'INVALID_OPERATIONS'
  | 'INVALID_TIMER'
  | 'SERVICE_TASK_WITHOUT_HANDLER'
  | 'CALL_ACTIVITY_WITHOUT_CALLED_ELEMENT'
  | 'MULTI_INSTANCE_WITHOUT_SIZE'
  | 'MESSAGE_WITHOUT_NAME'
  | 'BOUNDARY_WITHOUT_ACTIVITY';

export interface Problem {
  /** The BPMN element (or sequence flow) at fault; null for problems of the whole document. */
  elementId: string | null;
  code: ProblemCode;
  message: string;
}
