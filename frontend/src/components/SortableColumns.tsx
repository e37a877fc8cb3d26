import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type DragEndEvent,
} from '@dnd-kit/core';
import {
  arrayMove,
  horizontalListSortingStrategy,
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { Group, Table, UnstyledButton } from '@mantine/core';
import type { ReactNode } from 'react';

/** `columns` moved from `from` to `to` (ids); unchanged when either is unknown. */
export function moveColumn(columns: string[], from: string, to: string): string[] {
  const a = columns.indexOf(from);
  const b = columns.indexOf(to);
  return a < 0 || b < 0 || a === b ? columns : arrayMove(columns, a, b);
}

/**
 * Table header cells that can be dragged into another order (dnd-kit): with the mouse or touch
 * on the grip, or from the keyboard (Tab to the grip, Space, arrows, Space), announced to screen
 * readers by dnd-kit's live region.
 */
export function SortableColumns({
  columns,
  onReorder,
  children,
}: {
  columns: string[];
  onReorder: (next: string[]) => void;
  children: ReactNode;
}) {
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (over) onReorder(moveColumn(columns, String(active.id), String(over.id)));
  };
  return (
    <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
      <SortableContext items={columns} strategy={horizontalListSortingStrategy}>
        {children}
      </SortableContext>
    </DndContext>
  );
}

export function SortableHeader({ id, label, moveLabel }: { id: string; label: string; moveLabel: string }) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id });
  return (
    <Table.Th
      ref={setNodeRef}
      data-column={id}
      style={{ transform: CSS.Translate.toString(transform), transition, opacity: isDragging ? 0.6 : undefined, whiteSpace: 'nowrap' }}
    >
      <Group gap={4} wrap="nowrap">
        <UnstyledButton
          ref={setActivatorNodeRef}
          {...attributes}
          {...listeners}
          aria-label={moveLabel}
          c="gray.7"
          style={{ cursor: 'grab', touchAction: 'none', lineHeight: 1 }}
        >
          <span aria-hidden="true">⠿</span>
        </UnstyledButton>
        {label}
      </Group>
    </Table.Th>
  );
}
