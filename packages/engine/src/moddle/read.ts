import { BpmnModdle, type ModdleParseWarning } from 'bpmn-moddle';
import { pmModdleDescriptor } from './descriptor';
import { isModdleElement, type ModdleElement } from './model';

export interface ReadDiagramResult {
  definitions: ModdleElement | null;
  warnings: ModdleParseWarning[];
  /** Set when the XML could not be read at all. */
  error: string | null;
}

/** Parses BPMN XML with our `pm` extension. Never throws: an unreadable document is reported as `error`. */
export async function readDiagram(xml: string): Promise<ReadDiagramResult> {
  const moddle = new BpmnModdle({ pm: pmModdleDescriptor });
  try {
    const { rootElement, warnings } = await moddle.fromXML(xml);
    if (!isModdleElement(rootElement)) {
      return { definitions: null, warnings, error: '文档中没有 BPMN definitions 根元素' };
    }
    return { definitions: rootElement, warnings, error: null };
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return { definitions: null, warnings: [], error: message };
  }
}
