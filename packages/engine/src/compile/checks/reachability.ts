import type { ElementDef } from '../../definition';
import type { CompileContext } from '../context';
import { successors } from '../../graph';

/** Reports elements no token can reach from the start events of their scope. */
export function checkReachability(rootStarts: string[], context: CompileContext): void {
  const { elements } = context;
  const reached = new Set<string>();
  const queue = [...rootStarts];
  const scopesWithoutStart = new Set<string>();
  while (queue.length > 0) {
    const id = queue.shift() as string;
    if (reached.has(id)) continue;
    reached.add(id);
    const detours = context.detours.filter((detour) => detour.source === id).map((detour) => detour.target);
    queue.push(...detours);
    const element = elements[id];
    if (!element) continue;
    if (element.kind === 'subProcess') {
      if (element.startEvent) queue.push(element.startEvent);
      else scopesWithoutStart.add(element.id);
    }
    queue.push(...successors(context, element));
  }
  for (const element of Object.values(elements)) {
    if (reached.has(element.id) || !isInReachedScope(element, reached, scopesWithoutStart)) continue;
    // Without a start event the whole scope is already reported; each element there would only repeat it.
    if (element.parent === null && rootStarts.length === 0) continue;
    context.report(element.id, 'UNREACHABLE_ELEMENT', `“${element.name ?? element.id}”无法从开始事件到达`);
  }
}

/** Only the outermost unreachable element is reported: the contents of an unreachable sub-process follow. */
function isInReachedScope(
  element: ElementDef,
  reached: Set<string>,
  scopesWithoutStart: Set<string>,
): boolean {
  if (element.parent === null) return true;
  return reached.has(element.parent) && !scopesWithoutStart.has(element.parent);
}
