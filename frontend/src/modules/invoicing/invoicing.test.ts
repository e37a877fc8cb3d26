import { describe, expect, it } from 'vitest';

import { filterOf } from './InvoicesPage';
import { en, zhCN } from './translations';

describe('the invoices list', () => {
  it('asks for what the chips say', () => {
    expect(filterOf({ status: null, overdue: false, company: null })).toBeNull();
    expect(filterOf({ status: 'ISSUED', overdue: true, company: 'Q29tcGFueTox' })).toEqual({ status: { eq: 'ISSUED' }, overdue: true, company: { eq: 'Q29tcGFueTox' } });
  });

  it('has every string in both languages', () => {
    const keys = (o: object, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));
    expect(keys(zhCN).sort()).toEqual(keys(en).sort());
  });
});
