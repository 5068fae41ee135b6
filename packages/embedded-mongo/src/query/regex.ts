/** PCRE-style `$regex`/`$options` to JavaScript RegExp. */
import { MongoServerError } from '../errors';

const SUPPORTED = new Set(['i', 'm', 's', 'x', 'u']);

export function buildRegex(pattern: string, options: string): RegExp {
  let flags = '';
  let extended = false;
  for (const ch of options) {
    if (!SUPPORTED.has(ch)) {
      throw new MongoServerError(51108, `invalid flag in regex options: ${ch}`);
    }
    if (ch === 'x') extended = true;
    else if (!flags.includes(ch)) flags += ch;
  }
  const source = extended ? stripExtended(pattern) : pattern;
  try {
    return new RegExp(source, flags);
  } catch (e) {
    throw new MongoServerError(51091, `Regular expression is invalid: ${(e as Error).message}`);
  }
}

/** The `x` option: unescaped whitespace outside character classes and `#` comments are ignored. */
function stripExtended(p: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\' && i + 1 < p.length) {
      out += c + p[++i];
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === '#') {
      while (i < p.length && p[i] !== '\n') i++;
    } else if (!/\s/.test(c)) {
      out += c;
    }
  }
  return out;
}

/** Tests a RegExp without the `lastIndex` statefulness of global/sticky regexes. */
export function regexTest(re: RegExp, s: string): boolean {
  if (re.global || re.sticky) re.lastIndex = 0;
  return re.test(s);
}

/**
 * The literal prefix an anchored, case-sensitive regex requires (`/^abc/` → "abc"),
 * which an index can turn into a range scan. Undefined when there is none.
 */
export function literalPrefix(re: RegExp): string | undefined {
  if (re.flags.includes('i') || re.flags.includes('m')) return undefined;
  const src = re.source;
  if (!src.startsWith('^')) return undefined;
  let prefix = '';
  for (let i = 1; i < src.length; i++) {
    const c = src[i];
    if (/[.*+?^${}()|[\]\\]/.test(c)) {
      // a quantifier applies to the previous character, which then is not required
      if (/[*?{]/.test(c) && prefix.length > 0) prefix = prefix.slice(0, -1);
      break;
    }
    prefix += c;
  }
  return prefix.length > 0 ? prefix : undefined;
}
