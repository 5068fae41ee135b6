/** V8 reports "... in JSON at position N"; an editor user needs line and column instead. */
export function jsonSyntaxMessage(text: string, error: unknown): string {
  const position = /position (\d+)/.exec(error instanceof Error ? error.message : '');
  if (!position) return '不是合法的 JSON';
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `不是合法的 JSON（第 ${line} 行第 ${column} 列附近）`;
}

export type ParsedJson = { ok: true; json: unknown } | { ok: false; message: string };

export function parseJsonText(text: string): ParsedJson {
  try {
    return { ok: true, json: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: jsonSyntaxMessage(text, error) };
  }
}
