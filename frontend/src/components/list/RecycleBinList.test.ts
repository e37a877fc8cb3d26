import { readFileSync } from 'node:fs';
import { buildSchema, print, validate } from 'graphql';
import { describe, expect, it } from 'vitest';

import { ContractRowFragment } from '../../modules/contracts/operations';
import { WarrantyRowFragment } from '../../modules/repairs/operations';
import { binOf } from './RecycleBinList';

const schema = buildSchema(readFileSync('schema/tenant.graphql', 'utf8'));

describe('binOf', () => {
  it("asks for a type's recycle bin as the server declares it, with the module's row fragment", () => {
    for (const bin of [binOf('Warranties', WarrantyRowFragment), binOf('Contracts', ContractRowFragment)]) {
      expect(validate(schema, bin.query)).toEqual([]);
    }
    const warranties = binOf('Warranties', WarrantyRowFragment);
    expect(print(warranties.query)).toContain('deletedWarranties(first: $first, after: $after, search: $search)');
    expect(print(warranties.query)).toContain('fragment WarrantyRow on Warranty');
    expect(binOf('Warranties', WarrantyRowFragment).query).toBe(warranties.query); // one document a type: urql's key
    const rows = { totalCount: 0, edges: [] };
    expect(warranties.pick({ deletedWarranties: rows })).toBe(rows);
  });
});
