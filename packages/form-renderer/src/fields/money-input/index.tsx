import { connect, mapProps, mapReadPretty } from '@formily/react';
import { InputNumber, type InputNumberProps } from 'antd';

/** Amounts are kept in 万元 with up to four decimals (one yuan = 0.0001 万元). */
const format = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value)
    ? `${value.toLocaleString('zh-CN', { maximumFractionDigits: 4 })} 万元`
    : '—';

function MoneyInputBase(props: InputNumberProps<number>) {
  return <InputNumber<number> min={0} precision={4} addonAfter="万元" style={{ width: '100%' }} {...props} />;
}

function MoneyText({ value }: { value?: number }) {
  return <span className="pm-preview">{format(value)}</span>;
}

export const MoneyInput = connect(
  MoneyInputBase,
  mapProps({ readOnly: 'readOnly' }),
  mapReadPretty(MoneyText),
);
