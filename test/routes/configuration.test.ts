import path from 'node:path';
import {
  STAGE_IDS,
  countySettingValues,
  loadCounties,
  readRepositoryArtifacts,
  resolveProcessXml,
  type CountyManifest,
} from '@pm/config';
import { REPO_DIR } from '../helpers/app';

const counties = loadCounties(path.join(REPO_DIR, 'counties'));
const artifacts = readRepositoryArtifacts(REPO_DIR);

type Box = { x: number; y: number; width: number; height: number };

interface Diagram {
  file: string;
  /** Flow node id → tag (userTask, exclusiveGateway, ...) */
  nodes: Map<string, string>;
  flows: Map<string, { source: string; target: string; name?: string }>;
  userTasks: { id: string; name: string; form: string; reviewPoints: string[] }[];
  boundaryHosts: Map<string, string>;
  shapes: Map<string, Box>;
  edges: Map<string, { x: number; y: number }[]>;
}

const attr = (text: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(text)?.[1];

function readDiagram(file: string, xml: string): Diagram {
  const diagram: Diagram = {
    file,
    nodes: new Map(),
    flows: new Map(),
    userTasks: [],
    boundaryHosts: new Map(),
    shapes: new Map(),
    edges: new Map(),
  };
  const process = xml.slice(xml.indexOf('<bpmn:process'), xml.indexOf('</bpmn:process>'));
  for (const [, tag, attrs] of process.matchAll(/<bpmn:(\w+)\s([^>]*)>/g)) {
    const id = attr(attrs, 'id');
    if (!id || tag === 'process' || tag.endsWith('Definition')) continue;
    if (tag === 'sequenceFlow') {
      diagram.flows.set(id, {
        source: attr(attrs, 'sourceRef')!,
        target: attr(attrs, 'targetRef')!,
        name: attr(attrs, 'name'),
      });
      continue;
    }
    diagram.nodes.set(id, tag);
    if (tag === 'boundaryEvent') diagram.boundaryHosts.set(id, attr(attrs, 'attachedToRef')!);
    if (tag === 'userTask')
      diagram.userTasks.push({
        id,
        name: attr(attrs, 'name')!,
        form: attr(attrs, 'pm:form')!,
        reviewPoints: (attr(attrs, 'pm:reviewPoints') ?? '').split(',').filter(Boolean),
      });
  }
  for (const [, element, bounds] of xml.matchAll(
    /<bpmndi:BPMNShape[^>]*bpmnElement="([^"]+)"[^>]*>\s*<dc:Bounds ([^>]*)\/>/g,
  )) {
    const n = (k: string) => Number(attr(bounds, k));
    diagram.shapes.set(element, { x: n('x'), y: n('y'), width: n('width'), height: n('height') });
  }
  for (const [, element, body] of xml.matchAll(
    /<bpmndi:BPMNEdge[^>]*bpmnElement="([^"]+)"[^>]*>([\s\S]*?)<\/bpmndi:BPMNEdge>/g,
  )) {
    diagram.edges.set(
      element,
      [...body.matchAll(/<di:waypoint x="([\d.-]+)" y="([\d.-]+)"/g)].map(([, x, y]) => ({
        x: Number(x),
        y: Number(y),
      })),
    );
  }
  return diagram;
}

const diagrams: Diagram[] = [...artifacts.processes.values()].flatMap((artifact) => [
  readDiagram(`processes/${artifact.id}/${artifact.id}.bpmn`, artifact.base),
  ...Object.entries(artifact.overlays).map(([county, xml]) =>
    readDiagram(`processes/${artifact.id}/counties/${county}.bpmn`, xml),
  ),
]);

function processOf(county: CountyManifest, stageId: string): Diagram {
  const artifact = artifacts.processes.get(stageId)!;
  const { overlay } = resolveProcessXml(artifact, county.id);
  const file = overlay
    ? `processes/${stageId}/counties/${county.id}.bpmn`
    : `processes/${stageId}/${stageId}.bpmn`;
  return diagrams.find((d) => d.file === file)!;
}

const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const touches = (p: { x: number; y: number }, b: Box) =>
  p.x >= b.x - 1 && p.x <= b.x + b.width + 1 && p.y >= b.y - 1 && p.y <= b.y + b.height + 1;

describe('diagrams open cleanly in bpmn-js: laid out, connected, labelled', () => {
  test.each(diagrams.map((d) => [d.file, d] as const))('%s', (_file, d) => {
    for (const id of [...d.nodes.keys()]) expect([id, d.shapes.has(id)]).toEqual([id, true]);
    for (const [id, flow] of d.flows) {
      const points = d.edges.get(id);
      expect([id, (points?.length ?? 0) >= 2]).toEqual([id, true]);
      // Each edge starts on its source and ends on its target.
      expect([id, touches(points![0], d.shapes.get(flow.source)!)]).toEqual([id, true]);
      expect([id, touches(points!.at(-1)!, d.shapes.get(flow.target)!)]).toEqual([id, true]);
      // Orthogonal segments only.
      for (let i = 1; i < points!.length; i++)
        expect([id, points![i].x === points![i - 1].x || points![i].y === points![i - 1].y]).toEqual([
          id,
          true,
        ]);
    }
    const shapes = [...d.shapes.entries()];
    for (let i = 0; i < shapes.length; i++)
      for (let j = i + 1; j < shapes.length; j++) {
        const [a, boxA] = shapes[i];
        const [b, boxB] = shapes[j];
        if (d.boundaryHosts.get(a) === b || d.boundaryHosts.get(b) === a) continue;
        expect([a, b, overlaps(boxA, boxB)]).toEqual([a, b, false]);
      }
    // Left to right: the process starts at the far left.
    const start = [...d.nodes].find(([, tag]) => tag === 'startEvent')![0];
    expect(Math.min(...shapes.map(([, box]) => box.x))).toBe(d.shapes.get(start)!.x);
    // Every choice a gateway makes is named on the diagram.
    for (const [id, tag] of d.nodes) {
      if (tag !== 'exclusiveGateway') continue;
      const outgoing = [...d.flows].filter(([, f]) => f.source === id);
      if (outgoing.length < 2) continue;
      for (const [flowId, flow] of outgoing) expect([flowId, Boolean(flow.name)]).toEqual([flowId, true]);
    }
  });
});

describe('county manifests name the processes and forms their stages run', () => {
  test.each(counties.map((c) => [c.id, c] as const))('%s', (_id, county) => {
    for (const stageId of STAGE_IDS) {
      const stage = county.stages[stageId];
      if (!stage.enabled) continue;
      expect([stageId, stage.process]).toEqual([stageId, stageId]);
      const forms = [...new Set(processOf(county, stageId).userTasks.map((t) => t.form))].sort();
      expect([stageId, [...(stage.forms ?? [])].sort()]).toEqual([stageId, forms]);
    }
  });
});

describe('review checklists in the diagrams are the ones the county settings cite', () => {
  const cases: [string, string, string, string][] = [
    ['heilongjiang-city', 'target-declaration', '初审', 'targetReviewPoints'],
    ['heilongjiang-city', 'target-declaration', '复审', 'targetSecondReviewPoints'],
    ['heilongjiang-city', 'target-adjustment', '初审', 'targetReviewPoints'],
    ['heilongjiang-city', 'monitoring', '业务股室审核', 'monitoringReviewPoints'],
    ['heilongjiang-city', 'self-evaluation', '业务股室审核', 'selfEvaluationReviewPoints'],
    ['changzhi-bureau', 'target-declaration', '财务科审核', 'targetReviewPoints'],
    ['changzhi-bureau', 'target-adjustment', '财务科审核', 'targetReviewPoints'],
    ['hailin', 'target-declaration', '初审', 'targetReviewPoints'],
    ['hailin', 'target-adjustment', '初审', 'targetReviewPoints'],
    ['qitai', 'target-declaration', '财政部门审核', 'targetReviewPoints'],
    ['qitai', 'pre-assessment', '财政部门审核评估报告', 'preAssessmentReviewPoints'],
    ['qitai', 'pre-assessment', '专家评审组评审', 'preAssessmentReviewPoints'],
    ['jinan-shizhong', 'target-declaration', '区财政部门审核', 'targetReviewPoints'],
  ];
  test.each(cases)('%s %s 「%s」 = settings.%s', (countyId, stageId, taskName, key) => {
    const county = counties.find((c) => c.id === countyId)!;
    const task = processOf(county, stageId).userTasks.find((t) => t.name === taskName);
    expect(task?.reviewPoints).toEqual(countySettingValues(county)[key]);
  });
});
