import { describe, expect, it } from 'vitest';

import { nextSort, orderByOf, sortFrom } from './sorting';
import { orderByWithCustom } from './useCustomColumns';

describe('header sorting', () => {
  it('cycles one column ascending, descending, unsorted on plain clicks', () => {
    const once = nextSort([], 'name', false);
    expect(once).toEqual([{ field: 'name', desc: false }]);
    const twice = nextSort(once, 'name', false);
    expect(twice).toEqual([{ field: 'name', desc: true }]);
    expect(nextSort(twice, 'name', false)).toEqual([]);
    // A plain click on another column replaces the keys.
    expect(nextSort(twice, 'createdAt', false)).toEqual([{ field: 'createdAt', desc: false }]);
  });

  it('adds, toggles and removes further keys with shift', () => {
    const two = nextSort([{ field: 'lifecycleStage', desc: false }], 'createdAt', true);
    expect(two).toEqual([
      { field: 'lifecycleStage', desc: false },
      { field: 'createdAt', desc: false },
    ]);
    const toggled = nextSort(two, 'createdAt', true);
    expect(toggled[1]).toEqual({ field: 'createdAt', desc: true });
    expect(nextSort(toggled, 'createdAt', true)).toEqual([{ field: 'lifecycleStage', desc: false }]);
    // A plain click leaves several keys for that column alone, ascending.
    expect(nextSort(toggled, 'createdAt', false)).toEqual([{ field: 'createdAt', desc: false }]);
  });

  it('speaks the API’s orderBy both ways', () => {
    const sort = [
      { field: 'lifecycleStage', desc: false },
      { field: 'createdAt', desc: true },
    ];
    expect(orderByOf(sort)).toEqual([{ lifecycleStage: 'ASC' }, { createdAt: 'DESC' }]);
    expect(sortFrom([{ lifecycleStage: 'ASC' }, { createdAt: 'DESC_NULLS_LAST' }])).toEqual(sort);
    expect(sortFrom(null)).toEqual([]);
  });

  it('reads a custom-field key of a saved ordering back as its column', () => {
    const saved = [{ customField: { key: 'tier', direction: 'DESC_NULLS_LAST' } }, { createdAt: 'ASC' }];
    expect(sortFrom(saved)).toEqual([
      { field: 'customFields.tier', desc: true },
      { field: 'createdAt', desc: false },
    ]);
    expect(orderByWithCustom(sortFrom(saved))).toEqual(saved.map((k) => ('customField' in k ? { customField: { ...k.customField } } : k)));
    expect(sortFrom([{ customField: { key: 'tier', direction: 'ASC_NULLS_LAST' } }])).toEqual([{ field: 'customFields.tier', desc: false }]);
    expect(sortFrom([{ customField: {} }])).toEqual([]);
  });
});
