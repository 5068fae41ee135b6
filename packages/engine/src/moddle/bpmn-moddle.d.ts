/**
 * bpmn-moddle 10 ships types only under its `./types` subpath, none for the entry point that node16
 * resolution picks, so we declare the little of its surface the engine uses.
 */
declare module 'bpmn-moddle' {
  export interface ModdleParseWarning {
    message: string;
    element?: { id?: string; $type?: string };
    property?: string;
    value?: string;
  }

  export interface ModdleParseResult {
    rootElement: unknown;
    warnings: ModdleParseWarning[];
  }

  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string): Promise<ModdleParseResult>;
  }
}
