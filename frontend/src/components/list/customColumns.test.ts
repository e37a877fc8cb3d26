import { describe, expect, it } from 'vitest';

import { customCellText, customFilter, customFiltersFrom, customOrder, exportColumns } from './customColumns';

const tier = { key: 'tier', label: 'Tier', type: 'PICKLIST', choices: ['gold', 'silver'], group: '', required: false };
const tags = { key: 'tags', label: 'Tags', type: 'MULTI_PICKLIST', choices: ['a', 'b'], group: '', required: false };
const vip = { key: 'vip', label: 'VIP', type: 'BOOLEAN', choices: [], group: '', required: false };

describe('custom columns', () => {
  it('sorts, filters and exports by custom fields', () => {
    expect(customOrder('customFields.tier', true)).toEqual({ customField: { key: 'tier', direction: 'DESC_NULLS_LAST' } });
    expect(customOrder('owner', false)).toBeNull();
    const filter = customFilter([tier, tags], { tier: 'gold', tags: 'a', gone: 'x' });
    expect(filter).toEqual({ customFields: [{ key: 'tier', eq: 'gold' }, { key: 'tags', eq: 'a' }] });
    expect(customFiltersFrom(filter)).toEqual({ tier: 'gold', tags: 'a' });
    expect(customFilter([tier], { tier: null })).toEqual({});
    expect(exportColumns(['owner', 'customFields.tier', 'tags'])).toEqual({ columns: 'owner,tags', customFields: 'tier' });
  });

  it('shows cell values as text', () => {
    expect(customCellText(tier, [{ key: 'tier', value: 'gold' }])).toBe('gold');
    expect(customCellText(tags, [{ key: 'tags', value: ['a', 'b'] }])).toBe('a, b');
    expect(customCellText(vip, [{ key: 'vip', value: true }], 'Ja', 'Nein')).toBe('Ja');
    expect(customCellText(tier, null)).toBe('');
  });
});
