import { describe, expect, it } from 'vitest';

import { orderByWithCustom } from './useCustomColumns';

describe('orderByWithCustom', () => {
  it('sorts custom columns by customField (empty values last) and built-in ones by name', () => {
    expect(orderByWithCustom([{ field: 'customFields.region', desc: true }, { field: 'title', desc: false }])).toEqual([
      { customField: { key: 'region', direction: 'DESC_NULLS_LAST' } },
      { title: 'ASC' },
    ]);
  });
});
