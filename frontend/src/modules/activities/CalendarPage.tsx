import { DndContext, KeyboardSensor, PointerSensor, useDraggable, useDroppable, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { Badge, Box, Button, Checkbox, Group, Paper, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';

import { ListError } from '../../components/list/ListError';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { toast } from '../access/common';
import { addDays, dayKey, monthGrid, shiftToDay, startOfDay, weekDays } from './dates';
import { CalendarDocument, RescheduleActivityDocument } from './operations';
import { useComplete, type Activity } from './parts';

interface Entry {
  startsAt: string;
  endsAt?: string | null;
  occurrence: number;
  activity: Activity;
}

/** One entry: the activity's own time can be dragged to another day and completed; later occurrences only show. */
function CalendarEntry({ entry, onChanged }: { entry: Entry; onChanged: () => void }) {
  const { t } = useTranslation('activities');
  const format = useFormat();
  const complete = useComplete(onChanged);
  const movable = entry.occurrence === 0 && entry.activity.status === 'OPEN';
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({ id: entry.activity.id, disabled: !movable, data: entry });
  const { activity } = entry;
  const style = transform ? { transform: `translate3d(${transform.x}px, ${transform.y}px, 0)`, zIndex: 10 } : undefined;
  return (
    <Paper
      ref={setNodeRef}
      withBorder
      p={4}
      radius="sm"
      style={{ ...style, opacity: isDragging ? 0.7 : 1, cursor: movable ? 'grab' : 'default', touchAction: 'none' }}
      data-testid="calendar-entry"
      data-subject={activity.subject}
      data-day={dayKey(new Date(entry.startsAt))}
      {...(movable ? { ...listeners, ...attributes } : {})}
    >
      <Group gap={4} wrap="nowrap" align="flex-start">
        {entry.occurrence === 0 && (
          <Checkbox
            size="xs"
            checked={activity.status === 'DONE'}
            disabled={activity.status !== 'OPEN'}
            onPointerDown={(e) => e.stopPropagation()}
            onKeyDown={(e) => e.stopPropagation()}
            onChange={() => complete(activity)}
            aria-label={t('item.complete', { subject: activity.subject })}
          />
        )}
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Text size="xs" fw={600} td={activity.status === 'DONE' ? 'line-through' : undefined} truncate>
            {activity.subject}
          </Text>
          <Text size="xs" c="dimmed">
            {format.date(entry.startsAt, { timeStyle: 'short' })}
            {entry.occurrence > 0 ? ` · ${t('calendar.repeats')}` : ''}
          </Text>
        </Stack>
      </Group>
    </Paper>
  );
}

function DayCell({ day, entries, dim, onChanged }: { day: Date; entries: Entry[]; dim: boolean; onChanged: () => void }) {
  const format = useFormat();
  const key = dayKey(day);
  const { setNodeRef, isOver } = useDroppable({ id: key });
  const today = key === dayKey(new Date());
  return (
    <Box
      ref={setNodeRef}
      data-testid={`day-${key}`}
      p={4}
      style={{
        minHeight: 96,
        border: '1px solid var(--mantine-color-default-border)',
        background: isOver ? 'var(--mantine-color-blue-light)' : undefined,
        opacity: dim ? 0.75 : 1,
      }}
    >
      <Group justify="space-between" mb={4}>
        <Text size="xs" fw={today ? 700 : 400} c={today ? 'blue.8' : undefined}>
          {format.date(day, { weekday: 'short', day: 'numeric', timeZone: undefined })}
        </Text>
        {today && <Badge size="xs">{/* today */}•</Badge>}
      </Group>
      <Stack gap={4}>
        {entries.map((entry) => (
          <CalendarEntry key={`${entry.activity.id}-${entry.occurrence}`} entry={entry} onChanged={onChanged} />
        ))}
      </Stack>
    </Box>
  );
}

/** /activities/calendar — a week or month of activities; drag an entry to another day to reschedule it. */
export function CalendarPage() {
  const { t } = useTranslation('activities');
  const format = useFormat();
  const [view, setView] = useState<'week' | 'month'>('week');
  const [anchor, setAnchor] = useState(() => startOfDay(new Date()));
  const days = useMemo(() => (view === 'week' ? weekDays(anchor) : monthGrid(anchor)), [view, anchor]);
  const variables = useMemo(() => ({ from: days[0].toISOString(), to: addDays(days[days.length - 1], 1).toISOString() }), [days]);
  const [{ data, error }, refetch] = useQuery({ query: CalendarDocument, variables });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  useLiveRecords(['Activity'], reload);
  const [, reschedule] = useMutation(RescheduleActivityDocument);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }), useSensor(KeyboardSensor));
  const byDay = useMemo(() => {
    const map = new Map<string, Entry[]>();
    for (const entry of (data?.calendar ?? []) as Entry[]) {
      const key = dayKey(new Date(entry.startsAt));
      map.set(key, [...(map.get(key) ?? []), entry]);
    }
    return map;
  }, [data]);

  const onDragEnd = async ({ active, over }: DragEndEvent) => {
    const entry = active.data.current as Entry | undefined;
    if (!entry || !over || over.id === dayKey(new Date(entry.startsAt))) return;
    const shift = shiftToDay(entry.startsAt, String(over.id));
    const moved = (iso?: string | null) => (iso ? new Date(new Date(iso).getTime() + shift).toISOString() : undefined);
    const { activity } = entry;
    const input = activity.startsAt ? { id: activity.id, startsAt: moved(activity.startsAt), endsAt: moved(activity.endsAt) } : { id: activity.id, dueAt: moved(activity.dueAt) };
    const result = await reschedule({ input });
    const errors = result.data?.updateActivity.errors ?? [];
    if (result.error || errors.length) toast({ message: errors[0]?.message ?? t('common:errors.generic'), color: 'red' });
    else toast({ message: t('item.moved', { day: format.date(new Date(`${String(over.id)}T12:00:00`), { dateStyle: 'medium', timeZone: undefined }) }) });
    reload();
  };

  const step = (direction: number) => setAnchor((a) => (view === 'week' ? addDays(a, 7 * direction) : new Date(a.getFullYear(), a.getMonth() + direction, 1)));
  const title = view === 'week' ? `${format.date(days[0], { dateStyle: 'medium', timeZone: undefined })} – ${format.date(days[6], { dateStyle: 'medium', timeZone: undefined })}` : format.date(anchor, { month: 'long', year: 'numeric', timeZone: undefined });
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          {t('calendar.title')}
        </Title>
        <Group gap="xs">
          <Button variant="default" onClick={() => step(-1)}>
            {t('calendar.previous')}
          </Button>
          <Button variant="default" onClick={() => setAnchor(startOfDay(new Date()))}>
            {t('calendar.today')}
          </Button>
          <Button variant="default" onClick={() => step(1)}>
            {t('calendar.next')}
          </Button>
          <SegmentedControl
            aria-label={t('calendar.view')}
            value={view}
            onChange={(v) => setView(v as 'week' | 'month')}
            data={[
              { value: 'week', label: t('calendar.week') },
              { value: 'month', label: t('calendar.month') },
            ]}
          />
        </Group>
      </Group>
      <Text size="sm" fw={600} data-testid="calendar-range">
        {title}
      </Text>
      <Text size="xs" c="dimmed">
        {t('calendar.dragHint')}
      </Text>
      <ListError error={error} onRetry={reload} />
      <DndContext sensors={sensors} onDragEnd={onDragEnd}>
        <SimpleGrid cols={7} spacing={0} data-testid="calendar-grid">
          {days.map((day) => (
            <DayCell key={dayKey(day)} day={day} dim={view === 'month' && day.getMonth() !== anchor.getMonth()} entries={byDay.get(dayKey(day)) ?? []} onChanged={reload} />
          ))}
        </SimpleGrid>
      </DndContext>
    </Stack>
  );
}
