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
  // moddle rewrites the descriptors it registers (qualified property names); keep the exported one as written.
  const moddle = new BpmnModdle({ pm: structuredClone(pmModdleDescriptor) });
  try {
    const { rootElement, warnings } = await moddle.fromXML(xml);
    if (!isModdleElement(rootElement)) {
      return { definitions: null, warnings, error: '文档中没有 BPMN definitions 根元素' };
    }
    return { definitions: rootElement, warnings, error: null };
  } catch (err) {
    return { definitions: null, warnings: [], error: describeXmlError(err) };
  }
}

/**
 * moddle-xml wraps the parser's reason (`nested error: unexpected end of file`) in text whose line and column
 * are not reliable; the reason alone is what helps.
 */
function describeXmlError(err: unknown): string {
  const warnings = (err as { warnings?: Array<{ message?: string }> }).warnings ?? [];
  const message =
    warnings.find((warning) => warning.message)?.message ??
    (err instanceof Error ? err.message : String(err));
  return /nested error: (.*)/.exec(message)?.[1] ?? message.split('\n')[0];
}
