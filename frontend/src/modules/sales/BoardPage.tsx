import { DndContext, KeyboardSensor, PointerSensor, useDraggable, useDroppable, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { CSS } from '@dnd-kit/utilities';
import { Anchor, Badge, Button, Group, Loader, Modal, NativeSelect, Paper, ScrollArea, Stack, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { ListError } from '../../components/list/ListError';
import type { BoardDealFragment } from '../../gql/tenant/graphql';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { moneyList, moneyText } from '../../components/record/money';
import { MoveDealDocument, PipelineBoardDocument, PipelinesDocument } from './operations';

const PER_STAGE = 50;

/** /sales/board — the pipeline as a kanban board: drag a deal to another stage; sums per stage follow live. */
export function BoardPage() {
  const { t } = useTranslation('sales');
  const format = useFormat();
  const [pipelineId, setPipelineId] = useState<string | null>(null);
  const [{ data: pipelines }] = useQuery({ query: PipelinesDocument });
  const [{ data, fetching, error }, refetch] = useQuery({ query: PipelineBoardDocument, variables: { pipelineId, first: PER_STAGE } });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  // Another member's move (or this one's, from another tab) redraws the board and its sums.
  useLiveRecords(['Deal'], reload);
  const [, moveDeal] = useMutation(MoveDealDocument);
  const [losing, setLosing] = useState<{ dealId: string; stageId: string } | null>(null);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }), useSensor(KeyboardSensor));
  const board = data?.pipelineBoard;

  const move = async (dealId: string, stageId: string, lostReason?: string) => {
    const result = await moveDeal({ input: { id: dealId, stageId, lostReason } });
    const refused = result.error?.message ?? result.data?.moveDeal.errors[0]?.message;
    if (refused) notifications.show({ color: 'red', message: refused });
    reload();
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || !board) return;
    const dealId = String(active.id);
    const stageId = String(over.id);
    const from = active.data.current?.stageId as string | undefined;
    if (from === stageId) return;
    const target = board.columns.find((c) => c.stage.id === stageId)?.stage;
    if (target?.kind === 'LOST') setLosing({ dealId, stageId });
    else void move(dealId, stageId);
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('board.title')}
        </Title>
        <Group>
          {(pipelines?.pipelines.edges.length ?? 0) > 1 && (
            <NativeSelect
              aria-label={t('board.pipeline')}
              value={pipelineId ?? board?.pipeline.id ?? ''}
              onChange={(e) => setPipelineId(e.currentTarget.value)}
              data={(pipelines?.pipelines.edges ?? []).map((e) => ({ value: e.node.id, label: e.node.name }))}
            />
          )}
          <Anchor component={Link} to="/sales/deals">
            {t('board.asList')}
          </Anchor>
        </Group>
      </Group>
      <ListError error={error} onRetry={reload} />
      {fetching && !data && <Loader role="status" aria-label="…" />}
      {board && (
        <DndContext sensors={sensors} onDragEnd={onDragEnd}>
          <ScrollArea type="auto">
            <Group align="flex-start" wrap="nowrap" gap="sm" pb="sm">
              {board.columns.map((column) => (
                <StageColumn key={column.stage.id} stage={column.stage} count={column.count} sums={moneyList(format, column.sums)}>
                  {column.deals.map((deal) => (
                    <DealCard key={deal.id} deal={deal} stageId={column.stage.id} />
                  ))}
                  {column.count > column.deals.length && (
                    <Text size="xs" c="dimmed">
                      {t('board.more', { count: column.count - column.deals.length })}
                    </Text>
                  )}
                </StageColumn>
              ))}
            </Group>
          </ScrollArea>
        </DndContext>
      )}
      {losing && (
        <LostReasonDialog
          onClose={() => setLosing(null)}
          onConfirm={async (reason) => {
            await move(losing.dealId, losing.stageId, reason);
            setLosing(null);
          }}
        />
      )}
    </Stack>
  );
}

function StageColumn({ stage, count, sums, children }: { stage: { id: string; name: string; kind: string; probability: number }; count: number; sums: string; children: React.ReactNode }) {
  const { t } = useTranslation('sales');
  const { setNodeRef, isOver } = useDroppable({ id: stage.id });
  return (
    <Paper
      ref={setNodeRef}
      withBorder
      p="sm"
      radius="md"
      w={260}
      miw={260}
      bg={isOver ? 'blue.0' : 'gray.0'}
      data-testid={`stage-${stage.name}`}
      aria-label={t('board.column', { name: stage.name })}
      role="region"
    >
      <Stack gap="xs" mih={120}>
        <Group justify="space-between" wrap="nowrap">
          <Text fw={700} size="sm">
            {stage.name}
          </Text>
          <Badge variant="light" color={stage.kind === 'WON' ? 'green' : stage.kind === 'LOST' ? 'red' : 'blue'} data-testid="stage-count">
            {count}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed" data-testid="stage-sums">
          {sums}
        </Text>
        {children}
      </Stack>
    </Paper>
  );
}

function DealCard({ deal, stageId }: { deal: BoardDealFragment; stageId: string }) {
  const { t } = useTranslation('sales');
  const format = useFormat();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, isDragging } = useDraggable({ id: deal.id, data: { stageId } });
  // The card drags by mouse or touch anywhere on it; the keyboard (and screen readers) use the handle, a
  // button of its own beside the link: a button around a link would nest interactive controls.
  return (
    <Paper
      ref={setNodeRef}
      withBorder
      p="xs"
      radius="sm"
      shadow={isDragging ? 'md' : undefined}
      style={{ transform: CSS.Translate.toString(transform), cursor: 'grab', touchAction: 'none', zIndex: isDragging ? 10 : undefined, position: 'relative' }}
      data-testid="deal-card"
      onPointerDown={(event) => listeners?.onPointerDown?.(event)}
    >
      <Group gap={4} wrap="nowrap" align="flex-start">
        <UnstyledButton ref={setActivatorNodeRef} {...attributes} onKeyDown={(event) => listeners?.onKeyDown?.(event)} aria-label={t('board.card', { title: deal.title })} c="dimmed" fz="xs" lh={1.6}>
          ⠿
        </UnstyledButton>
        <Anchor component={Link} to={`/sales/deals/${encodeURIComponent(deal.id)}`} size="sm" fw={600} onPointerDown={(e) => e.stopPropagation()}>
          {deal.title}
        </Anchor>
      </Group>
      <Text size="xs">{moneyText(format, deal.amount)}</Text>
      <Text size="xs" c="dimmed">
        {[deal.company?.name, deal.owner?.fullName, `${deal.probability}%`].filter(Boolean).join(' · ')}
      </Text>
    </Paper>
  );
}

function LostReasonDialog({ onClose, onConfirm }: { onClose: () => void; onConfirm: (reason: string) => Promise<void> }) {
  const { t } = useTranslation('sales');
  const [reason, setReason] = useState('');
  return (
    <Modal opened onClose={onClose} title={t('board.lostTitle')}>
      <Stack>
        <TextInput label={t('fields.lostReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-autofocus required />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('board.cancel')}
          </Button>
          <Button color="red.8" disabled={!reason.trim()} onClick={() => onConfirm(reason.trim())}>
            {t('board.markLost')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
