import { describe, expect, it } from 'vitest';

import { chipIds, daysOf, filterOf, MINE, NO_FILTERS, withoutChip } from './logic';

describe('contracts list filters', () => {
  it('become the API filter', () => {
    expect(filterOf(NO_FILTERS)).toEqual({});
    expect(filterOf({ status: 'ACTIVE', owner: MINE, endingWithin: 30 })).toEqual({ status: { eq: 'ACTIVE' }, mine: true, endingWithinDays: 30 });
    expect(filterOf({ status: null, owner: 'VXNlcjox', endingWithin: 0 })).toEqual({ owner: { eq: 'VXNlcjox' }, endingWithinDays: 0 });
  });

  it('show as chips that can be removed one by one', () => {
    const filters = { status: 'DRAFT', owner: null, endingWithin: 90 };
    expect(chipIds(filters)).toEqual(['status', 'endingWithin']);
    expect(withoutChip(filters, 'endingWithin')).toEqual({ status: 'DRAFT', owner: null, endingWithin: null });
  });

  it('read a number of days, or nothing', () => {
    expect(daysOf(' 30 ')).toBe(30);
    expect(daysOf('')).toBeNull();
    expect(daysOf('-3')).toBeNull();
    expect(daysOf('2.5')).toBeNull();
  });
});
