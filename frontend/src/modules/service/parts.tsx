import { Badge, Text } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';

import { useTick } from './clock';
import { ServiceMembersDocument, ServiceProductsDocument } from './operations';
import { formatDuration, slaState, targetState, type DurationUnits, type SlaTicket } from './sla';
import { StatusBadge as ToneBadge, type Tone } from '../../components/StatusBadge';

export const STATUSES = ['NEW', 'ASSIGNED', 'IN_PROGRESS', 'WAITING_ON_CUSTOMER', 'RESOLVED', 'CLOSED', 'ARCHIVED'] as const;
export const PRIORITIES = ['LOW', 'NORMAL', 'HIGH', 'URGENT'] as const;
export const KINDS = ['CASE', 'SERVICE_REQUEST', 'COMPLAINT'] as const;
export const CHANNELS = ['EMAIL', 'PHONE', 'WEB', 'CHAT', 'SOCIAL', 'IN_PERSON'] as const;

/** A User's global id from a member's user id (what assignee fields hold). */
export const userNodeId = (userId: number) => btoa(`User:${userId}`);

const PRIORITY_TONE: Record<string, Tone> = { LOW: 'neutral', NORMAL: 'info', HIGH: 'warning', URGENT: 'negative' };

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation('service');
  return (
    <Badge variant="default" tt="none" data-testid="ticket-status">
      {t(`status.${status}`)}
    </Badge>
  );
}

export function PriorityBadge({ priority }: { priority: string }) {
  const { t } = useTranslation('service');
  return (
    <ToneBadge variant="outline" tone={PRIORITY_TONE[priority] ?? 'neutral'} tt="none">
      {t(`priority.${priority}`)}
    </ToneBadge>
  );
}

/** The red flag of a ticket late on a target. */
export function BreachFlag() {
  const { t } = useTranslation('service');
  return (
    <ToneBadge tone="negative" tt="none" data-testid="breach-flag">
      {t('sla.breached')}
    </ToneBadge>
  );
}

function useUnits(): DurationUnits {
  const { t } = useTranslation('service');
  return { d: t('units.d'), h: t('units.h'), m: t('units.m'), s: t('units.s') };
}

/** A queue row's SLA: the running target's time left (or overdue), ticking, and the breach flag. */
export function SlaCell({ ticket, offset }: { ticket: SlaTicket; offset: number }) {
  const { t } = useTranslation('service');
  const units = useUnits();
  const now = useTick() + offset;
  const state = slaState(ticket, now);
  const running =
    state.remainingMs === null
      ? null
      : state.remainingMs > 0
        ? t('sla.left', { time: formatDuration(state.remainingMs, units) })
        : t('sla.overdue', { time: formatDuration(state.remainingMs, units) });
  return (
    <div data-testid="sla-cell" data-breached={state.breached || undefined}>
      {state.target && running ? (
        <Text size="xs" role="timer" data-testid="sla-countdown" c={state.remainingMs! > 0 ? undefined : 'red.9'}>
          {t(`sla.${state.target}`)}: {running}
        </Text>
      ) : (
        !state.breached && (
          <Text size="xs" c="dimmed">
            {t('sla.none')}
          </Text>
        )
      )}
      {state.breached && <BreachFlag />}
    </div>
  );
}

/** One target of the ticket page (`target` names it): due time, and time left / overdue / met / missed. */
export function TargetLine({
  target,
  dueAt,
  doneAt,
  status,
  offset,
  formatDue,
}: {
  target: 'firstResponse' | 'resolution';
  dueAt: string | null | undefined;
  doneAt: string | null | undefined;
  status: string;
  offset: number;
  formatDue: (value: string) => string;
}) {
  const { t } = useTranslation('service');
  const units = useUnits();
  const now = useTick() + offset;
  const state = targetState(dueAt, doneAt, status, now);
  const words =
    state.kind === 'none'
      ? t('sla.none')
      : state.kind === 'running'
        ? state.remainingMs > 0
          ? t('sla.left', { time: formatDuration(state.remainingMs, units) })
          : t('sla.overdue', { time: formatDuration(state.remainingMs, units) })
        : t(`sla.${state.kind}`);
  const late = state.kind === 'missed' || (state.kind === 'running' && state.remainingMs <= 0);
  // The target's name is the label of the field this shows in ("First response"): not said a second time.
  return (
    <Text size="sm" data-testid={`sla-${target}`} role={state.kind === 'running' ? 'timer' : undefined} c={late ? 'red.9' : undefined}>
      {dueAt ? `${formatDue(dueAt)} · ` : ''}
      <Text span fw={600} inherit>
        {words}
      </Text>
    </Text>
  );
}

export interface MemberChoice {
  value: string;
  label: string;
}

/** The workspace's active members, as choices of User ids (assignees). */
/** The catalogue's products to choose a ticket's from (the first hundred by name), with the ticket's own. */
export function useProducts(current?: { id: string; name: string } | null): MemberChoice[] {
  const [{ data }] = useQuery({ query: ServiceProductsDocument });
  return useMemo(() => {
    const listed = (data?.products.edges ?? []).map((e) => ({ value: e.node.id, label: e.node.name }));
    return current && !listed.some((p) => p.value === current.id) ? [{ value: current.id, label: current.name }, ...listed] : listed;
  }, [data, current]);
}

export function useMembers(): MemberChoice[] {
  const [{ data }] = useQuery({ query: ServiceMembersDocument });
  return useMemo(
    () =>
      (data?.users.edges ?? [])
        .filter((e) => e.node.isActive)
        .map((e) => ({ value: userNodeId(e.node.userId), label: e.node.fullName || e.node.email })),
    [data],
  );
}

/** The text of a refusal: the transport's error or the payload's first typed error. */
export function refusal(result: { error?: { message: string } | null }, errors: readonly { message: string; code: string }[] | undefined): string | null {
  if (result.error) return result.error.message;
  const first = errors?.[0];
  return first ? first.message : null;
}

/** The breach flag of a ticket page, appearing the second a target falls due. */
export function LiveBreachFlag({ ticket, offset }: { ticket: SlaTicket; offset: number }) {
  const now = useTick() + offset;
  return slaState(ticket, now).breached ? <BreachFlag /> : null;
}
