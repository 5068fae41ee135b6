import { Alert, Empty, Space, Tag, Timeline, Typography } from 'antd';
import type { HistoryEntry, HistoryIntegrity } from '../api/types';
import { ACTION, formatTime } from '../format';
import { HIDDEN, integrityWarning } from './history-integrity';

const COLORS: Record<string, string> = { approve: 'green', submit: 'blue', return: 'red', reject: 'red' };
/** Who did what and when, with the outcome and the comment (a 退回 reason stays visible to the filler). */
export function HistoryTimeline({
  history,
  integrity,
}: {
  history: HistoryEntry[];
  integrity?: HistoryIntegrity;
}) {
  const shown = history.filter((h) => !HIDDEN.has(h.action));
  const warning = integrityWarning(history, integrity);
  const failed = new Map((integrity?.problems ?? []).map((p) => [p.eventId, p.what]));
  const timeline =
    shown.length === 0 ? (
      <Empty description="暂无办理记录" />
    ) : (
      <Timeline
        items={shown.map((h) => ({
          color: failed.has(h.id) ? 'red' : h.outcome ? (COLORS[h.outcome] ?? 'blue') : 'gray',
          children: (
            <div className="pm-history">
              <div>
                <Typography.Text strong>{h.taskName ?? ACTION[h.action] ?? h.action}</Typography.Text>
                {h.outcomeLabel && (
                  <Tag color={COLORS[h.outcome ?? ''] ?? 'blue'} style={{ marginLeft: 8 }}>
                    {h.outcomeLabel}
                  </Tag>
                )}
                {failed.has(h.id) && (
                  <Tag color="error" style={{ marginLeft: 8 }} data-testid="history-tampered">
                    {failed.get(h.id)}
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
  if (!warning) return timeline;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Alert type="error" showIcon message={warning} data-testid="history-integrity" />
      {timeline}
    </Space>
  );
}
