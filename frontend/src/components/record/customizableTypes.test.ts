import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import { CUSTOMIZABLE_TYPES } from './customFields';

describe('CUSTOMIZABLE_TYPES', () => {
  it('names every API type that has customFields, so Settings offers each', () => {
    const schema = readFileSync(resolve(__dirname, '../../../schema/tenant.graphql'), 'utf8');
    const types = [...schema.matchAll(/^type (\w+)[^{]*\{([^}]*)\}/gm)].filter(([, , body]) => /^\s+customFields: \[CustomFieldValue!\]!/m.test(body)).map(([, name]) => name);
    expect([...CUSTOMIZABLE_TYPES].sort()).toEqual(types.sort());
  });
});
