import { describe, expect, it } from 'vitest';

import { applyLayout, layoutTypes } from './layout';

const group = (id: string, ...fields: string[]) => ({ id, title: id, fields: fields.map((field) => ({ field, label: field, value: '' })) });

describe('applyLayout', () => {
  it('orders each group by the layout and leaves hidden fields off', () => {
    const groups = [group('main', 'name', 'phones', 'emails', 'title'), group('custom', 'customFields.a', 'customFields.b')];
    const laid = applyLayout(groups, [
      { field: 'emails', hidden: false },
      { field: 'phones', hidden: true },
      { field: 'customFields.b', hidden: false },
    ]);
    expect(laid.map((g) => g.fields.map((f) => f.field))).toEqual([
      ['emails', 'name', 'title'],
      ['customFields.b', 'customFields.a'],
    ]);
  });

  it('keeps the page order without a layout', () => {
    const groups = [group('main', 'b', 'a')];
    expect(applyLayout(groups, [])).toBe(groups);
  });
});

describe('layoutTypes', () => {
  it('offers every customizable type that has a record page, nothing else', () => {
    expect(layoutTypes({ Company: '/customers/companies/', Warranty: '/repairs/warranties/', Order: '/catalog/orders/' })).toEqual(['Company', 'Warranty']);
  });
});
