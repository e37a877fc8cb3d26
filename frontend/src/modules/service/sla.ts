/**
 * SLA countdowns of a ticket, as pure functions (the page ticks them once a second).
 *
 * Due times and breaches are the server's (business hours, holidays and the desk's own clock are
 * counted there); the client only counts down to the due time it was given, against the desk's
 * time (`deskNow` of the last answer, carried forward by the device's clock).
 */

/** Statuses whose SLA clocks have stopped: nothing can breach any more. */
export const DONE_STATUSES = new Set(['RESOLVED', 'CLOSED', 'ARCHIVED']);

export interface SlaTicket {
  status: string;
  firstResponseDueAt?: string | null;
  resolutionDueAt?: string | null;
  firstRespondedAt?: string | null;
  resolvedAt?: string | null;
  firstResponseBreached: boolean;
  resolutionBreached: boolean;
}

export type SlaTarget = 'firstResponse' | 'resolution';

export interface SlaState {
  /** The target the ticket is counting down to now; null: no SLA applies, or its clocks stopped. */
  target: SlaTarget | null;
  dueAt: Date | null;
  /** Milliseconds until `dueAt` (negative: overdue); null without a target. */
  remainingMs: number | null;
  /** Late on some target: marked or reported by the server, or overdue by the desk's time now. */
  breached: boolean;
}

/** Where a ticket's SLA stands at `now` (the desk's time). */
export function slaState(ticket: SlaTicket, now: number): SlaState {
  const open = !DONE_STATUSES.has(ticket.status);
  let target: SlaTarget | null = null;
  let due: string | null | undefined = null;
  if (open && !ticket.firstRespondedAt && ticket.firstResponseDueAt) {
    target = 'firstResponse';
    due = ticket.firstResponseDueAt;
  } else if (open && !ticket.resolvedAt && ticket.resolutionDueAt) {
    target = 'resolution';
    due = ticket.resolutionDueAt;
  }
  const dueAt = due ? new Date(due) : null;
  const remainingMs = dueAt ? dueAt.getTime() - now : null;
  const breached = ticket.firstResponseBreached || ticket.resolutionBreached || (remainingMs !== null && remainingMs <= 0);
  return { target, dueAt, remainingMs, breached };
}

/** One target on its own (the ticket page shows both): time left, or overdue, or met / stopped. */
export function targetState(dueAt: string | null | undefined, doneAt: string | null | undefined, status: string, now: number) {
  if (!dueAt) return { kind: 'none' as const };
  const due = new Date(dueAt).getTime();
  if (doneAt) return { kind: new Date(doneAt).getTime() <= due ? ('met' as const) : ('missed' as const) };
  if (DONE_STATUSES.has(status)) return { kind: 'stopped' as const };
  return { kind: 'running' as const, remainingMs: due - now };
}

export interface DurationUnits {
  d: string;
  h: string;
  m: string;
  s: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A duration as a countdown reads it, its sign left out: days and hours past a day, hours and
 * minutes past an hour, minutes and seconds below (so the last hour visibly ticks).
 */
export function formatDuration(ms: number, units: DurationUnits): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(total / 86400);
  const hours = Math.floor((total % 86400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (days) return `${days}${units.d} ${hours}${units.h}`;
  if (hours) return `${hours}${units.h} ${pad(minutes)}${units.m}`;
  return `${minutes}${units.m} ${pad(seconds)}${units.s}`;
}

/**
 * How far the desk's clock is ahead of this device's: the server's `deskNow` against the device's
 * time when the answer arrived. Adding it to `Date.now()` gives the desk's time.
 */
export function deskOffset(deskNow: string | null | undefined, receivedAt: number): number {
  if (!deskNow) return 0;
  const desk = Date.parse(deskNow);
  return Number.isNaN(desk) ? 0 : desk - receivedAt;
}
