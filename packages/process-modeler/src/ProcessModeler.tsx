import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import './modeler.css';
import { pmModdleDescriptor } from '@pm/engine/src/moddle/descriptor';
import Modeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from 'bpmn-js-properties-panel';
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { ModelerContextHolder, type ModelerContext } from './modules/context';
import type { DiagramElement } from './modules/diagram-types';
import { lintOverlaysModule, type DiagramProblem, type LintOverlays } from './modules/lint-overlays';
import { pmPropertiesModule } from './modules/properties/provider';
import { supportedElementsModule } from './modules/supported-elements';
import { translateModule } from './modules/translate';

export interface ProcessModelerProps {
  xml: string;
  context: Partial<ModelerContext>;
  /** Problems to show at their elements (the server's lint of the draft). */
  problems?: DiagramProblem[];
  /** Told after every change of the diagram, with its XML. */
  onChange?(xml: string): void;
  /** Problems whose element is not on the canvas (or the import's own failure). */
  onUnplacedProblems?(problems: DiagramProblem[]): void;
  /** The element to select once the diagram is shown. */
  initialSelection?: string;
}

export interface ProcessModelerHandle {
  saveXML(): Promise<string>;
  undo(): void;
  redo(): void;
}

const OPEN_GROUPS = ['general', 'pm-roles', 'pm-task', 'pm-outcomes', 'pm-service', 'pm-condition', 'timer'];

interface Viewbox {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface FitCanvas {
  zoom(level: string | number): number;
  viewbox(box?: Viewbox): Viewbox;
}

/** Fits the diagram, leaving room on the left for the palette that floats over the canvas. */
function fitBesidePalette(canvas: FitCanvas) {
  canvas.zoom('fit-viewport');
  const box = canvas.viewbox();
  const margin = box.width * 0.12;
  canvas.viewbox({ x: box.x - margin, y: box.y, width: box.width + margin, height: box.height });
}

interface Services {
  get<T>(name: string): T;
}

/** bpmn-js with our properties, Chinese labels and only the elements the engine runs. */
export const ProcessModeler = forwardRef<ProcessModelerHandle, ProcessModelerProps>(
  function ProcessModeler(props, ref) {
    const canvasRef = useRef<HTMLDivElement>(null);
    const panelRef = useRef<HTMLDivElement>(null);
    const modelerRef = useRef<Modeler>();
    const contextRef = useRef(new ModelerContextHolder());
    const [imported, setImported] = useState(0);
    const [importError, setImportError] = useState<string>();
    const latest = useRef(props);
    latest.current = props;

    contextRef.current.value = { ...contextRef.current.value, ...props.context };

    useEffect(() => {
      const modeler = new Modeler({
        container: canvasRef.current!,
        propertiesPanel: {
          parent: panelRef.current!,
          // What a finance editor sets on every step is open from the start.
          layout: { groups: Object.fromEntries(OPEN_GROUPS.map((id) => [id, { open: true }])) },
        },
        additionalModules: [
          BpmnPropertiesPanelModule,
          BpmnPropertiesProviderModule,
          translateModule,
          supportedElementsModule,
          pmPropertiesModule,
          lintOverlaysModule,
          { pmContext: ['value', contextRef.current] },
        ],
        moddleExtensions: { pm: structuredClone(pmModdleDescriptor) },
      });
      modelerRef.current = modeler;
      const services = modeler as unknown as Services;
      services.get<{ on(event: string, cb: () => void): void }>('eventBus').on('commandStack.changed', () => {
        void modeler.saveXML({ format: true }).then(({ xml }) => xml && latest.current.onChange?.(xml));
      });
      return () => {
        modeler.destroy();
        modelerRef.current = undefined;
      };
    }, []);

    useEffect(() => {
      const modeler = modelerRef.current;
      if (!modeler) return;
      let cancelled = false;
      modeler
        .importXML(props.xml)
        .then(() => {
          if (cancelled) return;
          setImportError(undefined);
          fitBesidePalette(modeler.get('canvas') as FitCanvas);
          setImported((n) => n + 1);
          const id = latest.current.initialSelection;
          // The properties panel misses a selection made in the same tick as the import.
          if (id)
            setTimeout(() => {
              const element = (
                modeler.get('elementRegistry') as { get(id: string): DiagramElement | undefined }
              ).get(id);
              if (element) (modeler.get('selection') as { select(e: DiagramElement): void }).select(element);
            });
        })
        .catch((err: Error) => {
          if (!cancelled) setImportError(`流程图无法打开：${err.message}`);
        });
      return () => {
        cancelled = true;
      };
      // Only a new document is imported; edits flow out through onChange.
    }, [props.xml]);

    useEffect(() => {
      const modeler = modelerRef.current;
      if (!modeler || imported === 0) return;
      const overlays = modeler.get('pmLintOverlays') as LintOverlays;
      const unplaced = overlays.show(props.problems ?? []);
      latest.current.onUnplacedProblems?.(unplaced);
    }, [props.problems, imported]);

    useImperativeHandle(ref, () => ({
      async saveXML() {
        const result = await modelerRef.current!.saveXML({ format: true });
        return result.xml ?? '';
      },
      undo: () => (modelerRef.current?.get('commandStack') as { undo(): void } | undefined)?.undo(),
      redo: () => (modelerRef.current?.get('commandStack') as { redo(): void } | undefined)?.redo(),
    }));

    return (
      <div className="pm-pm">
        <div className="pm-pm-canvas" ref={canvasRef} aria-label="流程图" role="application">
          {importError && <div className="pm-pm-error">{importError}</div>}
        </div>
        <div className="pm-pm-properties" ref={panelRef} aria-label="节点属性" />
      </div>
    );
  },
);
