import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type DragCancelEvent,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
  type UniqueIdentifier,
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
import { useTranslation } from 'react-i18next';

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
  labelOf,
  onReorder,
  children,
}: {
  columns: string[];
  labelOf: (id: string) => string;
  onReorder: (next: string[]) => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const name = (id: UniqueIdentifier | undefined) => (id === undefined ? '' : labelOf(String(id)));
  // What screen readers hear while a column moves, in the interface's language.
  const accessibility = {
    screenReaderInstructions: { draggable: t('columnOrder.instructions') },
    announcements: {
      onDragStart: ({ active }: DragStartEvent) => t('columnOrder.pickedUp', { name: name(active.id) }),
      onDragOver: ({ active, over }: DragOverEvent) =>
        over ? t('columnOrder.over', { name: name(active.id), over: name(over.id) }) : undefined,
      onDragEnd: ({ active, over }: DragEndEvent) =>
        t(over ? 'columnOrder.dropped' : 'columnOrder.cancelled', { name: name(active.id), over: name(over?.id) }),
      onDragCancel: ({ active }: DragCancelEvent) => t('columnOrder.cancelled', { name: name(active.id) }),
    },
  };
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (over) onReorder(moveColumn(columns, String(active.id), String(over.id)));
  };
  return (
    <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd} accessibility={accessibility}>
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
