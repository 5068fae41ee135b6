export { components, type ComponentName } from './components';
export { setupFormRuntime } from './setup';
export { stageFormEffects } from './effects';
export { StageForm, type StageFormProps } from './stage-form';
export { applyServerErrors, clearServerErrors, type FieldError } from './server-errors';
export {
  FormServicesProvider,
  useFormServices,
  type AttachmentRef,
  type FormServices,
  type OrgUnitOption,
} from './services';
export { IndicatorTable, type IndicatorTableProps } from './fields/indicator-table';
export { groupRows, rowsWithErrors, type TableItem, type GroupHeader } from './fields/indicator-table/rows';
export type { LibraryIndicator } from './fields/indicator-table/library-picker';
export { ScoreSummary, type ScoreSummaryProps } from './fields/score-summary';
export { MoneyInput } from './fields/money-input';
export { Percent } from './fields/percent';
export { OrgUnitSelect, type OrgUnitSelectProps } from './fields/org-unit-select';
export { AttachmentUpload, type AttachmentUploadProps } from './fields/attachment-upload';
export { Card } from './fields/card';
