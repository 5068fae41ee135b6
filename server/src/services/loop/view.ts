import { currentVersion, type ProjectTargets, type StageProgress } from './record';

type Values = Record<string, unknown>;

export interface LoopView {
  /** The 批复版本 in force and how many there were. */
  targetVersion: number;
  versions: number;
  overallGoal: string | null;
  totalFunds: number | null;
  indicators: {
    key: string;
    level1: string | null;
    level2: string | null;
    name: string;
    operator: string | null;
    target: string | number | null;
    unit: string | null;
    /** What each stage last reported for it (by progress key: actual, expected, deviationRate, score...). */
    progress: Record<string, Values>;
  }[];
  /** Per stage: round, when, against which version, and its own results (totalScore, grade...). */
  reports: Record<string, { round: string; reportedAt: Date; targetVersion: number | null; values: Values }>;
  /** What the results led to: 预算安排意见, 拨款 decisions. */
  consequence: { budget: unknown; funds: unknown } | null;
}

/** One view of the loop for the project page and the exports: targets → progress → score → consequence. */
export function loopView(project: {
  targets?: unknown;
  progress?: unknown;
  stages?: unknown;
  funds?: unknown;
}): LoopView | null {
  const targets = (project.targets ?? null) as ProjectTargets | null;
  const version = currentVersion(targets);
  if (!targets || !version) return null;
  const progress = (project.progress ?? {}) as Record<string, StageProgress>;
  const stages = (project.stages ?? {}) as Record<string, { result?: Values }>;
  const budget =
    stages['result-application']?.result?.budgetConsequence ??
    stages['self-evaluation']?.result?.budgetConsequence ??
    null;
  return {
    targetVersion: version.version,
    versions: targets.versions.length,
    overallGoal: version.overallGoal ?? null,
    totalFunds: version.totalFunds ?? null,
    indicators: version.indicators.map((indicator) => ({
      key: indicator.key,
      level1: indicator.level1 ?? null,
      level2: indicator.level2 ?? null,
      name: indicator.name,
      operator: indicator.operator ?? null,
      target: indicator.target ?? null,
      unit: indicator.unit ?? null,
      progress: Object.fromEntries(
        Object.entries(progress).flatMap(([stageId, report]) => {
          const row = report.indicators.find((r) => r.key === indicator.key);
          if (!row) return [];
          const { key: _key, name: _name, ...values } = row;
          return [[stageId, values]];
        }),
      ),
    })),
    reports: Object.fromEntries(
      Object.entries(progress).map(([stageId, report]) => [
        stageId,
        {
          round: report.round,
          reportedAt: report.reportedAt,
          targetVersion: report.targetVersion,
          values: report.values,
        },
      ]),
    ),
    consequence: budget === null && !project.funds ? null : { budget, funds: project.funds ?? null },
  };
}
