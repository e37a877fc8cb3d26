import { describe, expect, it } from 'vitest';

import { allowanceProblem, amountText, chipIds, filterOf, hoursProblem, isoDay, leftOf, MINE, NO_FILTERS, usedPercent, withoutChip } from './logic';

describe('entitlement list filters', () => {
  it('become the API filter, "me" as mine', () => {
    expect(filterOf(NO_FILTERS)).toEqual({});
    expect(filterOf({ status: 'ACTIVE', kind: 'HOURS', owner: MINE, company: 'Q29tcGFueTox' })).toEqual({
      status: { eq: 'ACTIVE' },
      kind: { eq: 'HOURS' },
      mine: true,
      company: { eq: 'Q29tcGFueTox' },
    });
    expect(filterOf({ ...NO_FILTERS, owner: 'VXNlcjoy' })).toEqual({ owner: { eq: 'VXNlcjoy' } });
  });

  it('show as chips, each removable alone', () => {
    const filters = { ...NO_FILTERS, status: 'EXPIRED', kind: 'INCIDENTS' };
    expect(chipIds(filters)).toEqual(['status', 'kind']);
    expect(chipIds(withoutChip(filters, 'status'))).toEqual(['kind']);
  });
});

describe('what is left', () => {
  it('counts incidents and hours in their shortest form', () => {
    expect(leftOf({ kind: 'INCIDENTS', allowance: '10.00', used: '4.00', remaining: '6.00' })).toEqual({ key: 'left.INCIDENTS', count: 6, amount: '6' });
    expect(leftOf({ kind: 'HOURS', allowance: '40.00', used: '3.50', remaining: '36.50' })).toEqual({ key: 'left.HOURS', count: 36.5, amount: '36.5' });
    expect(leftOf({ kind: 'UNLIMITED', allowance: null, used: '12.00', remaining: null }).key).toBe('left.UNLIMITED');
    expect(amountText('0.10')).toBe('0.1');
    expect(amountText(null)).toBeNull();
  });

  it('is a share of the allowance, capped, none when unlimited', () => {
    expect(usedPercent({ kind: 'INCIDENTS', allowance: '10.00', used: '4.00' })).toBe(40);
    expect(usedPercent({ kind: 'HOURS', allowance: '3.00', used: '5.00' })).toBe(100);
    expect(usedPercent({ kind: 'UNLIMITED', allowance: null, used: '4.00' })).toBeNull();
  });
});

describe('form checks', () => {
  it('want a whole number of incidents, hours to 2 decimals, nothing when unlimited', () => {
    expect(allowanceProblem('INCIDENTS', '')).toBe('required');
    expect(allowanceProblem('INCIDENTS', '2.5')).toBe('whole');
    expect(allowanceProblem('INCIDENTS', '10')).toBeNull();
    expect(allowanceProblem('HOURS', '2.5')).toBeNull();
    expect(allowanceProblem('HOURS', '2.555')).toBe('invalid');
    expect(allowanceProblem('HOURS', '0')).toBe('invalid');
    expect(allowanceProblem('UNLIMITED', '')).toBeNull();
  });

  it('refuse hours that are not a positive amount or more than is left', () => {
    expect(hoursProblem('1.5', '36.50')).toBeNull();
    expect(hoursProblem('40', '36.50')).toBe('tooMany');
    expect(hoursProblem('-1', '36.50')).toBe('invalid');
    expect(hoursProblem('abc', null)).toBe('invalid');
  });

  it('write dates as the date inputs want them', () => {
    expect(isoDay(0, new Date(2026, 11, 31))).toBe('2026-12-31');
    expect(isoDay(1, new Date(2026, 11, 31))).toBe('2027-01-01');
  });
});
