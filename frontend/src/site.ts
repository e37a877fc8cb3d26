/** Which site this page is on: the public site (signup) or a tenant's workspace. */
export type SiteKind = 'public' | 'tenant';

export interface SiteInfo {
  site: SiteKind;
  baseDomain: string;
  port: string;
  scheme: string;
}

/**
 * Django writes `<meta name="crm-site" content="{...}">` into index.html. Without it (the Vite
 * dev server) the host name decides: `acme.localhost` is a tenant, `localhost` the public site.
 */
export function detectSite(doc: Document = document, location: Location = window.location): SiteInfo {
  const meta = doc.querySelector('meta[name="crm-site"]')?.getAttribute('content');
  if (meta) {
    try {
      return JSON.parse(meta) as SiteInfo;
    } catch {
      // fall through to the host name
    }
  }
  const host = location.hostname;
  const labels = host.split('.');
  const isTenant = host.endsWith('.localhost') || (labels.length > 2 && !/^\d+$/.test(labels[labels.length - 1]));
  return {
    site: isTenant ? 'tenant' : 'public',
    baseDomain: isTenant ? labels.slice(1).join('.') : host,
    port: location.port,
    scheme: location.protocol.replace(':', ''),
  };
}
