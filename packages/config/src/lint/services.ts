/**
 * What the lint needs from the engine and the form model, injected: `config` depends on no other package of
 * ours, so the server and the CLI hand in `@pm/engine` and `@pm/form-core`. The shapes below are the parts the
 * lint reads; the engine's own types fit them.
 */

export interface BpmnProblem {
  /** The element at fault, null for the whole diagram. */
  elementId: string | null;
  code: string;
  message: string;
}

export interface CompiledProcess<D> {
  definition: D | null;
  problems: readonly BpmnProblem[];
}

export interface ProcessUserTask {
  id: string;
  name: string | null;
  candidateRoles: string[];
  form: string | null;
}

export interface ProcessSummaryView {
  userTasks: ProcessUserTask[];
  /** Keys read as `settings.<key>` by conditions, expressions, due dates and timers. */
  settingsReferences: string[];
  calledProcesses: string[];
}

/** `D` is the engine's compiled definition; the lint only needs its BPMN process id. */
export interface LintServices<D extends { id: string } = { id: string }> {
  compileProcess(xml: string): Promise<CompiledProcess<D>>;
  summarizeProcess(definition: D): ProcessSummaryView;
  /** A form's `{{ }}` expression (with or without the braces): a Chinese error, or null when it compiles. */
  checkExpression(source: string): string | null;
  /** A FEEL expression: a Chinese description of its syntax error, or null when it parses. */
  feelSyntaxError(source: string): string | null;
}
