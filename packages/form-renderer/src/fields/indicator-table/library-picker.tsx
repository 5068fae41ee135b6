import { Input, Modal, Select, Space, Table } from 'antd';
import { useMemo, useState } from 'react';

/** One entry of a county's 指标库 (`$settings.indicatorLibrary`). */
export interface LibraryIndicator {
  level1: string;
  level2?: string;
  name?: string;
  level3?: string;
  operator?: string;
  unit?: string;
  target?: string | number;
}

const nameOf = (item: LibraryIndicator) => item.name ?? item.level3 ?? '';

interface Props {
  open: boolean;
  library: readonly LibraryIndicator[];
  onPick: (items: LibraryIndicator[]) => void;
  onClose: () => void;
}

/** Chooses indicators from the county's library; search by name, filter by 一级指标. */
export function LibraryPicker({ open, library, onPick, onClose }: Props) {
  const [query, setQuery] = useState('');
  const [level1, setLevel1] = useState<string | undefined>();
  const [selected, setSelected] = useState<number[]>([]);
  const levels = useMemo(() => [...new Set(library.map((i) => i.level1))], [library]);
  const rows = useMemo(
    () =>
      library
        .map((item, key) => ({ ...item, key }))
        .filter((item) => (!level1 || item.level1 === level1) && (!query || nameOf(item).includes(query))),
    [library, level1, query],
  );
  return (
    <Modal
      open={open}
      title="从指标库选择"
      width={880}
      okText={`添加所选（${selected.length}）`}
      cancelText="取消"
      okButtonProps={{ disabled: selected.length === 0 }}
      onOk={() => {
        onPick(selected.map((i) => library[i]!));
        setSelected([]);
      }}
      onCancel={onClose}
      destroyOnHidden
    >
      <Space style={{ marginBottom: 12 }}>
        <Select
          aria-label="按一级指标筛选"
          allowClear
          placeholder="一级指标"
          style={{ width: 160 }}
          value={level1}
          onChange={setLevel1}
          options={levels.map((l) => ({ value: l, label: l }))}
        />
        <Input.Search
          aria-label="搜索指标名称"
          placeholder="搜索指标名称"
          allowClear
          onSearch={setQuery}
          style={{ width: 260 }}
        />
      </Space>
      <Table
        size="small"
        rowKey="key"
        dataSource={rows}
        pagination={{ pageSize: 8, showSizeChanger: false }}
        rowSelection={{
          selectedRowKeys: selected,
          onChange: (keys) => setSelected(keys as number[]),
        }}
        columns={[
          { title: '一级指标', dataIndex: 'level1', width: 110 },
          { title: '二级指标', dataIndex: 'level2', width: 130 },
          { title: '三级指标', render: (_: unknown, item: LibraryIndicator) => nameOf(item) },
          { title: '指标性质', dataIndex: 'operator', width: 90 },
          { title: '参考值', dataIndex: 'target', width: 90 },
          { title: '单位', dataIndex: 'unit', width: 70 },
        ]}
      />
    </Modal>
  );
}

/** A library entry as a new table row, named after the table's own columns. */
export function rowFromLibrary(
  item: LibraryIndicator,
  fields: { level1: string; level2?: string; name?: string },
  columns: ReadonlySet<string>,
): Record<string, unknown> {
  const row: Record<string, unknown> = { [fields.level1]: item.level1 };
  if (fields.level2 && item.level2) row[fields.level2] = item.level2;
  if (fields.name) row[fields.name] = nameOf(item);
  for (const key of ['operator', 'unit'] as const)
    if (columns.has(key) && item[key] !== undefined) row[key] = item[key];
  if (columns.has('target') && item.target !== undefined) row.target = item.target;
  return row;
}
