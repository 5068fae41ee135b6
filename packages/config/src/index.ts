export {
  COUNTY_LEVELS,
  ORG_UNIT_KINDS,
  PROJECT_DEPARTMENT,
  ROLE_IDS,
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
