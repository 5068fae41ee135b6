import { UNSUPPORTED_CONTEXT_PAD, UNSUPPORTED_PALETTE, isSupportedReplaceEntry } from '../supported';
import type { DiagramElement } from './diagram-types';

type Entries = Record<string, unknown>;
type ShapeAttrs = { type: string; eventDefinitionType?: string; isExpanded?: boolean };

interface ElementFactory {
  createShape(attrs: ShapeAttrs): unknown;
}
interface Create {
  start(event: Event, shape: unknown, context?: Record<string, unknown>): void;
}
interface AutoPlace {
  append(source: DiagramElement, shape: unknown): void;
}
interface Registry {
  registerProvider(priority: number, provider: object): void;
}
interface PopupMenu {
  registerProvider(id: string, priority: number, provider: object): void;
}

const LOW = 500;

function createEntry(
  factory: ElementFactory,
  create: Create,
  attrs: ShapeAttrs,
  group: string,
  className: string,
  title: string,
) {
  const start = (event: Event) => create.start(event, factory.createShape(attrs));
  return { group, className, title, action: { dragstart: start, click: start } };
}

/** The palette offers what the engine runs: user and system tasks, gateways, timers, messages, sub-processes. */
class PmPaletteProvider {
  static $inject = ['palette', 'create', 'elementFactory'];
  constructor(
    palette: Registry,
    private readonly create: Create,
    private readonly factory: ElementFactory,
  ) {
    palette.registerProvider(LOW, this);
  }

  getPaletteEntries() {
    const { create, factory } = this;
    return (entries: Entries): Entries => {
      const kept = Object.fromEntries(
        Object.entries(entries).filter(([id]) => !UNSUPPORTED_PALETTE.includes(id)),
      );
      return {
        ...kept,
        'create.user-task': createEntry(
          factory,
          create,
          { type: 'bpmn:UserTask' },
          'activity',
          'bpmn-icon-user-task',
          '用户任务（填报/审核/审批）',
        ),
        'create.service-task': createEntry(
          factory,
          create,
          { type: 'bpmn:ServiceTask' },
          'activity',
          'bpmn-icon-service-task',
          '系统任务（通知、更新状态）',
        ),
        'create.call-activity': createEntry(
          factory,
          create,
          { type: 'bpmn:CallActivity' },
          'activity',
          'bpmn-icon-call-activity',
          '调用其他环节流程',
        ),
        'create.parallel-gateway': createEntry(
          factory,
          create,
          { type: 'bpmn:ParallelGateway' },
          'gateway',
          'bpmn-icon-gateway-parallel',
          '并行网关（同时办理）',
        ),
        'create.timer-catch': createEntry(
          factory,
          create,
          { type: 'bpmn:IntermediateCatchEvent', eventDefinitionType: 'bpmn:TimerEventDefinition' },
          'event',
          'bpmn-icon-intermediate-event-catch-timer',
          '定时等待（到期后继续）',
        ),
        'create.message-catch': createEntry(
          factory,
          create,
          { type: 'bpmn:IntermediateCatchEvent', eventDefinitionType: 'bpmn:MessageEventDefinition' },
          'event',
          'bpmn-icon-intermediate-event-catch-message',
          '等待外部消息（如人代会批准）',
        ),
      };
    };
  }
}

/** The context pad appends user tasks instead of plain tasks and drops what the engine refuses. */
class PmContextPadProvider {
  static $inject = ['contextPad', 'elementFactory', 'autoPlace', 'create'];
  constructor(
    contextPad: Registry,
    private readonly factory: ElementFactory,
    private readonly autoPlace: AutoPlace | null,
    private readonly create: Create,
  ) {
    contextPad.registerProvider(LOW, this);
  }

  getContextPadEntries(element: DiagramElement) {
    return (entries: Entries): Entries => {
      const hadAppend = 'append.append-task' in entries;
      const kept = Object.fromEntries(
        Object.entries(entries).filter(([id]) => !UNSUPPORTED_CONTEXT_PAD.includes(id)),
      );
      if (!hadAppend) return kept;
      const shape = () => this.factory.createShape({ type: 'bpmn:UserTask' });
      return {
        ...kept,
        'append.user-task': {
          group: 'model',
          className: 'bpmn-icon-user-task',
          title: '追加用户任务',
          action: {
            click: (event: Event) =>
              this.autoPlace
                ? this.autoPlace.append(element, shape())
                : this.create.start(event, shape(), { source: element }),
            dragstart: (event: Event) => this.create.start(event, shape(), { source: element }),
          },
        },
      };
    };
  }
}

/** "Change type" lists only supported types and no standard loop. */
class PmReplaceMenuFilter {
  static $inject = ['popupMenu'];
  constructor(popupMenu: PopupMenu) {
    popupMenu.registerProvider('bpmn-replace', LOW, this);
  }
  getPopupMenuEntries() {
    return (entries: Entries) =>
      Object.fromEntries(Object.entries(entries).filter(([id]) => isSupportedReplaceEntry(id)));
  }
  getPopupMenuHeaderEntries() {
    return (entries: Entries) =>
      Object.fromEntries(Object.entries(entries).filter(([id]) => isSupportedReplaceEntry(id)));
  }
}

export const supportedElementsModule = {
  __init__: ['pmPaletteProvider', 'pmContextPadProvider', 'pmReplaceMenuFilter'],
  pmPaletteProvider: ['type', PmPaletteProvider],
  pmContextPadProvider: ['type', PmContextPadProvider],
  pmReplaceMenuFilter: ['type', PmReplaceMenuFilter],
};
