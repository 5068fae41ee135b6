/** `{settings, project}` → `{$settings, $project}`: the names schema authors write in expressions. */
export function expressionScope(scope: Record<string, unknown> | undefined): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(scope ?? {})) {
    result[key.startsWith('$') ? key : `$${key}`] = value;
  }
  return result;
}
