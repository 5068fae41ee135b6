/**
 * A read-only view of the moddle object tree. moddle builds plain objects whose properties follow the
 * meta-model; we read them through these accessors so the compiler never needs `any`.
 */
export interface ModdleElement {
  readonly $type: string;
  readonly id?: string;
  readonly [property: string]: unknown;
}

export function isModdleElement(value: unknown): value is ModdleElement {
  return (
    typeof value === 'object' && value !== null && typeof (value as { $type?: unknown }).$type === 'string'
  );
}

export function textOf(element: ModdleElement, property: string): string | undefined {
  const value = element[property];
  return typeof value === 'string' ? value : undefined;
}

export function booleanOf(element: ModdleElement, property: string): boolean | undefined {
  const value = element[property];
  return typeof value === 'boolean' ? value : undefined;
}

export function childOf(element: ModdleElement, property: string): ModdleElement | undefined {
  const value = element[property];
  return isModdleElement(value) ? value : undefined;
}

export function childrenOf(element: ModdleElement, property: string): ModdleElement[] {
  const value = element[property];
  return Array.isArray(value) ? value.filter(isModdleElement) : [];
}

/** The body of a `tFormalExpression` (conditions, timer values, loop cardinality), trimmed; undefined when empty. */
export function expressionBody(element: ModdleElement | undefined): string | undefined {
  if (!element) return undefined;
  const body = textOf(element, 'body')?.trim();
  return body ? body : undefined;
}
