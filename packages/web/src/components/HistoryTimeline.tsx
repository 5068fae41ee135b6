import { Empty, Tag, Timeline, Typography } from 'antd';
import type { HistoryEntry } from '../api/types';
import { ACTION, formatTime } from '../format';

const COLORS: Record<string, string> = { approve: 'green', submit: 'blue', return: 'red', reject: 'red' };

/** Who did what and when, with the outcome and the comment (a 退回 reason stays visible to the filler). */
export function HistoryTimeline({ history }: { history: HistoryEntry[] }) {
  const shown = history.filter((h) => h.action !== 'task.claimed' && h.action !== 'task.unclaimed');
  if (shown.length === 0) return <Empty description="暂无办理记录" />;
  return (
    <Timeline
      items={shown.map((h) => ({
        color: h.outcome ? (COLORS[h.outcome] ?? 'blue') : 'gray',
        children: (
          <div className="pm-history">
            <div>
              <Typography.Text strong>{h.taskName ?? ACTION[h.action] ?? h.action}</Typography.Text>
              {h.outcomeLabel && (
                <Tag color={COLORS[h.outcome ?? ''] ?? 'blue'} style={{ marginLeft: 8 }}>
                  {h.outcomeLabel}
                </Tag>
              )}
            </div>
            <div className="pm-muted">
              {h.actorName} · {formatTime(h.at)}
            </div>
            {h.comment && (
              <div className="pm-history__comment" data-testid="history-comment">
                意见：{h.comment}
              </div>
            )}
          </div>
        ),
      }))}
    />
  );
}
