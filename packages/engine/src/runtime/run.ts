import type { ElementDef, ProcessDefinition } from '../definition';
import type { Effect } from './effects';
import type { InstanceState, ScopeState, TokenState } from './state';

/** What the server knows at the moment of a command. The engine reads no clock and no database. */
export interface StepContext {
  now: Date;
  /** The county's settings (thresholds, days, weights), read by FEEL as `settings`. */
  settings: Record<string, unknown>;
  /** The project's fields (amount in 万元, category, kind, year...), read by FEEL as `project`. */
  project: Record<string, unknown>;
}

/** One step in progress: a private copy of the state, the effects so far, and tokens still moving. */
export class Run {
  readonly effects: Effect[] = [];
  /** Ids of tokens that have arrived at an element and must enter it, first come first served. */
  readonly agenda: string[] = [];

  constructor(
    readonly definition: ProcessDefinition,
    readonly state: InstanceState,
    readonly context: StepContext,
  ) {}

  get now(): string {
    return this.context.now.toISOString();
  }

  /** A new id, unique in the instance and the same on every replay: `<prefix><counter>`. */
  nextId(prefix: string): string {
    this.state.counter += 1;
    return `${prefix}${this.state.counter}`;
  }

  element(id: string): ElementDef {
    return this.definition.elements[id];
  }

  token(id: string): TokenState | undefined {
    return this.state.tokens.find((token) => token.id === id);
  }

  scope(id: string): ScopeState | undefined {
    return this.state.scopes.find((scope) => scope.id === id);
  }

  emit(effect: Effect): void {
    this.effects.push(effect);
  }

  get isActive(): boolean {
    return this.state.status === 'active';
  }
}
