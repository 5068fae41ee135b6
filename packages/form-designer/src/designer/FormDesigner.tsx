import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import type { FormServices } from '@pm/form-renderer';
import { Tabs } from 'antd';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { problemNodePath, type FormProblem } from '../model/check-form';
import { compareWithBase } from '../model/compare';
import type { DesignedForm, NodePath } from '../model/schema-types';
import { childEntries, getNode, isContainer } from '../model/tree';
import { Canvas } from './Canvas';
import { dropTarget, innermost } from './drop';
import { JsonView } from './JsonView';
import { Palette } from './Palette';
import { Preview } from './Preview';
import { PropertiesPanel } from './PropertiesPanel';
import { SideBySide } from './SideBySide';
import { Toolbar } from './Toolbar';
import { useDesigner } from './use-designer';
import './designer.css';

export interface FormDesignerProps {
  /** The form being edited (for a county: the resolved form, base plus the county's patch). */
  initial: DesignedForm;
  /** The base form, shown beside the county's and used to mark what the county changed. */
  base?: DesignedForm;
  countyName?: string;
  example?: Record<string, unknown>;
  /** What expressions see in the preview (`$settings`, `$project`). */
  scope?: Record<string, unknown>;
  /** The county's setting keys: `$settings.<key>` references are checked against them. */
  settingKeys?: readonly string[];
  services?: FormServices;
  /** Told after every edit, with the form and what the checks found. */
  onChange?(form: DesignedForm, problems: FormProblem[]): void;
  /** Host buttons at the toolbar's end (save, publish). */
  actions?: ReactNode;
}

type TabKey = 'design' | 'preview' | 'compare' | 'json';

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/** Visual editor of a Formily form: palette, canvas, properties, preview, base comparison and JSON. */
export function FormDesigner(props: FormDesignerProps) {
  const designer = useDesigner(props.initial, props.settingKeys);
  const { form, problems, selected } = designer;
  const [tab, setTab] = useState<TabKey>('design');
  const [dragLabel, setDragLabel] = useState<string>();
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor),
  );
  const { onChange } = props;

  useEffect(() => onChange?.(form, problems), [form, problems, onChange]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || isTyping(e.target)) return;
      const key = e.key.toLowerCase();
      if (key === 'z' && !e.shiftKey) designer.undo();
      else if (key === 'y' || (key === 'z' && e.shiftKey)) designer.redo();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [designer]);

  const changes = useMemo(() => compareWithBase(form.schema, props.base?.schema), [form.schema, props.base]);
  const problemPaths = useMemo(
    () =>
      new Set(
        problems.map((p) => problemNodePath(p.pointer)?.join('/')).filter((p): p is string => Boolean(p)),
      ),
    [problems],
  );

  /** Clicking a palette item adds after the selected field, or into the selected layout. */
  const addByClick = (itemId: string) => {
    const node = selected && getNode(form.schema, selected);
    if (selected && node && isContainer(node) && node.type !== 'array') return designer.add(itemId, selected);
    if (selected && selected.length > 0) {
      const parent = selected.slice(0, -1);
      const siblings = childEntries(getNode(form.schema, parent) ?? {});
      return designer.add(
        itemId,
        parent,
        siblings.findIndex(([k]) => k === selected[selected.length - 1]) + 1,
      );
    }
    designer.add(itemId, []);
  };

  const onDragStart = (event: DragStartEvent) => setDragLabel(String(event.active.data.current?.label ?? ''));
  const onDragEnd = (event: DragEndEvent) => {
    setDragLabel(undefined);
    if (!event.over) return;
    const target = dropTarget(form.schema, String(event.over.id));
    const data = event.active.data.current as
      { kind: 'new'; itemId: string } | { kind: 'node'; path: NodePath } | undefined;
    if (!target || !data) return;
    if (data.kind === 'new') return designer.add(data.itemId, target.parent, target.index);
    const from = data.path;
    const sameParent = from.slice(0, -1).join('/') === target.parent.join('/');
    const fromIndex = childEntries(getNode(form.schema, from.slice(0, -1)) ?? {}).findIndex(
      ([k]) => k === from[from.length - 1],
    );
    designer.move(
      from,
      target.parent,
      sameParent && fromIndex < target.index ? target.index - 1 : target.index,
    );
  };

  const moveBy = (path: NodePath, delta: -1 | 1) => {
    const parent = path.slice(0, -1);
    const index = childEntries(getNode(form.schema, parent) ?? {}).findIndex(
      ([k]) => k === path[path.length - 1],
    );
    if (index + delta >= 0) designer.move(path, parent, index + delta);
  };

  const pickProblem = (p: FormProblem) => {
    const path = problemNodePath(p.pointer);
    if (path && path.length > 0) {
      designer.select(path);
      setTab('design');
    }
  };

  const design = (
    <DndContext
      sensors={sensors}
      collisionDetection={innermost}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={() => setDragLabel(undefined)}
    >
      <div className="pm-fd-design">
        <Palette onAdd={addByClick} />
        <Canvas
          schema={form.schema}
          selected={selected}
          onSelect={designer.select}
          onMove={moveBy}
          onRemove={designer.remove}
          problemPaths={problemPaths}
          changes={changes}
        />
        <PropertiesPanel
          schema={form.schema}
          path={selected}
          problems={problems}
          onUpdate={designer.update}
          onRename={designer.rename}
        />
      </div>
      <DragOverlay dropAnimation={null}>
        {dragLabel ? <div className="pm-fd-drag-overlay">{dragLabel}</div> : null}
      </DragOverlay>
    </DndContext>
  );

  return (
    <div className="pm-fd">
      <Toolbar
        canUndo={designer.canUndo}
        canRedo={designer.canRedo}
        onUndo={designer.undo}
        onRedo={designer.redo}
        problemCount={problems.length}
        onShowProblems={() => setTab('json')}
        extra={props.actions}
      />
      <Tabs
        destroyOnHidden
        activeKey={tab}
        onChange={(key) => setTab(key as TabKey)}
        items={[
          { key: 'design', label: '设计', children: design },
          {
            key: 'preview',
            label: '预览（示例数据）',
            children: (
              <Preview
                schema={form.schema}
                example={props.example}
                scope={props.scope}
                services={props.services}
              />
            ),
          },
          {
            key: 'compare',
            label: '对照基础表单',
            children: (
              <SideBySide
                base={props.base}
                form={form}
                countyName={props.countyName}
                example={props.example}
                scope={props.scope}
                services={props.services}
              />
            ),
          },
          {
            key: 'json',
            label: `JSON${problems.length ? `（${problems.length} 处问题）` : ''}`,
            children: (
              <JsonView
                form={form}
                problems={problems}
                onApply={designer.replace}
                onPickProblem={pickProblem}
              />
            ),
          },
        ]}
      />
    </div>
  );
}
