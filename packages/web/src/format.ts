import dayjs from 'dayjs';

export const formatTime = (iso: string | null | undefined) =>
  iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—';
export const formatDate = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD') : '—');

export const STAGE_STATUS: Record<string, { label: string; color: string }> = {
  'not-started': { label: '未开始', color: 'default' },
  active: { label: '办理中', color: 'processing' },
  completed: { label: '已完成', color: 'success' },
  terminated: { label: '已终止', color: 'warning' },
  failed: { label: '异常', color: 'error' },
};

export const CATEGORY: Record<string, string> = { new: '新增', continuing: '延续', adjusted: '调整' };
export const KIND: Record<string, string> = { project: '项目支出', department: '部门整体支出' };

export const ACTION: Record<string, string> = {
  'instance.started': '发起流程',
  'instance.completed': '流程办结',
  'instance.terminated': '流程终止',
  'task.completed': '办理',
  'task.claimed': '签收',
  'task.unclaimed': '退回签收',
  'timer.fired': '定时触发',
  'task.transferred': '转办',
  'task.delegated': '委派',
  'task.delegation.resolved': '委派交回',
  'task.returned': '退回',
  'task.withdrawn': '撤回',
  'task.reminded': '催办',
};

export const money = (value: number) => `${value.toLocaleString('zh-CN', { maximumFractionDigits: 4 })} 万元`;
