import { Space, Tag } from 'antd';
import type { StageView } from '../api/types';
import { STAGE_STATUS } from '../format';

/** The stages a project has reached, compactly: label and status (or the process's own 已批复). */
export function StageTags({ stages }: { stages: StageView[] }) {
  const reached = stages.filter((s) => s.status !== 'not-started');
  if (reached.length === 0) return <span className="pm-muted">尚未开始</span>;
  return (
    <Space size={[4, 4]} wrap>
      {reached.map((s) => (
        <Tag key={s.id} color={STAGE_STATUS[s.status]?.color}>
          {s.label}：{s.statusLabel ?? STAGE_STATUS[s.status]?.label ?? s.status}
        </Tag>
      ))}
    </Space>
  );
}
