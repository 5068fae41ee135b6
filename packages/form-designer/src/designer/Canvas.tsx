import { useDraggable, useDroppable } from '@dnd-kit/core';
import { Button, Empty, Space, Tag, Tooltip } from 'antd';
import type { FieldChange } from '../model/compare';
import { componentLabel } from '../model/palette';
import { splitReactions } from '../model/rules';
import type { NodePath, SchemaNode } from '../model/schema-types';
import { childEntries, isContainer, pathKey } from '../model/tree';

export interface CanvasProps {
  schema: SchemaNode;
  selected: NodePath | undefined;
  onSelect(path: NodePath): void;
  onMove(path: NodePath, delta: -1 | 1): void;
  onRemove(path: NodePath): void;
  /** Node paths (joined by '/') with problems. */
  problemPaths: Set<string>;
  changes: Map<string, FieldChange>;
}

function DropZone({ parent, empty }: { parent: NodePath; empty: boolean }) {
  const { setNodeRef, isOver } = useDroppable({
    id: `into:${pathKey(parent)}`,
    data: { kind: 'into', path: parent },
  });
  return (
    <div ref={setNodeRef} className={`pm-fd-dropzone${isOver ? ' is-over' : ''}${empty ? ' is-empty' : ''}`}>
      {empty ? '将组件拖到这里' : ''}
    </div>
  );
}

function NodeBadges({ node, change, problem }: { node: SchemaNode; change?: FieldChange; problem: boolean }) {
  const { rules } = splitReactions(node);
  return (
    <Space size={4} wrap>
      {node.required === true && <Tag color="red">必填</Tag>}
      {node['x-read-only'] === true && <Tag>只读</Tag>}
      {rules.visible && <Tag color="purple">显示条件</Tag>}
      {rules.required && <Tag color="purple">必填条件</Tag>}
      {change === 'added' && <Tag color="green">本县新增</Tag>}
      {change === 'changed' && <Tag color="orange">本县修改</Tag>}
      {problem && <Tag color="error">有问题</Tag>}
    </Space>
  );
}

function CanvasNode({ path, node, ...props }: CanvasProps & { path: NodePath; node: SchemaNode }) {
  const id = pathKey(path);
  const drag = useDraggable({
    id: `node:${id}`,
    data: { kind: 'node', path, label: node.title ?? path.at(-1) },
  });
  const drop = useDroppable({ id: `before:${id}`, data: { kind: 'before', path } });
  const selected = props.selected !== undefined && pathKey(props.selected) === id;
  const key = path[path.length - 1];
  return (
    <div
      ref={drop.setNodeRef}
      className={`pm-fd-node${selected ? ' is-selected' : ''}${drop.isOver ? ' is-over' : ''}${drag.isDragging ? ' is-dragging' : ''}`}
      data-path={id}
    >
      <div
        ref={drag.setNodeRef}
        className="pm-fd-node-head"
        {...drag.listeners}
        {...drag.attributes}
        role="button"
        tabIndex={0}
        aria-pressed={selected}
        aria-label={`${node.title ?? key}（${componentLabel(node)}）`}
        onClick={(e) => {
          e.stopPropagation();
          props.onSelect(path);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') props.onSelect(path);
          else drag.listeners?.onKeyDown?.(e);
        }}
      >
        <span className="pm-fd-node-title">{node.title ?? <em>（无标题）</em>}</span>
        <span className="pm-fd-node-kind">
          {componentLabel(node)} · {key}
        </span>
        <NodeBadges node={node} change={props.changes.get(id)} problem={props.problemPaths.has(id)} />
        {selected && (
          <Space size={2} className="pm-fd-node-actions" onClick={(e) => e.stopPropagation()}>
            <Tooltip title="上移">
              <Button size="small" type="text" aria-label="上移" onClick={() => props.onMove(path, -1)}>
                ↑
              </Button>
            </Tooltip>
            <Tooltip title="下移">
              <Button size="small" type="text" aria-label="下移" onClick={() => props.onMove(path, 1)}>
                ↓
              </Button>
            </Tooltip>
            <Button size="small" type="text" danger aria-label="删除" onClick={() => props.onRemove(path)}>
              删除
            </Button>
          </Space>
        )}
      </div>
      {isContainer(node) && <NodeList {...props} parent={path} node={node} />}
    </div>
  );
}

function NodeList({ parent, node, ...props }: CanvasProps & { parent: NodePath; node: SchemaNode }) {
  const children = childEntries(node);
  return (
    <div className={parent.length === 0 ? 'pm-fd-root' : 'pm-fd-children'}>
      {children.map(([key, child]) => (
        <CanvasNode key={key} {...props} path={[...parent, key]} node={child} />
      ))}
      <DropZone parent={parent} empty={children.length === 0} />
    </div>
  );
}

/** The form as a tree of fields and layouts: select to edit, drag to reorder or to move into a layout. */
export function Canvas(props: CanvasProps) {
  return (
    <div className="pm-fd-canvas" aria-label="表单画布">
      {childEntries(props.schema).length === 0 && <Empty description="从左侧组件库拖入字段" />}
      <NodeList {...props} parent={[]} node={props.schema} />
    </div>
  );
}
