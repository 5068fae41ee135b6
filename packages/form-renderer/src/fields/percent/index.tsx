import { connect, mapProps, mapReadPretty } from '@formily/react';
import { InputNumber, type InputNumberProps } from 'antd';

/** A rate in percent (0–100 by default; an execution rate may pass 100 when a schema sets its own maximum). */
function PercentBase(props: InputNumberProps<number>) {
  return (
    <InputNumber<number>
      min={0}
      max={100}
      precision={2}
      addonAfter="%"
      style={{ width: '100%' }}
      {...props}
    />
  );
}

function PercentText({ value }: { value?: number }) {
  return (
    <span className="pm-preview">
      {typeof value === 'number' && Number.isFinite(value) ? `${value}%` : '—'}
    </span>
  );
}

export const Percent = connect(PercentBase, mapProps({ readOnly: 'readOnly' }), mapReadPretty(PercentText));
