import { describe, expect, it } from 'vitest';

import { chipIds, filterOf, linesOf, MINE, NO_FILTERS, withoutChip } from './logic';

describe('returns list filters', () => {
  it('become the API filter and chips', () => {
    const filters = { status: 'APPROVED', sort: 'REFUND', owner: MINE };
    expect(filterOf(filters, 'resolution')).toEqual({ status: { eq: 'APPROVED' }, resolution: { eq: 'REFUND' }, mine: true });
    expect(filterOf({ ...NO_FILTERS, sort: 'DAMAGE', owner: 'VXNlcjox' }, 'kind')).toEqual({ kind: { eq: 'DAMAGE' }, owner: { eq: 'VXNlcjox' } });
    expect(chipIds(filters)).toEqual(['status', 'sort', 'owner']);
    expect(chipIds(withoutChip(filters, 'sort'))).toEqual(['status', 'owner']);
  });

  it('send only the lines that come back', () => {
    expect(linesOf({ '1': '2', '2': '', '3': '0', '4': ' 1.5 ' })).toEqual([
      { orderLineId: '1', quantity: '2' },
      { orderLineId: '4', quantity: '1.5' },
    ]);
  });
});
