import { describe, expect, it } from 'vitest';

import { moveLabelKey, offeredMoves } from './TicketPage';
import { ticketFilter } from './TicketsPage';
import { en, zhCN } from './translations';

describe('the moves a ticket page offers', () => {
  it('are the lifecycle’s, less “assigned” while nobody holds the ticket', () => {
    expect(offeredMoves(['ASSIGNED'], false)).toEqual([]);
    expect(offeredMoves(['ASSIGNED'], true)).toEqual(['ASSIGNED']);
    expect(offeredMoves(['WAITING_ON_CUSTOMER', 'RESOLVED'], true)).toEqual(['WAITING_ON_CUSTOMER', 'RESOLVED']);
  });
  it('name reopening as such', () => {
    expect(moveLabelKey('RESOLVED', 'IN_PROGRESS')).toBe('move.reopen');
    expect(moveLabelKey('WAITING_ON_CUSTOMER', 'IN_PROGRESS')).toBe('move.IN_PROGRESS');
  });
  it('have a label in both languages for every status', () => {
    for (const status of ['ASSIGNED', 'IN_PROGRESS', 'WAITING_ON_CUSTOMER', 'RESOLVED', 'CLOSED', 'ARCHIVED'] as const) {
      expect(en.move[status]).toBeTruthy();
      expect(zhCN.move[status]).toBeTruthy();
    }
  });
});

describe('the queue’s filter', () => {
  const none = { status: '', priority: '', assignee: '', breached: false };
  it('is null without filters', () => {
    expect(ticketFilter(none)).toBeNull();
  });
  it('asks for mine, the unassigned queue or one member', () => {
    expect(ticketFilter({ ...none, assignee: 'ME' })).toEqual({ mine: true });
    expect(ticketFilter({ ...none, assignee: 'UNASSIGNED' })).toEqual({ assignee: { isNull: true } });
    expect(ticketFilter({ ...none, assignee: 'VXNlcjo3' })).toEqual({ assignee: { eq: 'VXNlcjo3' } });
  });
  it('combines status, priority and breached', () => {
    expect(ticketFilter({ ...none, status: 'NEW', priority: 'URGENT', breached: true })).toEqual({
      status: { eq: 'NEW' },
      priority: { eq: 'URGENT' },
      breached: true,
    });
  });
});
