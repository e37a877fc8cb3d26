import { describe, expect, it } from 'vitest';

import { handoffUrl, takeHandoff } from './handoff';

describe('signup hand-off', () => {
  it('carries the token in the fragment only', () => {
    const url = new URL(handoffUrl('http://acme.localhost:8000', 'a:b/c'));
    expect(url.pathname).toBe('/');
    expect(url.search).toBe('');
    expect(takeHandoff(url.hash)).toEqual({ token: 'a:b/c', rest: '' });
  });

  it('leaves other fragments alone', () => {
    expect(takeHandoff('#handoff=t&tab=2')).toEqual({ token: 't', rest: '#tab=2' });
    expect(takeHandoff('')).toEqual({ token: null, rest: '' });
  });
});
