import { connect, mapReadPretty } from '@formily/react';
import { Tag } from 'antd';

export interface ScoreSummaryProps {
  value?: number;
  /** The grade the schema computes (e.g. `{{$values.grade}}`); shown beside the score. */
  grade?: string;
  /** Full marks (default 100). */
  max?: number;
}

const GRADE_COLORS: Record<string, string> = { 优: 'green', 良: 'blue', 中: 'orange', 差: 'red' };

/**
 * A computed total shown, never typed: the score and grade come from the schema's reactions (and are
 * recomputed by the server), so this component only displays them, in edit and read-pretty mode alike.
 */
function ScoreSummaryView({ value, grade, max = 100 }: ScoreSummaryProps) {
  const shown = typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  return (
    <div className="pm-score" role="status" aria-live="polite" data-testid="score-summary">
      <span className="pm-score__value">{shown ?? '—'}</span>
      <span className="pm-score__max"> / {max} 分</span>
      {grade && (
        <Tag color={GRADE_COLORS[grade] ?? 'default'} className="pm-score__grade">
          {grade}
        </Tag>
      )}
    </div>
  );
}

export const ScoreSummary = connect(ScoreSummaryView, mapReadPretty(ScoreSummaryView));
