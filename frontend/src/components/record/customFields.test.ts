import { describe, expect, it } from 'vitest';

import { apiValue, customFieldGroups, customFieldInput, editorText, type CustomFieldDef } from './customFields';

const defs: CustomFieldDef[] = [
  { key: 'tier', label: 'Tier', type: 'PICKLIST', choices: ['gold', 'silver'], group: 'Plan', required: true },
  { key: 'score', label: 'Score', type: 'NUMBER', choices: [], group: '', required: false },
  { key: 'vip', label: 'VIP', type: 'BOOLEAN', choices: [], group: 'Plan', required: false },
  { key: 'tags', label: 'Tags', type: 'MULTI_PICKLIST', choices: ['a', 'b'], group: '', required: false },
];

describe('custom fields on record pages', () => {
  it('groups the fields by their group, ungrouped ones under the title, with editors by type', () => {
    const groups = customFieldGroups(defs, [{ key: 'tier', value: 'gold' }, { key: 'vip', value: true }, { key: 'tags', value: ['a', 'b'] }], {
      title: 'More fields',
      yes: 'Yes',
      no: 'No',
    });
    expect(groups.map((g) => [g.title, g.fields.map((f) => f.field)])).toEqual([
      ['Plan', ['customFields.tier', 'customFields.vip']],
      ['More fields', ['customFields.score', 'customFields.tags']],
    ]);
    const [tier, vip] = groups[0].fields;
    expect(tier.label).toBe('Tier *');
    expect(tier.value).toBe('gold');
    expect(tier.editor).toEqual({ kind: 'select', options: [{ value: 'gold', label: 'gold' }, { value: 'silver', label: 'silver' }], clearable: true });
    expect(vip.display).toBe('Yes');
    expect(groups[1].fields[0].value).toBe('');
    expect(groups[1].fields[1].value).toBe('a, b');
  });

  it('turns an editor text into what the API takes, empty clearing the field', () => {
    expect(apiValue('NUMBER', '42')).toBe(42);
    expect(apiValue('BOOLEAN', 'false')).toBe(false);
    expect(apiValue('MULTI_PICKLIST', 'a, b')).toEqual(['a', 'b']);
    expect(apiValue('MONEY', '12.50 EUR')).toEqual({ amount: '12.50', currency: 'EUR' });
    expect(apiValue('TEXT', '  ')).toBeNull();
    expect(editorText('MONEY', { amount: '12.50', currency: 'EUR' })).toBe('12.50 EUR');
    expect(customFieldInput(defs, 'customFields.score', '7')).toEqual({ customFields: [{ key: 'score', value: 7 }] });
  });
});
