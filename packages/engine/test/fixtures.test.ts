import { readdirSync } from 'node:fs';
import { BpmnModdle } from 'bpmn-moddle';
import { pmModdleDescriptor } from '@pm/engine';
import { fixture } from './harness';

/** Documents that cannot hold a process, so have no diagram to open. */
const NO_DIAGRAM = new Set(['problems/xml-unreadable.bpmn', 'problems/no-process.bpmn']);
/** Broken on purpose in a way a modeler reports too. */
const WARNINGS_EXPECTED = new Set(['problems/flow-element-missing.bpmn']);

const files = [
  ...readdirSync(`${__dirname}/fixtures`).filter((name) => name.endsWith('.bpmn')),
  ...readdirSync(`${__dirname}/fixtures/problems`).map((name) => `problems/${name}`),
].filter((name) => !NO_DIAGRAM.has(name));

interface Node {
  $type: string;
  id?: string;
  bpmnElement?: { id?: string };
  flowElements?: Node[];
  rootElements?: Node[];
  diagrams?: Array<{ plane: { planeElement?: Node[] } }>;
  waypoint?: unknown[];
  participants?: Node[];
}

/** Every flow node and sequence flow of every process, with its DI: the diagrams open cleanly in bpmn-js. */
describe('fixture diagrams', () => {
  it.each(files)('%s has a shape or edge for every element', async (name) => {
    const { rootElement, warnings } = (await new BpmnModdle({
      pm: structuredClone(pmModdleDescriptor),
    }).fromXML(fixture(name))) as {
      rootElement: Node;
      warnings: unknown[];
    };
    if (!WARNINGS_EXPECTED.has(name)) expect(warnings).toEqual([]);
    const drawn = new Map<string, Node>();
    for (const diagram of rootElement.diagrams ?? []) {
      for (const di of diagram.plane.planeElement ?? [])
        if (di.bpmnElement?.id) drawn.set(di.bpmnElement.id, di);
    }
    const elements: Node[] = [];
    const collect = (container: Node) => {
      for (const element of container.flowElements ?? []) {
        elements.push(element);
        collect(element);
      }
    };
    for (const root of rootElement.rootElements ?? []) if (root.$type === 'bpmn:Process') collect(root);
    expect(elements.length).toBeGreaterThan(0);
    for (const element of elements) {
      const di = drawn.get(element.id ?? '');
      expect([element.id, di?.$type]).toEqual([
        element.id,
        element.$type === 'bpmn:SequenceFlow' ? 'bpmndi:BPMNEdge' : 'bpmndi:BPMNShape',
      ]);
      if (di?.$type === 'bpmndi:BPMNEdge') expect(di.waypoint?.length).toBeGreaterThanOrEqual(2);
    }
  });
});
