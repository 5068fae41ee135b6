import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

import {
  COUNTY_LEVELS,
  ORG_UNIT_KINDS,
  PROJECT_DEPARTMENT,
  ROLE_IDS,
  STAGE_IDS,
  RoleResolutionError,
  countyManifestSchema,
  countySettingValues,
  isNationalCitation,
  loadCounties,
  resolveRoleOrgUnits,
  validateCountyManifest,
  type Citation,
  type CountyManifest,
  type RoleId,
} from '../src';

const repoRoot = path.resolve(__dirname, '../../..');
const countiesDir = path.join(repoRoot, 'counties');
// The regulations live in shared/ beside the repository (also in CI); PM_SEEDS_DIR points elsewhere.
const seedsDir = process.env.PM_SEEDS_DIR ?? path.resolve(repoRoot, '../shared/seeds');

const counties = loadCounties(countiesDir);
const byId = (id: string): CountyManifest => {
  const county = counties.find((candidate) => candidate.id === id);
  if (!county) throw new Error(`no county ${id}`);
  return county;
};

describe('real county manifests', () => {
  test('there is one valid manifest per seed, sorted by id', () => {
    expect(counties.map((county) => county.id)).toEqual([
      'changzhi-bureau',
      'hailin',
      'heilongjiang-city',
      'jinan-shizhong',
      'qitai',
    ]);
  });

  test.each(readdirSync(countiesDir).filter((name) => name.endsWith('.json')))('%s is valid', (name) => {
    const json: unknown = JSON.parse(readFileSync(path.join(countiesDir, name), 'utf8'));
    expect(validateCountyManifest(json, `counties/${name}`).errors).toEqual([]);
  });

  test('every role of every county resolves to org units, $department to the project department', () => {
    for (const county of counties) {
      const department = county.orgUnits.find((unit) => unit.kind === 'department');
      expect(department).toBeDefined();
      for (const role of Object.keys(county.roles) as RoleId[]) {
        const units = resolveRoleOrgUnits(county, role, department?.code);
        expect(units.length).toBeGreaterThan(0);
        // Only oversight bodies may be read-only, and they may hold nothing else.
        for (const unit of units) expect(unit.readOnly === true).toBe(role === 'oversight');
      }
      expect(county.roles.declarant).toEqual([PROJECT_DEPARTMENT]);
    }
  });

  test('every county has at least two demo departments to log in as', () => {
    for (const county of counties) {
      expect(county.orgUnits.filter((unit) => unit.kind === 'department').length).toBeGreaterThanOrEqual(2);
    }
  });

  test('score weights add up to 100 and grade bands descend to 0', () => {
    for (const county of counties) {
      const weights = countySettingValues(county).selfEvaluationWeights as Record<string, number>;
      expect(Object.values(weights).reduce((sum, weight) => sum + weight, 0)).toBe(100);
      const bands = countySettingValues(county).gradeBands as { id: string; min: number }[];
      expect(bands.map((band) => band.id)).toEqual(['excellent', 'good', 'fair', 'poor']);
      expect(bands.map((band) => band.min)).toEqual([90, 80, 60, 0]);
    }
  });

  test('numbers the seeds fix are there with their clause', () => {
    const hailin = byId('hailin');
    expect(hailin.settings.preAssessmentThreshold).toMatchObject({ value: 500, unit: '万元' });
    expect(hailin.settings.preAssessmentThreshold.source).toMatchObject({ clause: '二（二）' });
    expect(countySettingValues(hailin)).toMatchObject({
      departmentEvaluationCoverage: 20,
      financeEvaluationCoverage: 20,
      resultAllocationWeightMin: 10,
      progressReportDueDates: ['07-20', '12-20'],
    });
    // Only 001 fixes the weights itself; everywhere else they are the national default.
    expect(byId('changzhi-bureau').settings.selfEvaluationWeights.source).toMatchObject({
      clause: '第二十一条',
    });
    for (const id of ['heilongjiang-city', 'hailin', 'qitai', 'jinan-shizhong']) {
      expect(isNationalCitation(byId(id).settings.selfEvaluationWeights.source)).toBe(true);
    }
    const city = countySettingValues(byId('heilongjiang-city'));
    expect(city.targetApprovalDaysAfterCongress).toBe(20);
    expect(city.monitoringRounds).toEqual([
      { id: 'half-year', label: '前6个月', periodEnd: '06-30', due: '07-15' },
    ]);
    expect(countySettingValues(byId('jinan-shizhong')).commonIndicators).toEqual([
      '预算执行进度',
      '预算支出率',
      '预算到项目率',
    ]);
  });

  test('only the seeds that define pre-assessment and evaluation enable them', () => {
    const enabled = (stage: (typeof STAGE_IDS)[number]): string[] =>
      counties.filter((county) => county.stages[stage].enabled).map((county) => county.id);
    expect(enabled('pre-assessment')).toEqual(['hailin', 'jinan-shizhong', 'qitai']);
    expect(enabled('evaluation')).toEqual(['hailin', 'heilongjiang-city', 'jinan-shizhong', 'qitai']);
    for (const stage of [
      'target-declaration',
      'monitoring',
      'self-evaluation',
      'result-application',
    ] as const) {
      expect(enabled(stage)).toHaveLength(5);
    }
  });

  const seedsPresent = existsSync(seedsDir);
  (seedsPresent ? test : test.skip)('every quoted sentence appears in the county’s seed', () => {
    // Whitespace differs between the scanned texts and our quotes (e.g. "500 万元"), the words must not.
    const squeeze = (text: string): string => text.replace(/\s+/g, '');
    for (const county of counties) {
      const seed = squeeze(readFileSync(path.join(seedsDir, county.source.seed), 'utf8'));
      const citations: [string, Citation | undefined][] = [
        ...Object.entries(county.settings).map(([key, setting]): [string, Citation] => [key, setting.source]),
        ...STAGE_IDS.map((stage): [string, Citation | undefined] => [stage, county.stages[stage].source]),
      ];
      for (const [where, citation] of citations) {
        if (citation && !isNationalCitation(citation) && citation.quote) {
          expect({ county: county.id, where, found: seed.includes(squeeze(citation.quote)) }).toEqual({
            county: county.id,
            where,
            found: true,
          });
        }
      }
      if (county.source.docNumber) expect(seed).toContain(squeeze(county.source.docNumber));
    }
  });
});

describe('resolveRoleOrgUnits', () => {
  const city = byId('heilongjiang-city');

  test('maps a role to the org units the seed names', () => {
    expect(resolveRoleOrgUnits(city, 'first-reviewer').map((unit) => unit.name)).toEqual(['业务股室']);
    expect(resolveRoleOrgUnits(city, 'data-provider').map((unit) => unit.code)).toEqual([
      'yusuan',
      'guoku',
      'pingshen',
      'jiandu',
    ]);
  });

  test('$department becomes the project department', () => {
    expect(resolveRoleOrgUnits(city, 'declarant', 'jiaoyu').map((unit) => unit.name)).toEqual(['市教育局']);
  });

  test('refuses to guess: no project department, a non-department, an unknown unit or an unmapped role', () => {
    expect(() => resolveRoleOrgUnits(city, 'declarant')).toThrow(RoleResolutionError);
    expect(() => resolveRoleOrgUnits(city, 'declarant')).toThrow('须提供项目所属部门');
    expect(() => resolveRoleOrgUnits(city, 'declarant', 'zonghe')).toThrow('不是预算部门');
    expect(() => resolveRoleOrgUnits(city, 'declarant', 'nope')).toThrow('没有编码为“nope”的组织单位');
    expect(() => resolveRoleOrgUnits(city, 'expert')).toThrow('未配置角色 expert');
  });
});

describe('vocabularies', () => {
  type SchemaNode = { enum?: string[]; properties?: Record<string, SchemaNode>; required?: string[] };
  const schema = countyManifestSchema as unknown as SchemaNode & { $defs: Record<string, SchemaNode> };

  test('the TypeScript constants equal the enums of the JSON Schema', () => {
    expect(schema.properties?.level.enum).toEqual([...COUNTY_LEVELS]);
    expect(schema.$defs.orgUnit.properties?.kind.enum).toEqual([...ORG_UNIT_KINDS]);
    expect(schema.$defs.roleId.enum).toEqual([...ROLE_IDS]);
    expect(schema.properties?.stages.required).toEqual([...STAGE_IDS]);
    expect(Object.keys(schema.properties?.stages.properties ?? {})).toEqual([...STAGE_IDS]);
  });
});
