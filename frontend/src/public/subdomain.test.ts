import { describe, expect, it } from 'vitest';

import { suggestSubdomain, workspaceHost } from './subdomain';

describe('workspace address', () => {
  it('is suggested from the company name', () => {
    expect(suggestSubdomain('Acme Trading Co.')).toBe('acme-trading-co');
    expect(suggestSubdomain('  Café Zürich  ')).toBe('cafe-zurich');
    expect(suggestSubdomain('北京科技')).toBe('');
  });

  it('is shown with the port when there is one', () => {
    expect(workspaceHost('acme', 'localhost', '8000')).toBe('acme.localhost:8000');
    expect(workspaceHost('acme', 'example.com', '')).toBe('acme.example.com');
  });
});
