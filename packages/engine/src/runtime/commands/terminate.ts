import type { Command } from '../commands';
import { endInstance } from '../instance-end';
import type { Rejection } from '../result';
import type { Run } from '../run';

/** An administrator stops the instance: every open task, timer and called process is withdrawn. */
export function terminate(run: Run, command: Extract<Command, { type: 'terminate' }>): Rejection | null {
  endInstance(run, 'terminated', 'terminated');
  run.emit({ type: 'processTerminated', reason: command.reason });
  return null;
}
