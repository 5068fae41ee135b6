import { useDraggable } from '@dnd-kit/core';
import { Typography } from 'antd';
import { PALETTE, type PaletteItem } from '../model/palette';

function PaletteEntry({ item, onAdd }: { item: PaletteItem; onAdd: (id: string) => void }) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: `new:${item.id}`,
    data: { kind: 'new', itemId: item.id, label: item.label },
  });
  return (
    <button
      type="button"
      ref={setNodeRef}
      className={`pm-fd-palette-item${isDragging ? ' is-dragging' : ''}`}
      {...attributes}
      {...listeners}
      aria-label={`添加${item.label}`}
      title="拖到画布，或单击添加到所选位置"
      onClick={() => onAdd(item.id)}
    >
      {item.label}
    </button>
  );
}

/** The components a form may use, by group: drag one onto the canvas, or click to add it after the selection. */
export function Palette({ onAdd }: { onAdd: (itemId: string) => void }) {
  const groups = [...new Set(PALETTE.map((item) => item.group))];
  return (
    <nav className="pm-fd-palette" aria-label="组件库">
      {groups.map((group) => (
        <section key={group}>
          <Typography.Text type="secondary" className="pm-fd-palette-group">
            {group}
          </Typography.Text>
          <div className="pm-fd-palette-items">
            {PALETTE.filter((item) => item.group === group).map((item) => (
              <PaletteEntry key={item.id} item={item} onAdd={onAdd} />
            ))}
          </div>
        </section>
      ))}
    </nav>
  );
}
