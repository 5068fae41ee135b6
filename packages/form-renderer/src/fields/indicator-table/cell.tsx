import { isField } from '@formily/core';
import { observer, useField } from '@formily/react';
import type { ReactNode } from 'react';

/**
 * The table's cell decorator: no label (the column header is the label), the field's first error under the
 * widget. Lighter than FormItem, which measures its label for overflow: that cost, times every cell, is
 * what made a plain 200-row table slow.
 */
export const IndicatorCell = observer(({ children }: { children?: ReactNode }) => {
  const field = useField();
  const errors = isField(field) ? field.selfErrors : [];
  const required = isField(field) && field.required && field.editable;
  return (
    <div
      className={errors.length ? 'pm-cell pm-cell--error' : 'pm-cell'}
      data-required={required || undefined}
    >
      {children}
      {errors.length > 0 && (
        <div className="pm-cell__error" role="alert" title={errors[0]}>
          {errors[0]}
        </div>
      )}
    </div>
  );
});
