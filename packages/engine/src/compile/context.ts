import type { ModdleParseWarning } from 'bpmn-moddle';
import type { ElementDef, FlowDef } from '../definition';
import { feelSyntaxError } from '../feel';
import type { Problem, ProblemCode } from './problems';

/** What the compiler accumulates while it walks one process. */
export class CompileContext {
  readonly problems: Problem[] = [];
  readonly elements: Record<string, ElementDef> = {};
  readonly flows: Record<string, FlowDef> = {};
  /**
   * Connections through elements that were refused (and so are not in `elements`): reachability follows
   * them as if those elements worked, so one refused element is reported once, not once per element after it.
   */
  readonly detours: Array<{ source: string; target: string }> = [];
  /** `elementId|property` → the id that did not resolve, from bpmn-moddle's warnings. */
  private readonly unresolved = new Map<string, string>();

  constructor(warnings: ModdleParseWarning[]) {
    for (const warning of warnings) {
      const id = warning.element?.id;
      if (id && warning.property && warning.value !== undefined) {
        this.unresolved.set(`${id}|${warning.property}`, warning.value);
      }
    }
  }

  /** The id an element referred to that does not exist, e.g. the `targetRef` of a dangling flow. */
  unresolvedReference(elementId: string, property: string): string | undefined {
    return this.unresolved.get(`${elementId}|${property}`);
  }

  report(elementId: string | null, code: ProblemCode, message: string): void {
    this.problems.push({ elementId, code, message });
  }

  /** Reports `source` when it is not FEEL, and returns it (or null) for the definition. */
  feel(
    elementId: string,
    source: string | undefined,
    what: string,
    code: ProblemCode = 'INVALID_EXPRESSION',
  ): string | null {
    if (source === undefined) return null;
    const error = feelSyntaxError(source);
    if (error) this.report(elementId, code, `${what}：${error}`);
    return source;
  }
}
