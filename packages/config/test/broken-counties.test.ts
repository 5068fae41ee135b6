import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { CountyConfigError, formatIssue, loadCounties, validateCountyManifest } from '../src';

const brokenDir = path.join(__dirname, 'fixtures', 'broken-counties');

/** How loadCounties names a file in its messages (relative to the working directory). */
const shown = (name: string): string =>
  path.relative(process.cwd(), path.join(brokenDir, name)).split(path.sep).join('/');

const SOURCE_HINT =
  '出处写作 {clause, quote?}（本县区规程的条款）或 {national: true, ref}（国家层面的默认做法），二者择一';

/** Each fixture breaks exactly one rule; this is the one issue it must produce. */
const expected: Record<string, { path: string; message: string }> = {
  // JSON Schema rules
  'missing-name.json': { path: '/name', message: '缺少必填字段' },
  'Hailin.json': {
    path: '/id',
    message: '格式不正确：应为小写字母、数字和短横线组成的标识符（kebab-case），如 jinan-shizhong',
  },
  'unknown-level.json': { path: '/level', message: '取值必须是以下之一: 市本级, 县级市, 县, 区, 局' },
  'bad-issued-on.json': { path: '/source/issuedOn', message: '必须是有效的日期（YYYY-MM-DD）' },
  'english-org-unit-name.json': { path: '/orgUnits/0/name', message: '格式不正确：应为中文名称' },
  'bad-org-unit-kind.json': {
    path: '/orgUnits/1/kind',
    message:
      '取值必须是以下之一: department, finance-section, center, leadership, oversight, expert, third-party',
  },
  'bad-org-unit-code.json': {
    path: '/orgUnits/1/code',
    message: '格式不正确：应为 2–20 位小写字母或数字、以字母开头（演示登录名为 <县区id>.<编码>），如 zonghe',
  },
  'unknown-org-unit-field.json': {
    path: '/orgUnits/2/readonly',
    message: '不允许的字段（是否应为 readOnly？），允许的字段: code, name, kind, readOnly, demo, note',
  },
  'oversight-not-read-only.json': {
    path: '/orgUnits/2/readOnly',
    message: '缺少必填字段；监督单位（oversight）只能查阅，须写 readOnly: true',
  },
  'unknown-role.json': {
    path: '/roles/frist-reviewer',
    message:
      '键名“frist-reviewer”不合法，取值必须是以下之一: declarant, department-reviewer, first-reviewer, ' +
      'second-reviewer, approver, final-accounts-approver, pre-assessment-reviewer, data-provider, ' +
      'evaluation-organizer, disclosure-reviewer, expert, third-party, leadership, oversight',
  },
  'missing-declarant.json': { path: '/roles/declarant', message: '缺少必填字段' },
  'empty-role.json': { path: '/roles/approver', message: '至少需要 1 项' },
  'duplicate-role-member.json': { path: '/roles/approver/1', message: '与第 1 项重复' },
  'bad-setting-key.json': {
    path: '/settings/PreAssessmentThreshold',
    message:
      '键名“PreAssessmentThreshold”不合法，格式不正确：参数名应为小驼峰英文标识符，如 preAssessmentThreshold',
  },
  'setting-without-source.json': { path: '/settings/preAssessmentThreshold/source', message: '缺少必填字段' },
  'setting-clause-and-national.json': {
    path: '/settings/gradeBands/source/clause',
    message: `此处不允许出现该字段；${SOURCE_HINT}`,
  },
  'national-without-ref.json': {
    path: '/settings/gradeBands/source/ref',
    message: `缺少必填字段；${SOURCE_HINT}`,
  },
  'setting-null-value.json': {
    path: '/settings/preAssessmentThreshold/value',
    message: '类型必须是以下之一: 数字, 字符串, 布尔值, 数组, 对象',
  },
  'missing-stage.json': { path: '/stages/disclosure', message: '缺少必填字段' },
  'unknown-stage.json': {
    path: '/stages/pre-evaluation',
    message:
      '不允许的字段，允许的字段: pre-assessment, target-declaration, target-adjustment, monitoring, ' +
      'self-evaluation, evaluation, result-application, disclosure',
  },
  'enabled-stage-without-source.json': {
    path: '/stages/monitoring/source',
    message: '缺少必填字段；启用的阶段须用 source 注明依据的条款',
  },
  // Cross-reference rules
  'duplicate-org-unit-code.json': {
    path: '/orgUnits/4/code',
    message: '组织单位编码“yewu”与 /orgUnits/0 重复',
  },
  'duplicate-org-unit-name.json': {
    path: '/orgUnits/4/name',
    message: '组织单位名称“业务股”与 /orgUnits/0 重复',
  },
  'unknown-role-member.json': {
    path: '/roles/approver/0',
    message: '组织单位“yusuan”不存在（应为 orgUnits 中的编码或 $department）',
  },
  'read-only-unit-acting.json': {
    path: '/roles/second-reviewer/0',
    message: '只读单位“renda”不能承担办理角色 second-reviewer',
  },
  'oversight-role-acting-unit.json': {
    path: '/roles/oversight/1',
    message: '监督角色只能映射到只读单位，“zonghe”不是只读单位',
  },
  'oversight-role-department.json': {
    path: '/roles/oversight/0',
    message: '监督角色只能映射到只读的监督单位，不能是 $department',
  },
  'department-role-without-departments.json': {
    path: '/orgUnits',
    message: '角色使用了 $department，但没有任何预算部门（kind: department）',
  },
  'file-name-mismatch.json': {
    path: '/id',
    message: 'id“other-county”与文件名不一致，文件应命名为 other-county.json',
  },
};

describe('broken county manifests', () => {
  const manifestFixtures = Object.keys(expected);

  test('the fixture folder holds exactly the fixtures this test knows', () => {
    expect(readdirSync(brokenDir).sort()).toEqual([...manifestFixtures].sort());
  });

  test.each(manifestFixtures)('%s is rejected with one Chinese message at the right path', (name) => {
    const file = `counties/${name}`;
    const json: unknown = JSON.parse(readFileSync(path.join(brokenDir, name), 'utf8'));
    const result = validateCountyManifest(json, file);
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([{ file, ...expected[name] }]);
  });

  test('loadCounties throws one error listing every problem with file and path', () => {
    let thrown: unknown;
    try {
      loadCounties(brokenDir);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CountyConfigError);
    const error = thrown as CountyConfigError;
    const wanted = manifestFixtures.map((name) => ({ file: shown(name), ...expected[name] }));
    expect(error.issues).toHaveLength(wanted.length);
    expect(error.issues).toEqual(expect.arrayContaining(wanted));
    expect(error.message.split('\n')[0]).toBe(`县区配置有 ${wanted.length} 处问题：`);
    for (const issue of wanted) expect(error.message).toContain(formatIssue(issue));
  });

  test('a line names file, JSON path and message, e.g. for a bad org unit kind', () => {
    expect(formatIssue({ file: 'counties/hailin.json', ...expected['bad-org-unit-kind.json'] })).toBe(
      'counties/hailin.json /orgUnits/1/kind: 取值必须是以下之一: department, finance-section, center, leadership, ' +
        'oversight, expert, third-party',
    );
    expect(formatIssue({ file: 'counties/x.json', path: '', message: '不是合法的 JSON' })).toBe(
      'counties/x.json /: 不是合法的 JSON',
    );
  });

  test('a file that is not JSON is reported with line and column', () => {
    // Written at run time: prettier would repair a broken JSON fixture kept in the repository.
    const dir = mkdtempSync(path.join(tmpdir(), 'pm-counties-'));
    try {
      writeFileSync(path.join(dir, 'not-json.json'), '{\n  "id": "not-json",\n  "name": "测试县",\n}\n');
      expect(() => loadCounties(dir)).toThrow(
        expect.objectContaining({
          issues: [expect.objectContaining({ path: '', message: '不是合法的 JSON（第 4 行第 1 列附近）' })],
        }),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a missing folder is reported in Chinese, not as ENOENT', () => {
    expect(() => loadCounties(path.join(brokenDir, 'no-such-folder'))).toThrow(
      '县区配置目录不存在或无法读取',
    );
  });

  test('without a file name the id is not compared with anything', () => {
    const json: unknown = JSON.parse(readFileSync(path.join(brokenDir, 'file-name-mismatch.json'), 'utf8'));
    expect(validateCountyManifest(json).ok).toBe(true);
  });

  test('problems in several places of one manifest are all reported in one pass', () => {
    const json = JSON.parse(readFileSync(path.join(brokenDir, 'missing-name.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    json.level = '省';
    const result = validateCountyManifest(json);
    expect(result.errors.map((issue) => issue.path)).toEqual(['/name', '/level']);
  });
});
