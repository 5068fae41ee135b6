/**
 * Server-side validation of a 自评表 submission: the plain headless Formily walk (every cell a Formily
 * field, the reference semantics) against validateSubmission (large tables through the fast path), in the
 * same process, median of 5 after warm-up runs. Also checks that both give the same errors and values.
 * Each strategy is measured in its own block, so the fast path is not timed in the garbage the plain walk
 * leaves behind.
 *
 *   npm run bench -- form-validation [--rows=20,200,1000] [--runs=5]
 */
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

async function time(strategy: Strategy, data: Record<string, unknown>): Promise<[number, ValidationResult]> {
  const copy = structuredClone(data);
  const start = performance.now();
  const result = await validateSubmission(selfEvaluationForm, copy, { ...options, strategy });
  return [performance.now() - start, result];
}

/** Median of `runs` timings after `warmUp` untimed runs (the one equality run above warmed both already). */
async function measure(strategy: Strategy, data: Record<string, unknown>, warmUp: number): Promise<number> {
  for (let i = 0; i < warmUp; i++) await time(strategy, data);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push((await time(strategy, data))[0]);
  return median(samples);
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
    const plainMs = await measure('plain', data, rows >= 1000 ? 0 : 2);
    const fastMs = await measure('auto', data, 3);
    table.push({
      rows,
      'plain Formily walk (ms)': Number(plainMs.toFixed(1)),
      'validateSubmission (ms)': Number(fastMs.toFixed(1)),
      ratio: `${(plainMs / fastMs).toFixed(1)}×`,
      path: fast.strategy,
      errors: fast.errors.length,
      'same result': same ? 'yes' : 'NO',
    });
  }
  console.table(table);
  if (table.some((row) => row['same result'] !== 'yes')) process.exitCode = 1;
}

void main();
