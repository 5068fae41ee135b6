import type { ArrayField } from '@formily/core';
import { onFieldInputValueChange } from '@formily/core';
import {
  RecursionField,
  observer,
  useExpressionScope,
  useField,
  useFieldSchema,
  useFormEffects,
} from '@formily/react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Alert, Button, Space } from 'antd';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useFormServices } from '../../services';
import { IndicatorCell } from './cell';
import { LibraryPicker, rowFromLibrary, type LibraryIndicator } from './library-picker';
import { groupRows, rowsWithErrors, type GroupHeader, type IndicatorRow, type TableItem } from './rows';
import { cellSchemas, coerceTo, pickColumn, type Column } from './schema';
import './style.css';

export interface IndicatorTableProps {
  /** Column names of 一级/二级/三级指标; found by name (`level1`, `level2`, `name` or `level3`) when absent. */
  level1Field?: string;
  level2Field?: string;
  nameField?: string;
  /** A numeric column summed per 一级指标 (default `score` when present, else `points`). */
  subtotalField?: string;
  /** The county's 指标库; default `$settings.indicatorLibrary`. */
  library?: LibraryIndicator[];
  /** Height of the scrolling area in pixels. */
  height?: number;
}

// Fixed heights (a cell's error line fits inside its row): measuring rows as they mount made the windowed
// list re-render itself several times on first paint.
const ROW_HEIGHT = 56;
const HEADER_HEIGHT = 34;

/**
 * 绩效指标 as a grouped, windowed table. Rows are grouped by 一级 then 二级指标, and only the rows in view
 * (plus a few) are mounted: a 200-row 自评表 mounts about fifteen rows of widgets instead of two hundred, and
 * every row stays one scroll (or one click on its group) away. Fields of rows scrolled out of view keep
 * their state and values; the server validates every row on submit and its errors come back per row.
 */
const IndicatorTableBase = observer((props: IndicatorTableProps) => {
  const field = useField<ArrayField>();
  const schema = useFieldSchema();
  const scope = useExpressionScope() as { $settings?: { indicatorLibrary?: LibraryIndicator[] } };
  const items = Array.isArray(schema.items) ? schema.items[0] : schema.items;
  const { row: rowSchema, columns } = useMemo(
    () => (items ? cellSchemas(items) : { row: undefined, columns: [] as Column[] }),
    [items],
  );
  const level1Field = props.level1Field ?? pickColumn(columns, ['level1']) ?? columns[0]?.name ?? 'level1';
  const level2Field = props.level2Field ?? pickColumn(columns, ['level2']);
  const nameField = props.nameField ?? pickColumn(columns, ['name', 'level3']);
  const subtotalField = props.subtotalField ?? pickColumn(columns, ['score', 'points']);
  const level1Order = useMemo(() => {
    const level1 = items?.properties?.[level1Field];
    return (level1?.enum as unknown[] | undefined)?.map((e) =>
      typeof e === 'object' && e ? String((e as { value: unknown }).value) : String(e),
    );
  }, [items, level1Field]);
  const library = props.library ?? scope.$settings?.indicatorLibrary ?? [];
  const { printing = false } = useFormServices();

  // Rules over the whole table (每个一级指标都要有, 分值合计) read every row, but Formily re-checks an array
  // field only when rows are added or removed; a changed cell must re-check them too.
  useFormEffects(() => {
    onFieldInputValueChange(`${field.address.toString()}.*.*`, () => {
      // As if the table itself were edited: Formily then checks the table's own rules (onInput), not every
      // cell of every row (field.validate() would flag the empty cells of rows nobody has reached yet).
      void field.onInput(field.value);
    });
  });

  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [picking, setPicking] = useState(false);
  const rows: IndicatorRow[] = Array.isArray(field.value) ? field.value : [];
  const list = groupRows(rows, { level1Field, level2Field, level1Order, collapsed });
  const editable = field.editable;

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: list.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (list[i]?.type === 'header' ? HEADER_HEIGHT : ROW_HEIGHT),
    overscan: 3,
    getItemKey: (i) => {
      const item = list[i]!;
      return item.type === 'header' ? `h:${item.header.key}` : `r:${item.index}`;
    },
  });

  const scrollToRow = useCallback(
    (index: number) => {
      const key = String(rows[index]?.[level1Field] ?? '');
      if (collapsed.has(key)) setCollapsed(new Set([...collapsed].filter((k) => k !== key)));
      // After the group opens the list changes; find the row on the next frame.
      requestAnimationFrame(() => {
        const flat = groupRows(rows, { level1Field, level2Field, level1Order });
        const at = flat.findIndex((item) => item.type === 'row' && item.index === index);
        if (at >= 0) virtualizer.scrollToIndex(at, { align: 'center' });
      });
    },
    [rows, collapsed, level1Field, level2Field, level1Order, virtualizer],
  );

  const addRows = (newRows: IndicatorRow[]) => {
    const start = rows.length;
    void field.push(...newRows).then(() => scrollToRow(start));
  };
  const emptyRow = (level1?: string): IndicatorRow =>
    level1 && level1 !== '（未选择）' ? { [level1Field]: level1 } : {};
  const columnSet = new Set(columns.map((c) => c.name));
  const typeOf = new Map(columns.map((c) => [c.name, c.type]));

  const serverErrors = rowsWithErrors(
    field.address.toString(),
    ((field.data as { serverErrorPaths?: string[] } | undefined)?.serverErrorPaths ?? []) as string[],
  );
  const template = `44px ${columns.map((c) => c.track).join(' ')}${editable ? ' 104px' : ''}`;

  return (
    <div className="pm-indicators" role="group" aria-label={String(field.title ?? '绩效指标')}>
      <div className="pm-indicators__toolbar">
        <Space wrap size={[8, 4]}>
          <span className="pm-indicators__count">共 {rows.length} 条指标</span>
          {list
            .filter(
              (i): i is Extract<TableItem, { type: 'header' }> =>
                i.type === 'header' && i.header.kind === 'level1',
            )
            .map(({ header }) => (
              <Button
                key={header.key}
                size="small"
                onClick={() => {
                  const at = list.findIndex((i) => i.type === 'header' && i.header.key === header.key);
                  virtualizer.scrollToIndex(at, { align: 'start' });
                }}
              >
                {header.label}（{header.count}）
              </Button>
            ))}
        </Space>
        {editable && (
          <Space>
            {library.length > 0 && <Button onClick={() => setPicking(true)}>从指标库选择</Button>}
            <Button type="primary" ghost onClick={() => addRows([emptyRow(level1Order?.[0])])}>
              添加指标
            </Button>
          </Space>
        )}
      </div>
      {serverErrors.size > 0 && (
        <Alert
          type="error"
          showIcon
          className="pm-indicators__errors"
          message={`有 ${serverErrors.size} 行指标需要修改`}
          description={
            <Space wrap size={[4, 4]}>
              {[...serverErrors.keys()]
                .sort((a, b) => a - b)
                .slice(0, 30)
                .map((index) => (
                  <Button key={index} size="small" danger onClick={() => scrollToRow(index)}>
                    第 {index + 1} 行
                  </Button>
                ))}
            </Space>
          }
        />
      )}
      <div
        ref={scrollRef}
        className="pm-indicators__scroll"
        style={{ maxHeight: printing ? undefined : (props.height ?? 440) }}
        tabIndex={-1}
      >
        <div className="pm-indicators__head" style={{ gridTemplateColumns: template }} role="row">
          <div role="columnheader">序号</div>
          {columns.map((c) => (
            <div key={c.name} role="columnheader">
              {c.title}
            </div>
          ))}
          {editable && <div role="columnheader">操作</div>}
        </div>
        {rows.length === 0 && (
          <div className="pm-indicators__empty">暂无指标，请点击「添加指标」或从指标库选择</div>
        )}
        <div style={printing ? undefined : { height: virtualizer.getTotalSize(), position: 'relative' }}>
          {(printing
            ? list.map((_, index) => ({ index, key: index, start: 0 }))
            : virtualizer.getVirtualItems()
          ).map((v) => {
            const item = list[v.index]!;
            return (
              <div
                key={v.key}
                data-index={v.index}
                className={printing ? 'pm-indicators__item pm-indicators__item--flow' : 'pm-indicators__item'}
                style={
                  printing
                    ? undefined
                    : {
                        transform: `translateY(${v.start}px)`,
                        height: item.type === 'header' ? HEADER_HEIGHT : ROW_HEIGHT,
                      }
                }
              >
                {item.type === 'header' ? (
                  <GroupHeaderRow
                    header={item.header}
                    rows={rows}
                    subtotalField={subtotalField}
                    level1Field={level1Field}
                    onToggle={() => {
                      const next = new Set(collapsed);
                      if (next.has(item.header.key)) next.delete(item.header.key);
                      else next.add(item.header.key);
                      setCollapsed(next);
                    }}
                    onAdd={editable ? () => addRows([emptyRow(item.header.key)]) : undefined}
                  />
                ) : (
                  <div
                    className={serverErrors.has(item.index) ? 'pm-row pm-row--error' : 'pm-row'}
                    style={{ gridTemplateColumns: template }}
                    role="row"
                    aria-label={`第 ${item.index + 1} 行指标`}
                  >
                    <div className="pm-row__seq">{item.index + 1}</div>
                    {rowSchema &&
                      columns.map((c) => (
                        <div key={c.name} className="pm-row__cell">
                          <RecursionField
                            schema={rowSchema}
                            name={item.index}
                            onlyRenderProperties
                            filterProperties={(s) => s.name === c.name}
                          />
                        </div>
                      ))}
                    {editable && (
                      <RowActions
                        index={item.index}
                        last={item.index === rows.length - 1}
                        onUp={() => void field.moveUp(item.index)}
                        onDown={() => void field.moveDown(item.index)}
                        onRemove={() => void field.remove(item.index)}
                      />
                    )}
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </div>
      <LibraryPicker
        open={picking}
        library={library}
        onClose={() => setPicking(false)}
        onPick={(picked) => {
          setPicking(false);
          addRows(
            picked.map((p) => {
              const row = rowFromLibrary(
                p,
                { level1: level1Field, level2: level2Field, name: nameField },
                columnSet,
              );
              return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, coerceTo(typeOf.get(k), v)]));
            }),
          );
        }}
      />
    </div>
  );
});

/** A group's header; an observer of its own, so a changed score repaints the subtotal and not the table. */
const GroupHeaderRow = observer(
  (props: {
    header: GroupHeader;
    rows: IndicatorRow[];
    level1Field: string;
    subtotalField?: string;
    onToggle: () => void;
    onAdd?: () => void;
  }) => {
    const { header } = props;
    let subtotal: number | undefined;
    if (header.kind === 'level1' && props.subtotalField) {
      subtotal = 0;
      for (const row of props.rows) {
        const value = row?.[props.subtotalField];
        if (String(row?.[props.level1Field] ?? '（未选择）') === header.key && typeof value === 'number')
          subtotal += value;
      }
      subtotal = Math.round(subtotal * 100) / 100;
    }
    if (header.kind === 'level2')
      return (
        <div className="pm-group pm-group--level2">
          {header.label}
          <span className="pm-group__count">{header.count} 条</span>
        </div>
      );
    return (
      <div className="pm-group pm-group--level1">
        <Button
          type="text"
          size="small"
          aria-expanded={!header.collapsed}
          onClick={props.onToggle}
          aria-label={`${header.collapsed ? '展开' : '收起'}${header.label}`}
        >
          {header.collapsed ? '▸' : '▾'} {header.label}
        </Button>
        <span className="pm-group__count">{header.count} 条</span>
        {subtotal !== undefined && <span className="pm-group__subtotal">小计 {subtotal}</span>}
        {props.onAdd && (
          <Button size="small" type="link" onClick={props.onAdd}>
            在此组添加
          </Button>
        )}
      </div>
    );
  },
);

/** Native titles, not antd Tooltips: three tooltip triggers per mounted row cost more than they give. */
function RowActions(props: {
  index: number;
  last: boolean;
  onUp: () => void;
  onDown: () => void;
  onRemove: () => void;
}) {
  const n = props.index + 1;
  return (
    <div className="pm-row__actions">
      <Button
        size="small"
        type="text"
        aria-label={`第 ${n} 行上移`}
        title="上移"
        disabled={props.index === 0}
        onClick={props.onUp}
      >
        ↑
      </Button>
      <Button
        size="small"
        type="text"
        aria-label={`第 ${n} 行下移`}
        title="下移"
        disabled={props.last}
        onClick={props.onDown}
      >
        ↓
      </Button>
      <Button
        size="small"
        type="text"
        danger
        aria-label={`删除第 ${n} 行`}
        title="删除"
        onClick={props.onRemove}
      >
        ✕
      </Button>
    </div>
  );
}

IndicatorTableBase.displayName = 'IndicatorTable';

/** `IndicatorTable.Cell` is the decorator each cell gets, so schemas can name it like ArrayTable.Column. */
export const IndicatorTable = Object.assign(IndicatorTableBase, { Cell: IndicatorCell });
