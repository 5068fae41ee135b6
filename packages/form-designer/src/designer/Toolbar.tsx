import { Badge, Button, Space, Tooltip } from 'antd';
import type { ReactNode } from 'react';

export interface ToolbarProps {
  canUndo: boolean;
  canRedo: boolean;
  onUndo(): void;
  onRedo(): void;
  problemCount: number;
  onShowProblems(): void;
  extra?: ReactNode;
}

export function Toolbar({
  canUndo,
  canRedo,
  onUndo,
  onRedo,
  problemCount,
  onShowProblems,
  extra,
}: ToolbarProps) {
  return (
    <div className="pm-fd-toolbar" role="toolbar" aria-label="表单设计工具栏">
      <Space>
        <Tooltip title="Ctrl+Z">
          <Button onClick={onUndo} disabled={!canUndo}>
            撤销
          </Button>
        </Tooltip>
        <Tooltip title="Ctrl+Y">
          <Button onClick={onRedo} disabled={!canRedo}>
            重做
          </Button>
        </Tooltip>
        <Badge count={problemCount} size="small">
          <Button danger={problemCount > 0} onClick={onShowProblems}>
            {problemCount > 0 ? '检查问题' : '检查通过'}
          </Button>
        </Badge>
      </Space>
      <Space>{extra}</Space>
    </div>
  );
}
