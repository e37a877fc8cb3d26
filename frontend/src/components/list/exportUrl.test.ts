import { describe, expect, it } from 'vitest';

import { listExportUrl } from './exportUrl';

describe('listExportUrl', () => {
  it('asks for the list as shown: filter, order, search and the columns named', () => {
    const url = new URL(
      listExportUrl('deals', 'xlsx', { filter: { status: { eq: 'OPEN' } }, orderBy: [{ amount: 'DESC' }], search: 'acme' }, { columns: ['amount', 'stage'], language: 'zh-CN' }),
      'http://x',
    );
    expect(url.pathname).toBe('/exports/deals.xlsx');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      mode: 'active',
      filter: '{"status":{"eq":"OPEN"}}',
      columns: 'amount,stage',
      lang: 'zh-CN',
      orderBy: '[{"amount":"DESC"}]',
      search: 'acme',
    });
  });

  it('leaves out what the page does not set', () => {
    const url = new URL(listExportUrl('leads', 'csv', { filter: undefined, search: '' }, { columns: '', mode: 'pool', language: 'en' }), 'http://x');
    expect(Object.fromEntries(url.searchParams)).toEqual({ mode: 'pool', filter: '{}', lang: 'en' });
  });
});
