/** A problem of the diagram, as the server's lint or the engine's compiler reports it. */
export interface DiagramProblem {
  elementId: string | null;
  message: string;
}

interface Overlays {
  add(
    element: string,
    type: string,
    overlay: { position: Record<string, number>; html: HTMLElement },
  ): string;
  remove(filter: { type: string }): void;
}
interface Canvas {
  addMarker(element: string, marker: string): void;
  removeMarker(element: string, marker: string): void;
}
interface ElementRegistry {
  get(id: string): unknown;
}

const TYPE = 'pm-lint';
const MARKER = 'pm-lint-error';

/** Puts each problem on the canvas at its element: a red outline and a badge listing the messages. */
export class LintOverlays {
  static $inject = ['overlays', 'canvas', 'elementRegistry'];
  private marked: string[] = [];

  constructor(
    private readonly overlays: Overlays,
    private readonly canvas: Canvas,
    private readonly registry: ElementRegistry,
  ) {}

  /** Shows `problems`, replacing the previous ones; answers those with no element on the canvas. */
  show(problems: DiagramProblem[]): DiagramProblem[] {
    this.overlays.remove({ type: TYPE });
    for (const id of this.marked) this.canvas.removeMarker(id, MARKER);
    this.marked = [];
    const byElement = new Map<string, string[]>();
    const elsewhere: DiagramProblem[] = [];
    for (const problem of problems) {
      if (problem.elementId && this.registry.get(problem.elementId))
        byElement.set(problem.elementId, [...(byElement.get(problem.elementId) ?? []), problem.message]);
      else elsewhere.push(problem);
    }
    for (const [id, messages] of byElement) {
      const badge = document.createElement('div');
      badge.className = 'pm-lint-badge';
      badge.textContent = String(messages.length);
      badge.title = messages.join('\n');
      badge.setAttribute('role', 'img');
      badge.setAttribute('aria-label', `问题：${messages.join('；')}`);
      this.overlays.add(id, TYPE, { position: { top: -10, right: 10 }, html: badge });
      this.canvas.addMarker(id, MARKER);
      this.marked.push(id);
    }
    return elsewhere;
  }
}

export const lintOverlaysModule = {
  __init__: ['pmLintOverlays'],
  pmLintOverlays: ['type', LintOverlays],
};
