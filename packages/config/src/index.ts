export {
  COUNTY_LEVELS,
  ORG_UNIT_KINDS,
  PROJECT_DEPARTMENT,
  ROLE_IDS,
  ROUND_STAGES,
  STAGE_IDS,
  CountyConfigError,
  RoleResolutionError,
  countyManifestSchema,
  countySettingValues,
  isNationalCitation,
  loadCounties,
  resolveRoleOrgUnits,
  validateCountyManifest,
} from './county';
export type {
  Citation,
  ClauseCitation,
  CountyLevel,
  CountyManifest,
  CountyRoles,
  CountyValidationResult,
  JsonValue,
  NationalCitation,
  OrgUnit,
  OrgUnitKind,
  RegulationSource,
  RoleId,
  RoleMembers,
  Setting,
  SettingValue,
  StageConfig,
  StagePrecondition,
  StageId,
} from './county';
export {
  BIND_FROM_FIELDS,
  BIND_FROM_TABLES,
  BIND_TO_FIELDS,
  BIND_TO_TABLES,
  CHANGE_CELLS,
  INDICATOR_CELLS,
  bindingProblems,
  formBindings,
} from './bindings';
export type { BoundField, FieldBinding } from './bindings';
export { formatIssue } from './validation';
export type { ValidationIssue } from './validation';
export { STAGE_LABELS } from './stages';
export {
  applyMergePatch,
  canonicalJson,
  contentHash,
  createMergePatch,
  readRepositoryArtifacts,
  resolveForm,
  resolveProcessXml,
} from './artifacts';
export type { FormArtifact, Json, JsonObject, ProcessArtifact, RepositoryArtifacts } from './artifacts';
export {
  formDefinitionSchema,
  formOverlayJsonSchema,
  validateFormDefinition,
  validateFormOverlay,
} from './form';
export type { FormDefinition, FormValidationResult } from './form';
export { LINT_RULES, formatLintProblem, problemPlace, sortProblems } from './lint/problem';
export type { LintProblem, LintRule } from './lint/problem';
export type {
  BpmnProblem,
  CompiledProcess,
  LintServices,
  ProcessSummaryView,
  ProcessUserTask,
} from './lint/services';
export { lintRepository, resolveRepository } from './lint/resolve-repository';
export type { RepositoryResolution } from './lint/resolve-repository';
export { stageProcessId } from './lint/resolve-county';
export type { ResolvedCounty } from './lint/resolve-county';
export type { CountyForm } from './lint/check-forms';
export type { CompiledFile } from './lint/check-processes';
export { lintFiles } from './lint/lint-files';
export type { LintFilesOptions } from './lint/lint-files';
export { artifactKey, deploymentCandidates, deploymentHash, planDeployment } from './deploy/plan';
export type { ArtifactKind, DeploymentCandidate, DeploymentPlanItem, StoredVersion } from './deploy/plan';
export { diffCounties } from './diff/diff-counties';
export { diffSideOf } from './diff/sides';
export { formFields } from './diff/form-fields';
export type { FormField } from './diff/form-fields';
export { settingLabel, settingText } from './diff/setting-text';
export type {
  DiffEntry,
  DiffSide,
  FormDiff,
  OutlineTask,
  ProcessDiff,
  ProcessOutline,
  SettingDiff,
  StageDiff,
} from './diff/types';
