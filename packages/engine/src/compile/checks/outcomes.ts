import { comparedOutcomes, feelSyntaxError } from '../../feel';
import type { CompileContext } from '../context';
import { describeOutcomes, outcomeSources } from '../outcome-sources';

/** Reports conditions comparing `outcome` with a value the task before them cannot produce. */
export function checkReferencedOutcomes(context: CompileContext): void {
  for (const flow of Object.values(context.flows)) {
    if (!flow.condition || feelSyntaxError(flow.condition)) continue;
    const compared = comparedOutcomes(flow.condition);
    if (compared.length === 0) continue;
    const { tasks, unknown } = outcomeSources(flow.source, context);
    if (unknown || tasks.length === 0) continue;
    const offered = new Set(tasks.flatMap((task) => task.outcomes.map((outcome) => outcome.id)));
    for (const value of compared.filter((candidate) => !offered.has(candidate))) {
      const offers = tasks
        .map((task) => `“${task.name ?? task.id}”提供 ${describeOutcomes(task)}`)
        .join('；');
      context.report(
        flow.id,
        'OUTCOME_NOT_OFFERED',
        `条件引用了办理结果“${value}”，但前面的任务没有这个结果：${offers}`,
      );
    }
  }
}
