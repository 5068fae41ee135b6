import { connect, mapReadPretty } from '@formily/react';
import { Select, type SelectProps } from 'antd';
import { useFormServices } from '../../services';

export interface OrgUnitSelectProps extends Omit<SelectProps, 'options'> {
  /** Only these kinds of unit (e.g. `["department"]` for 预算部门); all when absent. */
  kinds?: string[];
}

function OrgUnitSelectBase({ kinds, ...props }: OrgUnitSelectProps) {
  const units = useFormServices().orgUnits ?? [];
  const options = units
    .filter((u) => !kinds || kinds.includes(u.kind))
    .map((u) => ({ value: u.code, label: u.name }));
  return <Select showSearch optionFilterProp="label" placeholder="请选择单位" {...props} options={options} />;
}

function OrgUnitText({ value }: { value?: string | string[] }) {
  const units = useFormServices().orgUnits ?? [];
  const names = (Array.isArray(value) ? value : value ? [value] : []).map(
    (code) => units.find((u) => u.code === code)?.name ?? code,
  );
  return <span className="pm-preview">{names.length ? names.join('、') : '—'}</span>;
}

/** A county's org unit by code; the list comes from the host (GET /api/counties/:id/org-units). */
export const OrgUnitSelect = connect(OrgUnitSelectBase, mapReadPretty(OrgUnitText));
