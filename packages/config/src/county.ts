import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { jsonSyntaxMessage } from './json-text';
import countySchema from './schemas/county.schema.json';
import { compileSchema, formatIssue, pointerSegment, toIssues, type ValidationIssue } from './validation';

// The vocabularies below are the TypeScript face of the enums in county.schema.json; a test keeps them equal.

/** 行政层级. 县级市 is 海林 (a county-level city); 局 is a bureau that writes its own rules (长治市某局). */
export const COUNTY_LEVELS = ['市本级', '县级市', '县', '区', '局'] as const;
export type CountyLevel = (typeof COUNTY_LEVELS)[number];

export const ORG_UNIT_KINDS = [
  'department',
  'finance-section',
  'center',
  'leadership',
  'oversight',
  'expert',
  'third-party',
] as const;
export type OrgUnitKind = (typeof ORG_UNIT_KINDS)[number];

/** Abstract roles that processes name in pm:candidateRoles; each county maps them to its org units. */
export const ROLE_IDS = [
  'declarant',
  'department-reviewer',
  'first-reviewer',
  'second-reviewer',
  'approver',
  'final-accounts-approver',
  'pre-assessment-reviewer',
  'data-provider',
  'evaluation-organizer',
  'disclosure-reviewer',
  'expert',
  'third-party',
  'leadership',
  'oversight',
] as const;
export type RoleId = (typeof ROLE_IDS)[number];

export const STAGE_IDS = [
  'pre-assessment',
  'target-declaration',
  'target-adjustment',
  'monitoring',
  'self-evaluation',
  'evaluation',
  'result-application',
  'disclosure',
] as const;
export type StageId = (typeof STAGE_IDS)[number];

/** Stages that run in rounds (绩效运行监控: 半年、前三季度、按月): only these take a round when started. */
export const ROUND_STAGES = ['monitoring'] as const satisfies readonly StageId[];

/** Role member standing for "the department that owns the project", resolved per project. */
export const PROJECT_DEPARTMENT = '$department';

/** The regulation a county manifest follows. */
export interface RegulationSource {
  title: string;
  /** 文号, e.g. 海财发〔2021〕14号; absent when the text gives none. */
  docNumber?: string;
  issuer?: string;
  /** YYYY-MM-DD */
  issuedOn?: string;
  /** File name of the regulation's text in the seeds folder. */
  seed: string;
  note?: string;
}

export interface OrgUnit {
  /** Short lowercase ascii id (pinyin); the demo login is `<countyId>.<code>`. */
  code: string;
  name: string;
  kind: OrgUnitKind;
  /** Sees projects but acts on no task (人大, 纪检监察, 组织, 审计). Required true for kind oversight. */
  readOnly?: boolean;
  /** Not named by the regulation; present so the demo has someone to play the part. */
  demo?: boolean;
  note?: string;
}

/** Org unit codes or PROJECT_DEPARTMENT. */
export type RoleMembers = string[];
export type CountyRoles = { declarant: RoleMembers } & Partial<Record<RoleId, RoleMembers>>;

/** A clause of the county's own regulation. */
export interface ClauseCitation {
  /** As numbered in the text: 第二十一条, 二（二）, ... */
  clause: string;
  /** The sentence the value comes from, verbatim, so a reviewer can find it. */
  quote?: string;
}

/** A Ministry of Finance default the county's text does not override. */
export interface NationalCitation {
  national: true;
  ref: string;
}

export type Citation = ClauseCitation | NationalCitation;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type SettingValue = Exclude<JsonValue, null>;

/** One number or rule the regulation fixes; processes read `settings.<key>` in FEEL. */
export interface Setting {
  value: SettingValue;
  /** 万元, %, 日, 月-日, ... */
  unit?: string;
  source: Citation;
  note?: string;
}

/** A county rule checked before a stage may start, e.g. hailin's 事前绩效评估 gate at 500万元. */
export interface StagePrecondition {
  id: string;
  label: string;
  /** FEEL over `project` and `settings`; absent → the rule always applies. */
  when?: string;
  requires: {
    stage: StageId;
    /** FEEL over `stage` (the required stage's latest finished record: status, outcome, result). */
    condition?: string;
  };
  source: Citation;
  /** What the refusal says instead of 「须先完成…」, for a rule about how a stage ended (不安排预算). */
  message?: string;
  note?: string;
}

export interface StageConfig {
  enabled: boolean;
  preconditions?: StagePrecondition[];
  /** Process id under processes/. */
  process?: string;
  /** Form ids under forms/. */
  forms?: string[];
  /** Required when enabled: the clause that makes the county run this stage. */
  source?: Citation;
  note?: string;
}

export interface CountyManifest {
  $schema?: string;
  id: string;
  name: string;
  level: CountyLevel;
  source: RegulationSource;
  orgUnits: OrgUnit[];
  roles: CountyRoles;
  settings: Record<string, Setting>;
  stages: Record<StageId, StageConfig>;
}

export type CountyValidationResult =
  | { ok: true; errors: ValidationIssue[]; manifest: CountyManifest }
  | { ok: false; errors: ValidationIssue[] };

/** Thrown by loadCounties with every problem of every file, so one run shows all there is to fix. */
export class CountyConfigError extends Error {
  readonly issues: ValidationIssue[];

  constructor(issues: ValidationIssue[]) {
    super(`县区配置有 ${issues.length} 处问题：\n${issues.map(formatIssue).join('\n')}`);
    this.name = 'CountyConfigError';
    this.issues = issues;
  }
}

/** Thrown when a role cannot be turned into org units (a bug in a process or its caller, not in user input). */
export class RoleResolutionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RoleResolutionError';
  }
}

export const countyManifestSchema = countySchema;

let validateSchema: ReturnType<typeof compileSchema<CountyManifest>> | undefined;

export function isNationalCitation(citation: Citation): citation is NationalCitation {
  return 'national' in citation;
}

/** Rules JSON Schema cannot state: uniqueness by field and references between orgUnits and roles. */
function crossReferenceIssues(manifest: CountyManifest): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const firstIndexOf = new Map<string, number>();
  const firstNameIndexOf = new Map<string, number>();
  manifest.orgUnits.forEach((unit, index) => {
    const earlier = firstIndexOf.get(unit.code);
    if (earlier === undefined) firstIndexOf.set(unit.code, index);
    else
      issues.push({
        path: `/orgUnits/${index}/code`,
        message: `组织单位编码“${unit.code}”与 /orgUnits/${earlier} 重复`,
      });
    // Two units with one name would be indistinguishable in every candidate list and login hint.
    const earlierName = firstNameIndexOf.get(unit.name);
    if (earlierName === undefined) firstNameIndexOf.set(unit.name, index);
    else
      issues.push({
        path: `/orgUnits/${index}/name`,
        message: `组织单位名称“${unit.name}”与 /orgUnits/${earlierName} 重复`,
      });
  });

  const unitByCode = new Map(manifest.orgUnits.map((unit) => [unit.code, unit]));
  let usesProjectDepartment = false;
  for (const [role, members] of Object.entries(manifest.roles) as [RoleId, RoleMembers][]) {
    members.forEach((member, index) => {
      const at = `/roles/${pointerSegment(role)}/${index}`;
      if (member === PROJECT_DEPARTMENT) {
        usesProjectDepartment = true;
        if (role === 'oversight')
          issues.push({ path: at, message: '监督角色只能映射到只读的监督单位，不能是 $department' });
        return;
      }
      const unit = unitByCode.get(member);
      if (!unit) {
        issues.push({
          path: at,
          message: `组织单位“${member}”不存在（应为 orgUnits 中的编码或 $department）`,
        });
      } else if (role === 'oversight' && unit.readOnly !== true) {
        issues.push({ path: at, message: `监督角色只能映射到只读单位，“${member}”不是只读单位` });
      } else if (role !== 'oversight' && unit.readOnly === true) {
        // A read-only unit holding an acting role would receive tasks it may not complete.
        issues.push({ path: at, message: `只读单位“${member}”不能承担办理角色 ${role}` });
      }
    });
  }
  if (usesProjectDepartment && !manifest.orgUnits.some((unit) => unit.kind === 'department')) {
    issues.push({
      path: '/orgUnits',
      message: '角色使用了 $department，但没有任何预算部门（kind: department）',
    });
  }
  return issues;
}

/**
 * Validates one county manifest: the JSON Schema, then the references between org units and roles, and, when
 * `file` is given, that the file is named after the id. Messages are Chinese; paths are JSON Pointers.
 */
export function validateCountyManifest(json: unknown, file?: string): CountyValidationResult {
  validateSchema ??= compileSchema<CountyManifest>(countySchema);
  const errors: ValidationIssue[] = [];
  const withFile = (issue: ValidationIssue): ValidationIssue =>
    file === undefined ? issue : { ...issue, file };

  if (file !== undefined && json && typeof json === 'object' && 'id' in json && typeof json.id === 'string') {
    const expected = path.basename(file, '.json');
    if (json.id !== expected) {
      errors.push(
        withFile({ path: '/id', message: `id“${json.id}”与文件名不一致，文件应命名为 ${json.id}.json` }),
      );
    }
  }

  if (!validateSchema(json)) {
    errors.unshift(...toIssues(validateSchema.errors, file));
    return { ok: false, errors };
  }
  errors.push(...crossReferenceIssues(json).map(withFile));
  return errors.length === 0 ? { ok: true, errors, manifest: json } : { ok: false, errors };
}

/** How a file is named in messages: relative to the working directory when inside it, with "/" separators. */
function displayName(file: string): string {
  const relative = path.relative(process.cwd(), file);
  const shown = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
  return shown.split(path.sep).join('/');
}

/**
 * Reads every `*.json` in `dir`, validates each manifest and the set as a whole, and returns them sorted by
 * id. Any problem in any file throws one CountyConfigError listing all of them with file and path.
 */
export function loadCounties(dir: string): CountyManifest[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.json'));
  } catch {
    throw new CountyConfigError([
      { file: displayName(dir), path: '', message: '县区配置目录不存在或无法读取' },
    ]);
  }

  const issues: ValidationIssue[] = [];
  const counties: CountyManifest[] = [];
  const fileOfId = new Map<string, string>();
  for (const name of names.sort()) {
    const file = displayName(path.join(dir, name));
    const text = readFileSync(path.join(dir, name), 'utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      issues.push({ file, path: '', message: jsonSyntaxMessage(text, error) });
      continue;
    }
    const result = validateCountyManifest(json, file);
    if (!result.ok) {
      issues.push(...result.errors);
      continue;
    }
    const other = fileOfId.get(result.manifest.id);
    if (other !== undefined) {
      issues.push({ file, path: '/id', message: `县区 id“${result.manifest.id}”与 ${other} 重复` });
      continue;
    }
    fileOfId.set(result.manifest.id, file);
    counties.push(result.manifest);
  }
  if (issues.length > 0) throw new CountyConfigError(issues);
  return counties.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The org units that hold `role` in `county`, with `$department` replaced by the project's department.
 * Throws RoleResolutionError when the county has no such role or the project department is needed but
 * missing or not a department of this county: a task without candidates would wait forever unnoticed.
 */
export function resolveRoleOrgUnits(
  county: CountyManifest,
  role: RoleId,
  projectDepartment?: string,
): OrgUnit[] {
  const members = county.roles[role];
  if (!members) throw new RoleResolutionError(`县区“${county.name}”（${county.id}）未配置角色 ${role}`);
  const units: OrgUnit[] = [];
  for (const member of members) {
    let code = member;
    if (member === PROJECT_DEPARTMENT) {
      if (projectDepartment === undefined) {
        throw new RoleResolutionError(`角色 ${role} 由项目所属部门承担，解析时须提供项目所属部门`);
      }
      code = projectDepartment;
    }
    const unit = county.orgUnits.find((candidate) => candidate.code === code);
    if (!unit)
      throw new RoleResolutionError(`县区“${county.name}”（${county.id}）没有编码为“${code}”的组织单位`);
    if (member === PROJECT_DEPARTMENT && unit.kind !== 'department') {
      throw new RoleResolutionError(`“${unit.name}”（${code}）不是预算部门，不能作为项目所属部门`);
    }
    if (!units.includes(unit)) units.push(unit);
  }
  return units;
}

/** Setting values by key, the shape processes see as `settings` in FEEL. */
export function countySettingValues(county: CountyManifest): Record<string, SettingValue> {
  return Object.fromEntries(Object.entries(county.settings).map(([key, setting]) => [key, setting.value]));
}
