import type { ProcessDefinition } from '../definition';
import { childrenOf, textOf, type ModdleElement } from '../moddle/model';
import { readDiagram } from '../moddle/read';
import { checkStuckGateways } from './checks/gateways';
import { checkReferencedOutcomes } from './checks/outcomes';
import { checkReachability } from './checks/reachability';
import { checkStartEvents } from './checks/start-events';
import { CompileContext } from './context';
import type { Problem } from './problems';
import { convertContainer, linkElements } from './structure';

export interface CompileResult {
  /** Null only when there is no process to compile; otherwise present even when `problems` is not empty. */
  definition: ProcessDefinition | null;
  /** Anything here means the diagram must not be deployed. */
  problems: Problem[];
}

function pickProcess(definitions: ModdleElement, context: CompileContext): ModdleElement | null {
  const processes = childrenOf(definitions, 'rootElements').filter(
    (element) => element.$type === 'bpmn:Process',
  );
  if (processes.length === 0) {
    context.report(null, 'NO_PROCESS', '文档中没有流程（bpmn:process）');
    return null;
  }
  if (processes.length === 1) return processes[0];
  const executable = processes.filter((process) => process.isExecutable === true);
  if (executable.length === 1) return executable[0];
  context.report(
    null,
    'MULTIPLE_PROCESSES',
    '文档中有多个可执行流程，每个文件只能有一个；其他流程请用调用活动引用',
  );
  return processes[0];
}

/**
 * Compiles BPMN XML (with our `pm` extension) into a plain-data definition, listing every reason the
 * diagram would misbehave at run time. Never throws.
 */
export async function compileProcess(xml: string): Promise<CompileResult> {
  const read = await readDiagram(xml);
  if (!read.definitions) {
    return {
      definition: null,
      problems: [{ elementId: null, code: 'XML_UNREADABLE', message: `无法读取 BPMN 文件：${read.error}` }],
    };
  }
  const context = new CompileContext(read.warnings);
  const process = pickProcess(read.definitions, context);
  if (!process) return { definition: null, problems: context.problems };
  const processId = process.id ?? 'process';
  const rootChildren = convertContainer(process, null, context);
  linkElements(context);
  const startEvents = checkStartEvents(processId, rootChildren, context);
  checkReachability(startEvents, context);
  checkStuckGateways(context);
  checkReferencedOutcomes(context);
  return {
    definition: {
      id: processId,
      name: textOf(process, 'name')?.trim() || null,
      elements: context.elements,
      flows: context.flows,
      startEvents,
    },
    problems: context.problems,
  };
}
