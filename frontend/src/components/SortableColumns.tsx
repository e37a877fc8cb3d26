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
import type { KeyboardEvent, MouseEvent, ReactNode } from 'react';
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

/** A header's sort state and what a click does (shift adds the column as a further key). */
export interface HeaderSort {
  /** Null: the list is not sorted by this column. */
  direction: 'ascending' | 'descending' | null;
  /** 1-based position among several keys; shown when the list has more than one. */
  position?: number;
  onSort: (additive: boolean) => void;
  /** The button's accessible name, e.g. "Sort by Created". */
  label: string;
}

/** The clickable part of a sortable header: the label and an arrow (with its key number). */
export function SortButton({ text, sort }: { text: string; sort: HeaderSort }) {
  const arrow = sort.direction === 'ascending' ? '▲' : sort.direction === 'descending' ? '▼' : '';
  return (
    <UnstyledButton
      onClick={(e: MouseEvent) => sort.onSort(e.shiftKey)}
      onKeyDown={(e: KeyboardEvent) => {
        // Shift+Enter adds a key from the keyboard, as shift-click does.
        if (e.key === 'Enter' && e.shiftKey) {
          e.preventDefault();
          sort.onSort(true);
        }
      }}
      aria-label={sort.label}
      data-sort-button
      fw={600}
      fz="sm"
      style={{ whiteSpace: 'nowrap' }}
    >
      {text}
      <span aria-hidden="true" style={{ marginLeft: 4, fontSize: 10 }}>
        {arrow}
        {arrow && sort.position ? <sup>{sort.position}</sup> : null}
      </span>
    </UnstyledButton>
  );
}

export function SortableHeader({ id, label, moveLabel, sort }: { id: string; label: string; moveLabel: string; sort?: HeaderSort }) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id });
  return (
    <Table.Th
      ref={setNodeRef}
      data-column={id}
      aria-sort={sort?.direction ?? undefined}
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
        {sort ? <SortButton text={label} sort={sort} /> : label}
      </Group>
    </Table.Th>
  );
}
