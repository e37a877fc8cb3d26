/** A workspace address suggested from the company name: "Acme Trading Co." → "acme-trading-co". */
export function suggestSubdomain(companyName: string): string {
  return companyName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/** Where a workspace will live, for the hint under the field. */
export function workspaceHost(subdomain: string, baseDomain: string, port: string): string {
  return `${subdomain || '…'}.${baseDomain}${port && port !== '80' && port !== '443' ? `:${port}` : ''}`;
}
