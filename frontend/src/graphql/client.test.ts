import { CombinedError } from 'urql';
import { describe, expect, it } from 'vitest';

import { failed } from './client';

const forbidden = { message: 'Your role does not allow this.', extensions: { code: 'FORBIDDEN' } };

describe('failed', () => {
  it('tells a failed answer from one with fields hidden by the role', () => {
    expect(failed(undefined, { contacts: [] })).toBe(false);
    expect(failed(new CombinedError({ graphQLErrors: [forbidden] }), { contacts: [] })).toBe(false);
    expect(failed(new CombinedError({ graphQLErrors: [forbidden] }), null)).toBe(true);
    expect(failed(new CombinedError({ graphQLErrors: [{ message: 'x', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }), {})).toBe(true);
    expect(failed(new CombinedError({ networkError: new Error('offline') }), { contacts: [] })).toBe(true);
  });
});
