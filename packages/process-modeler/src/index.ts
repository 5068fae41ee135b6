export { ProcessModeler, type ProcessModelerHandle, type ProcessModelerProps } from './ProcessModeler';
export type { ModelerContext } from './modules/context';
export type { DiagramProblem } from './modules/lint-overlays';
export { translateZh, ZH_CN } from './modules/zh-cn';
export { isSupportedReplaceEntry } from './supported';
export {
  dueError,
  readOutcomes,
  toggleOutcome,
  withOtherOutcomes,
  otherOutcomesText,
} from './modules/properties/values';
