import { describe, expect, it } from 'vitest';

import { changedFields } from './ArticlePage';
import { articleFilter } from './ArticlesPage';
import { byCategory } from './HelpCenterPage';
import { helpLink, insertLine } from './TicketPage';
import { en, zhCN } from './translations';

describe('the knowledge base list', () => {
  it('asks the API for the chosen status and exact category only', () => {
    expect(articleFilter({ status: '', category: ' ' })).toBeNull();
    expect(articleFilter({ status: 'PUBLISHED', category: ' Billing ' })).toEqual({ status: { eq: 'PUBLISHED' }, category: { eq: 'Billing' } });
  });
});

describe('the article editor', () => {
  it('saves only what changed', () => {
    const saved = { title: 'A', category: 'B', body: 'C' };
    expect(changedFields(saved, saved)).toEqual({});
    expect(changedFields(saved, { ...saved, body: 'D' })).toEqual({ body: 'D' });
  });
});

describe('the help page', () => {
  it('groups articles by category, uncategorised last', () => {
    const groups = byCategory([
      { category: '', title: 'x' },
      { category: 'Billing', title: 'y' },
      { category: 'Account', title: 'z' },
      { category: 'Billing', title: 'w' },
    ]);
    expect(groups.map(([c, items]) => [c, items.map((i) => i.title)])).toEqual([
      ['Account', ['z']],
      ['Billing', ['y', 'w']],
      ['', ['x']],
    ]);
  });
});

describe('related articles on a ticket', () => {
  it('put the public link on a line of its own in the reply', () => {
    expect(helpLink('reset-password', 'https://acme.example.com')).toBe('https://acme.example.com/help/reset-password');
    expect(insertLine('', 'Reset: https://x/help/r')).toBe('Reset: https://x/help/r');
    expect(insertLine('Hello,\n\n', 'Reset: https://x/help/r')).toBe('Hello,\nReset: https://x/help/r');
  });
});

describe('strings', () => {
  it('exist in both languages for the new pages', () => {
    for (const key of Object.keys(en.kb) as (keyof typeof en.kb)[]) expect(zhCN.kb[key]).toBeTruthy();
    for (const key of Object.keys(en.csat) as (keyof typeof en.csat)[]) expect(zhCN.csat[key]).toBeTruthy();
    for (const key of Object.keys(en.settings) as (keyof typeof en.settings)[]) expect(zhCN.settings[key]).toBeTruthy();
  });
});
