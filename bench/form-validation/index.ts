/**
 * Server-side validation of a 自评表 submission: the plain headless Formily walk (every cell a Formily
 * field, the reference semantics) against validateSubmission (large tables through the fast path), in the
 * same process, median of 5 after warm-up runs. Also checks that both give the same errors and values.
 * Each strategy is measured in its own block, so the fast path is not timed in the garbage the plain walk
 * leaves behind.
 *
 *   npm run bench -- form-validation [--rows=20,200,1000] [--runs=5]
 */
import os from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { validateSubmission, type ValidationResult } from '../../packages/form-core/src';
import {
  countySettings,
  generateSubmission,
  selfEvaluationForm,
} from '../../packages/form-core/test/fixtures/self-evaluation';

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [key, value = ''] = arg.replace(/^--/, '').split('=');
    return [key, value] as const;
  }),
);
const rowCounts = (args.get('rows') || '20,200,1000').split(',').map(Number);
const runs = Number(args.get('runs') || 5);
const options = { scope: { settings: countySettings } };

type Strategy = 'plain' | 'auto';

interface Timing {
  wall: number;
  /** CPU time of this process: on a machine shared with other work, wall time also counts waiting. */
  cpu: number;
}

async function time(strategy: Strategy, data: Record<string, unknown>): Promise<[Timing, ValidationResult]> {
  const copy = structuredClone(data);
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const result = await validateSubmission(selfEvaluationForm, copy, { ...options, strategy });
  const wall = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  return [{ wall, cpu: (cpu.user + cpu.system) / 1000 }, result];
}

/** Median of `runs` timings after `warmUp` untimed runs (the one equality run above warmed both already). */
async function measure(strategy: Strategy, data: Record<string, unknown>, warmUp: number): Promise<Timing> {
  for (let i = 0; i < warmUp; i++) await time(strategy, data);
  const samples: Timing[] = [];
  for (let i = 0; i < runs; i++) samples.push((await time(strategy, data))[0]);
  return { wall: median(samples.map((s) => s.wall)), cpu: median(samples.map((s) => s.cpu)) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

async function main(): Promise<void> {
  console.log(`自评表 submission validation, median of ${runs} after warm-up (node ${process.version})`);
  const table: Record<string, string | number>[] = [];
  for (const rows of rowCounts) {
    // A few mistakes per submission, so both paths produce errors and hide, show and recompute cells.
    const data = generateSubmission({ rows, seed: rows, mistakeRate: 0.05 });
    const [, plain] = await time('plain', data);
    const [, fast] = await time('auto', data);
    const same = isDeepStrictEqual(plain.errors, fast.errors) && isDeepStrictEqual(plain.values, fast.values);
    // The plain walk of 1,000 rows takes tens of seconds: the equality run above is its warm-up.
    const plainTime = await measure('plain', data, rows >= 1000 ? 0 : 2);
    const fastTime = await measure('auto', data, 3);
    table.push({
      rows,
      'plain Formily walk (ms)': Number(plainTime.wall.toFixed(1)),
      'validateSubmission (ms)': Number(fastTime.wall.toFixed(1)),
      ratio: `${(plainTime.wall / fastTime.wall).toFixed(1)}×`,
      'plain CPU (ms)': Math.round(plainTime.cpu),
      'validateSubmission CPU (ms)': Math.round(fastTime.cpu),
      path: fast.strategy,
      errors: fast.errors.length,
      'same result': same ? 'yes' : 'NO',
    });
  }
  console.table(table);
  console.log(
    `load average ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')} on ${os.cpus().length} CPUs`,
  );
  if (table.some((row) => row['same result'] !== 'yes')) process.exitCode = 1;
}

void main();
