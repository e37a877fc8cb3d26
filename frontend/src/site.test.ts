import { describe, expect, it } from 'vitest';

import { detectSite } from './site';

function doc(meta?: string): Document {
  const d = document.implementation.createHTMLDocument('x');
  if (meta) {
    const m = d.createElement('meta');
    m.name = 'crm-site';
    m.content = meta;
    d.head.appendChild(m);
  }
  return d;
}

const at = (href: string) => new URL(href) as unknown as Location;

describe('detectSite', () => {
  it('believes the server', () => {
    const site = detectSite(doc('{"site":"tenant","baseDomain":"example.com","port":"","scheme":"https"}'), at('https://x.example.com/'));
    expect(site).toEqual({ site: 'tenant', baseDomain: 'example.com', port: '', scheme: 'https' });
  });

  it('falls back to the host name (Vite dev server)', () => {
    expect(detectSite(doc(), at('http://acme.localhost:5173/')).site).toBe('tenant');
    expect(detectSite(doc(), at('http://acme.localhost:5173/')).baseDomain).toBe('localhost');
    expect(detectSite(doc(), at('http://localhost:5173/')).site).toBe('public');
    expect(detectSite(doc(), at('http://127.0.0.1:5173/')).site).toBe('public');
  });
});
