export { FormDesigner, type FormDesignerProps } from './designer/FormDesigner';
export { checkForm, problemNodePath, type FormProblem, type CheckOptions } from './model/check-form';
export { PALETTE, componentLabel, type PaletteItem } from './model/palette';
export {
  compileRule,
  parseRule,
  ruleError,
  splitReactions,
  withReactions,
  describeRule,
  OPERATORS,
  type Rule,
} from './model/rules';
export { compareWithBase, removedFromBase, type FieldChange } from './model/compare';
export { historyReducer, startHistory, type History, type HistoryAction } from './model/history';
export * from './model/tree';
export type { DesignedForm, SchemaNode, NodePath, Json, JsonObject } from './model/schema-types';
export { indexForPatch, sortByIndex } from './model/order';
