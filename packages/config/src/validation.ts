import Ajv2020 from 'ajv/dist/2020';
import type { AnySchemaObject, ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** One problem found in a configuration file: where (JSON Pointer into the file) and what, in Chinese. */
export interface ValidationIssue {
  /** The file as the user would type it (relative to the working directory when inside it). */
  file?: string;
  /** JSON Pointer (RFC 6901); "" is the whole document. */
  path: string;
  message: string;
}

/**
 * Annotation keyword that explains a rule in the words of our domain. On a schema with `pattern` it replaces
 * the unreadable regular expression; on a schema with `if`/`then`/`else` it is appended to every error the
 * branch produced, so the reader learns why the branch applied.
 */
const HINT_KEYWORD = 'x-hint';

/** One ajv instance per process: compiling a schema is costly, validating is cheap. */
let sharedAjv: Ajv2020 | undefined;

export function createAjv(): Ajv2020 {
  // allErrors: a finance editor fixing a manifest wants every problem in one pass, not one per run.
  // verbose: the formatter reads parentSchema (allowed property names, hints).
  // strictRequired stays off because `if`/`then` branches require properties declared by the parent schema.
  const ajv = new Ajv2020({
    allErrors: true,
    verbose: true,
    strict: true,
    strictRequired: false,
    allowUnionTypes: true,
  });
  ajv.addKeyword({ keyword: HINT_KEYWORD, schemaType: 'string' });
  // Only the formats we use: the array form also skips ajv-formats' formatMinimum keywords, which would
  // otherwise bind to the second ajv copy that npm nests under ajv-formats.
  addFormats(ajv, ['date']);
  return ajv;
}

export function compileSchema<T>(schema: AnySchemaObject): ValidateFunction<T> {
  sharedAjv ??= createAjv();
  return sharedAjv.compile<T>(schema);
}

const TYPE_NAMES: Record<string, string> = {
  string: '字符串',
  number: '数字',
  integer: '整数',
  boolean: '布尔值',
  object: '对象',
  array: '数组',
  null: 'null',
};

const FORMAT_NAMES: Record<string, string> = {
  date: '日期（YYYY-MM-DD）',
};

/** RFC 6901: "~" and "/" inside a key must be escaped so the pointer stays unambiguous. */
export function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Edit distance, for "did you mean": a misspelt key (x-componet, readonly) is the commonest schema error. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

/** The allowed name `given` most likely meant, when one is clearly closest (case is ignored first). */
function closestName(given: string, allowed: string[]): string | undefined {
  const sameLetters = allowed.find((name) => name.toLowerCase() === given.toLowerCase());
  if (sameLetters !== undefined) return sameLetters;
  let best: string | undefined;
  let bestDistance = Math.min(2, Math.floor(given.length / 3));
  for (const name of allowed) {
    const distance = editDistance(given, name);
    if (distance < bestDistance || (distance === bestDistance && best === undefined)) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}

function hintOf(schema: unknown): string | undefined {
  if (schema && typeof schema === 'object' && HINT_KEYWORD in schema) {
    const hint = (schema as Record<string, unknown>)[HINT_KEYWORD];
    return typeof hint === 'string' ? hint : undefined;
  }
  return undefined;
}

function listValues(values: unknown): string {
  return Array.isArray(values)
    ? values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ')
    : '';
}

function typeNames(type: unknown): string {
  const types = Array.isArray(type) ? type : [type];
  return types.map((t) => TYPE_NAMES[String(t)] ?? String(t)).join(', ');
}

/** Chinese message and exact location for one ajv error; null for wrapper errors that carry no news. */
function describe(error: ErrorObject): ValidationIssue | null {
  const at = error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      // Point at the missing field itself: the reader sees which one without decoding params.
      return { path: `${at}/${pointerSegment(String(params.missingProperty))}`, message: '缺少必填字段' };
    case 'additionalProperties': {
      const allowed = Object.keys((error.parentSchema?.properties as object | undefined) ?? {});
      const given = String(params.additionalProperty);
      const guess = closestName(given, allowed);
      // A long list buries the one name the writer most likely meant.
      const listed = allowed.length > 0 && (guess === undefined || allowed.length <= 12);
      const tail = listed ? `，允许的字段: ${allowed.join(', ')}` : '';
      return {
        path: `${at}/${pointerSegment(given)}`,
        message: `不允许的字段${guess === undefined ? '' : `（是否应为 ${guess}？）`}${tail}`,
      };
    }
    case 'type':
      return {
        path: at,
        message: `类型必须是${Array.isArray(params.type) ? '以下之一: ' : ''}${typeNames(params.type)}`,
      };
    case 'enum':
      return { path: at, message: `取值必须是以下之一: ${listValues(params.allowedValues)}` };
    case 'const':
      return { path: at, message: `取值必须是 ${JSON.stringify(params.allowedValue)}` };
    case 'pattern': {
      const hint = hintOf(error.parentSchema);
      return {
        path: at,
        message: hint ? `格式不正确：${hint}` : `格式不正确，应匹配 ${String(params.pattern)}`,
      };
    }
    case 'format':
      return {
        path: at,
        message: `必须是有效的${FORMAT_NAMES[String(params.format)] ?? String(params.format)}`,
      };
    case 'minLength':
      return {
        path: at,
        message: params.limit === 1 ? '不能为空' : `长度不能少于 ${String(params.limit)} 个字符`,
      };
    case 'maxLength':
      return { path: at, message: `长度不能超过 ${String(params.limit)} 个字符` };
    case 'minItems':
      return { path: at, message: `至少需要 ${String(params.limit)} 项` };
    case 'maxItems':
      return { path: at, message: `最多只能有 ${String(params.limit)} 项` };
    case 'uniqueItems': {
      // Point at the later copy: that is the one to delete.
      const [first, second] = [Number(params.i), Number(params.j)].sort((a, b) => a - b);
      return { path: `${at}/${second}`, message: `与第 ${first + 1} 项重复` };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { path: at, message: `必须 ${String(params.comparison)} ${String(params.limit)}` };
    case 'false schema':
      return { path: at, message: '此处不允许出现该字段' };
    case 'propertyNames':
    case 'if':
      // Wrappers: the error that explains them is reported separately (see toIssues).
      return null;
    default:
      return { path: at, message: `不符合规则 ${error.keyword}` };
  }
}

/**
 * Turns ajv errors into Chinese issues with the JSON Pointer of the offending value. Wrapper errors are folded
 * into the errors they wrap so each problem is reported once, at the most precise location.
 */
export function toIssues(
  errors: readonly ErrorObject[] | null | undefined,
  file?: string,
): ValidationIssue[] {
  if (!errors) return [];
  // Branch hints: an `if` error says which conditional failed; its hint belongs to that branch's own errors.
  // ajv restarts schemaPath at every $ref ("#/then/required"), so a branch is identified by the instance it
  // applied to plus the branch name, and the innermost conditional wins when two fail on nested values.
  const branches: { instancePath: string; schemaPrefix: string; hint: string }[] = [];
  for (const error of errors) {
    const hint = error.keyword === 'if' ? hintOf(error.parentSchema) : undefined;
    if (hint === undefined) continue;
    const failing = String((error.params as { failingKeyword?: unknown }).failingKeyword);
    branches.push({
      instancePath: error.instancePath,
      schemaPrefix: `${error.schemaPath.replace(/if$/, '')}${failing}/`,
      hint,
    });
  }
  const branchHint = (error: ErrorObject): string | undefined => {
    const inside = branches.filter(
      (b) =>
        (error.instancePath === b.instancePath || error.instancePath.startsWith(`${b.instancePath}/`)) &&
        error.schemaPath.startsWith(b.schemaPrefix),
    );
    inside.sort((a, b) => b.instancePath.length - a.instancePath.length);
    return inside[0]?.hint;
  };

  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const described = describe(error);
    if (!described) continue;
    let { path, message } = described;
    // ajv reports a bad key of an object (propertyNames) at the object, naming the key in `propertyName`.
    const propertyName = (error as ErrorObject & { propertyName?: string }).propertyName;
    if (propertyName !== undefined) {
      path = `${error.instancePath}/${pointerSegment(propertyName)}`;
      message = `键名“${propertyName}”不合法，${message}`;
    }
    const hint = branchHint(error);
    if (hint !== undefined) message = `${message}；${hint}`;
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(file === undefined ? { path, message } : { file, path, message });
  }
  return issues;
}

/** One line per issue, e.g. `counties/hailin.json /orgUnits/2/kind: 取值必须是以下之一: department, ...`. */
export function formatIssue(issue: ValidationIssue): string {
  const where = issue.path === '' ? '/' : issue.path;
  return issue.file === undefined ? `${where}: ${issue.message}` : `${issue.file} ${where}: ${issue.message}`;
}
