/**
 * What the lint reports: one problem per place to fix, with the rule it breaks. Rule ids are stable English
 * for tools and tests; messages are Chinese for the finance staff who edit forms, processes and counties.
 */
export const LINT_RULES = {
  'json-syntax': '文件不是合法的 JSON',
  'file-layout': '文件不在约定的位置，部署时会被忽略',
  'county-schema': '县区配置不符合格式（JSON Schema 及组织单位与角色的对应）',
  'form-schema': '表单定义不符合格式（JSON Schema）',
  'form-overlay': '县区表单差异不是对象，或合并后的表单不符合格式',
  'form-overlay-base': '县区表单差异没有对应的基础表单',
  'overlay-county': '县区差异文件对应的县区不存在',
  'artifact-id': '表单或流程的 id 与所在目录名不一致',
  'form-expression': '表单中的 {{ }} 表达式无法编译',
  'form-binding': '表单字段的 x-bind 指向的项目档案字段不存在（取数、回写）',
  'bpmn-subset': '流程图使用了不支持的元素或属性（引擎的编译问题）',
  'feel-syntax': 'FEEL 表达式有语法错误（流程条件、县区启动规则）',
  'gateway-stuck': '排他网关可能没有可走的出口，流程会卡住',
  'process-exists': '县区阶段或调用活动引用的流程不存在',
  'form-exists': '用户任务或县区阶段引用的表单不存在',
  'role-mapped': '办理角色未在使用该流程的县区中配置',
  'setting-defined': '引用的县区参数（settings.<键名>）未在县区配置中定义',
  'precondition-stage': '启动规则要求的前置阶段在该县区未启用',
} as const;

export type LintRule = keyof typeof LINT_RULES;

export interface LintProblem {
  /** Relative to the repository (or to the working directory for a file outside it), with "/" separators. */
  file: string;
  /** A JSON Pointer into a JSON file ("" for the whole file) or a BPMN element id ("" for the whole diagram). */
  location: string;
  /** Set when the problem exists only for this county (a role it does not map, a setting it lacks). */
  county?: string;
  rule: LintRule;
  /** The engine's problem code, for BPMN problems. */
  code?: string;
  message: string;
}

/** Where, in one token: `counties/hailin.json /stages/monitoring` or `processes/a/a.bpmn#firstReview`. */
export function problemPlace(problem: Pick<LintProblem, 'file' | 'location'>): string {
  if (problem.location === '') return problem.file;
  return problem.location.startsWith('/')
    ? `${problem.file} ${problem.location}`
    : `${problem.file}#${problem.location}`;
}

/** One line per problem, the same in the CLI and in the server's refusal to deploy. */
export function formatLintProblem(problem: LintProblem): string {
  const county = problem.county === undefined ? '' : `[${problem.county}] `;
  return `${county}${problemPlace(problem)}: ${problem.message}（${problem.rule}）`;
}

/** Stable order: by file, location, county, message; repeated problems (one diagram, one place) kept once. */
export function sortProblems(problems: readonly LintProblem[]): LintProblem[] {
  const seen = new Set<string>();
  const unique = problems.filter((problem) => {
    const key = formatLintProblem(problem);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const text = (value: string | undefined): string => value ?? '';
  return unique.sort(
    (a, b) =>
      compare(a.file, b.file) ||
      compare(a.location, b.location) ||
      compare(text(a.county), text(b.county)) ||
      compare(a.message, b.message),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
