import { describe, expect, it } from 'vitest';

import { deskOffset, formatDuration, slaState, targetState } from './sla';

const EN = { d: 'd', h: 'h', m: 'm', s: 's' };
const ZH = { d: '天', h: '小时', m: '分', s: '秒' };
const at = (iso: string) => Date.parse(iso);
const open = {
  status: 'ASSIGNED',
  firstResponseDueAt: '2030-01-07T10:00:00Z',
  resolutionDueAt: '2030-01-08T10:00:00Z',
  firstRespondedAt: null,
  resolvedAt: null,
  firstResponseBreached: false,
  resolutionBreached: false,
};

describe('slaState', () => {
  it('counts down to the first response until the first reply, then to the resolution', () => {
    const before = slaState(open, at('2030-01-07T09:30:00Z'));
    expect(before).toMatchObject({ target: 'firstResponse', remainingMs: 30 * 60_000, breached: false });
    const answered = slaState({ ...open, firstRespondedAt: '2030-01-07T09:40:00Z' }, at('2030-01-07T11:00:00Z'));
    expect(answered).toMatchObject({ target: 'resolution', remainingMs: 23 * 3600_000, breached: false });
  });

  it('is breached when overdue by the desk’s time, before the server marks it', () => {
    const late = slaState(open, at('2030-01-07T10:00:01Z'));
    expect(late.breached).toBe(true);
    expect(late.remainingMs).toBe(-1000);
  });

  it('keeps the server’s breach flag even when the clock stopped', () => {
    const done = slaState({ ...open, status: 'RESOLVED', resolutionBreached: true }, at('2030-01-01T00:00:00Z'));
    expect(done).toMatchObject({ target: null, remainingMs: null, breached: true });
  });

  it('has no countdown without a policy', () => {
    const none = slaState({ ...open, firstResponseDueAt: null, resolutionDueAt: null }, at('2030-01-07T09:00:00Z'));
    expect(none).toEqual({ target: null, dueAt: null, remainingMs: null, breached: false });
  });
});

describe('targetState', () => {
  it('says met, missed, stopped or running', () => {
    expect(targetState(null, null, 'NEW', 0)).toEqual({ kind: 'none' });
    expect(targetState('2030-01-07T10:00:00Z', '2030-01-07T09:00:00Z', 'IN_PROGRESS', 0)).toEqual({ kind: 'met' });
    expect(targetState('2030-01-07T10:00:00Z', '2030-01-07T11:00:00Z', 'IN_PROGRESS', 0)).toEqual({ kind: 'missed' });
    expect(targetState('2030-01-07T10:00:00Z', null, 'CLOSED', 0)).toEqual({ kind: 'stopped' });
    expect(targetState('2030-01-07T10:00:00Z', null, 'NEW', at('2030-01-07T09:59:00Z'))).toEqual({ kind: 'running', remainingMs: 60_000 });
  });
});

describe('formatDuration', () => {
  it('shows minutes and seconds within the hour, so the countdown visibly ticks', () => {
    expect(formatDuration(4 * 60_000 + 9_000, EN)).toBe('4m 09s');
    expect(formatDuration(999, EN)).toBe('0m 00s');
  });
  it('shows hours and minutes within the day, days and hours beyond', () => {
    expect(formatDuration(3600_000 + 5 * 60_000 + 59_000, EN)).toBe('1h 05m');
    expect(formatDuration(2 * 86400_000 + 3 * 3600_000, EN)).toBe('2d 3h');
  });
  it('leaves the sign out (overdue is said in words) and speaks Chinese units', () => {
    expect(formatDuration(-(90 * 60_000), ZH)).toBe('1小时 30分');
  });
});

describe('deskOffset', () => {
  it('is how far the desk’s clock is ahead of the device', () => {
    expect(deskOffset('2030-01-07T10:30:00Z', at('2030-01-07T10:00:00Z'))).toBe(30 * 60_000);
    expect(deskOffset(null, 5)).toBe(0);
    expect(deskOffset('not a date', 5)).toBe(0);
  });
});
