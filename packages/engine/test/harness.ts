import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  compileProcess,
  step,
  type Command,
  type CreateTaskEffect,
  type Effect,
  type InstanceState,
  type JsonValue,
  type ProcessDefinition,
  type StepContext,
  type StepResult,
} from '@pm/engine';

/** Test support: compiles fixtures beside the specs and drives one instance through `step`. */

export const FIXTURES = join(__dirname, 'fixtures');

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** Compiles a fixture that must be free of problems. */
export async function load(name: string): Promise<ProcessDefinition> {
  const { definition, problems } = await compileProcess(fixture(name));
  expect(problems).toEqual([]);
  if (!definition) throw new Error(`${name} did not compile`);
  return definition;
}

type Data = Record<string, JsonValue>;

export interface InstanceOptions {
  now?: string;
  settings?: Record<string, unknown>;
  project?: Record<string, unknown>;
}

/** One process instance, kept the way the server keeps it: state in, state and effects out. */
export class Instance {
  state: InstanceState | null = null;
  /** Every effect of every step so far, in order. */
  readonly effects: Effect[] = [];
  now: Date;
  settings: Record<string, unknown>;
  project: Record<string, unknown>;

  constructor(
    readonly definition: ProcessDefinition,
    options: InstanceOptions = {},
  ) {
    this.now = new Date(options.now ?? '2026-03-02T09:00:00+08:00');
    this.settings = options.settings ?? {};
    this.project = options.project ?? { amount: 120, category: 'new', kind: 'project', year: 2026 };
  }

  get context(): StepContext {
    return { now: this.now, settings: this.settings, project: this.project };
  }

  attempt(command: Command): StepResult {
    return step(this.definition, this.state, command, this.context);
  }

  /** Applies a command that must be accepted; returns the effects of this step. */
  send(command: Command): Effect[] {
    const result = this.attempt(command);
    if (!result.ok)
      throw new Error(`${command.type} rejected: ${result.rejection.code} ${result.rejection.message}`);
    this.state = result.state;
    this.effects.push(...result.effects);
    return result.effects;
  }

  start(variables: Data = {}): Effect[] {
    return this.send({ type: 'start', variables });
  }

  get status(): InstanceState['status'] | undefined {
    return this.state?.status;
  }

  /** Tasks created and still waiting for completion. */
  openTasks(): CreateTaskEffect[] {
    const waiting = new Set(
      (this.state?.tokens ?? []).flatMap((token) => (token.wait.kind === 'task' ? [token.wait.taskRef] : [])),
    );
    return this.effects.filter(
      (effect): effect is CreateTaskEffect => effect.type === 'createTask' && waiting.has(effect.taskRef),
    );
  }

  openTaskIds(): string[] {
    return this.openTasks()
      .map((task) => task.elementId)
      .sort();
  }

  /** The one open task of `elementId`. */
  task(elementId: string): CreateTaskEffect {
    const tasks = this.openTasks().filter((task) => task.elementId === elementId);
    if (tasks.length !== 1) throw new Error(`expected one open task ${elementId}, found ${tasks.length}`);
    return tasks[0];
  }

  complete(elementId: string, outcome = 'submit', data: Data = {}, actor: string | null = null): Effect[] {
    return this.send({ type: 'completeTask', taskRef: this.task(elementId).taskRef, outcome, data, actor });
  }

  /** The pending timer of `elementId`. */
  timer(elementId: string): { ref: string; fireAt: string } {
    const timers = (this.state?.timers ?? []).filter((timer) => timer.elementId === elementId);
    if (timers.length !== 1) throw new Error(`expected one timer on ${elementId}, found ${timers.length}`);
    return timers[0];
  }

  /** Moves the clock to the timer's due time (if it is later) and fires it. */
  fire(elementId: string): Effect[] {
    const timer = this.timer(elementId);
    const due = new Date(timer.fireAt);
    if (due > this.now) this.now = due;
    return this.send({ type: 'fireTimer', timerRef: timer.ref });
  }

  /** The ref of the service call or called process a token waits for at `elementId`. */
  waitingRef(elementId: string): string {
    const token = this.state?.tokens.find((candidate) => candidate.elementId === elementId);
    const wait = token?.wait;
    if (!wait || (wait.kind !== 'service' && wait.kind !== 'callActivity')) {
      throw new Error(`nothing waits for external work at ${elementId}`);
    }
    return wait.ref;
  }
}

export function effectTypes(effects: Effect[]): string[] {
  return effects.map((effect) => effect.type);
}

export function ofType<T extends Effect['type']>(
  effects: Effect[],
  type: T,
): Array<Extract<Effect, { type: T }>> {
  return effects.filter((effect): effect is Extract<Effect, { type: T }> => effect.type === type);
}
