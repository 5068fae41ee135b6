import { Spin } from 'antd';

/** A page still loading: a spinner in the content area (a fullscreen overlay greyed out the menu too). */
export function Loading({ tip = '正在加载…' }: { tip?: string }) {
  return (
    <div className="pm-loading" role="status" aria-live="polite">
      <Spin />
      <div className="pm-muted">{tip}</div>
    </div>
  );
}
