import { describe, expect, it } from 'vitest';

import { applyLayout, groupChoices, layoutFields, layoutTypes } from './layout';

const group = (id: string, ...fields: string[]) => ({ id, title: id, fields: fields.map((field) => ({ field, label: field, value: '' })) });

describe('applyLayout', () => {
  it('orders each group by the layout and leaves hidden fields off', () => {
    const groups = [group('main', 'name', 'phones', 'emails', 'title'), group('custom', 'customFields.a', 'customFields.b')];
    const laid = applyLayout(groups, {
      fields: [
        { field: 'emails', hidden: false },
        { field: 'phones', hidden: true },
        { field: 'customFields.b', hidden: false },
      ],
    });
    expect(laid.map((g) => g.fields.map((f) => f.field))).toEqual([
      ['emails', 'name', 'title'],
      ['customFields.b', 'customFields.a'],
    ]);
  });

  it('moves a field into the group the layout names (by id or title), or a new group after the page’s', () => {
    const groups = [group('main', 'name', 'phones', 'emails'), { ...group('system', 'createdAt', 'owner'), title: 'System' }];
    const laid = applyLayout(groups, {
      fields: [
        { field: 'owner', hidden: false, group: 'MAIN' },
        { field: 'name', hidden: false },
        { field: 'createdAt', hidden: false, group: 'system' },
        { field: 'emails', hidden: false, group: 'Reach' },
        { field: 'phones', hidden: true, group: 'Reach' },
      ],
    });
    expect(laid.map((g) => [g.id, g.title, g.fields.map((f) => f.field)])).toEqual([
      ['main', 'main', ['owner', 'name']],
      ['system', 'System', ['createdAt']],
      ['layout-reach', 'Reach', ['emails']],
    ]);
  });

  it('orders the groups by the names the layout gives (ids or titles), the rest after in page order', () => {
    const groups = [group('main', 'name'), { ...group('dates', 'createdAt'), title: 'When' }, group('system', 'owner'), group('custom', 'customFields.a')];
    const laid = applyLayout(groups, { fields: [], groups: ['system', ' when '] });
    expect(laid.map((g) => g.id)).toEqual(['system', 'dates', 'main', 'custom']);
  });

  it('keeps the page order without a layout', () => {
    const groups = [group('main', 'b', 'a')];
    expect(applyLayout(groups, { fields: [], groups: [] })).toBe(groups);
  });
});

describe('layoutTypes', () => {
  it('offers every customizable type that has a record page, nothing else', () => {
    expect(layoutTypes({ Company: '/customers/companies/', Warranty: '/repairs/warranties/', Product: '/catalog/products/' })).toEqual(['Company', 'Warranty']);
  });
});

describe('layoutFields', () => {
  it('offers the fields the page lays out, in page order, then the custom fields; only those the API takes', () => {
    const available = ['createdAt', 'updatedAt', 'title', 'amount', 'currency', 'owner', 'customFields.tier'];
    const page = [{ fields: ['title', 'amount', 'renamedAway'] }, { fields: ['owner', 'createdAt'] }];
    // The columns the page shows by hand or not at all (updatedAt, currency) are not offered: a layout would not move them.
    expect(layoutFields(available, page)).toEqual(['title', 'amount', 'owner', 'createdAt', 'customFields.tier']);
    expect(layoutFields(available, [])).toEqual(['customFields.tier']);
  });
});

describe('groupChoices', () => {
  it('lists the saved order, then the page’s groups, then the groups fields name, each once', () => {
    const page = [
      { id: 'details', title: 'Details' },
      { id: 'dates', title: 'Dates' },
    ];
    expect(groupChoices(['Dates', 'Forecast'], page, ['forecast ', 'Custom fields', 'DETAILS', ' '])).toEqual([
      { name: 'dates', label: 'Dates' },
      { name: 'Forecast', label: 'Forecast' },
      { name: 'details', label: 'Details' },
      { name: 'Custom fields', label: 'Custom fields' },
    ]);
  });
});
