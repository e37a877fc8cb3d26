import { describe, expect, it } from 'vitest';

import { filterCommands, groupCommands, type CommandItem } from './commands';

const item = (id: string, group: CommandItem['group'], label: string, keywords?: string[]): CommandItem => ({ id, group, label, keywords, run: () => {} });
const items = [
  item('a1', 'actions', 'New company', ['create']),
  item('a2', 'actions', 'New contact', ['create']),
  item('p1', 'pages', 'Companies', ['/customers/companies']),
  item('p2', 'pages', 'Settings › Roles'),
  item('r1', 'records', 'Acme Ltd'),
];

describe('command menu filter', () => {
  it('with no query shows pages and actions but no records', () => {
    expect(filterCommands(items, '  ').map((i) => i.id)).toEqual(['a1', 'a2', 'p1', 'p2']);
  });

  it('matches every typed word in the label or keywords, ignoring case', () => {
    expect(filterCommands(items, 'new COMP').map((i) => i.id)).toEqual(['a1', 'r1']);
    expect(filterCommands(items, 'create').map((i) => i.id)).toEqual(['a1', 'a2', 'r1']);
    expect(filterCommands(items, 'roles').map((i) => i.id)).toEqual(['p2', 'r1']);
  });

  it('keeps the records the search found for the query (the server matched them)', () => {
    expect(filterCommands(items, 'zzz').map((i) => i.id)).toEqual(['r1']);
  });

  it('groups actions, then pages, then records, leaving empty groups out', () => {
    expect(groupCommands(filterCommands(items, 'acme')).map((g) => [g.group, g.items.map((i) => i.id)])).toEqual([['records', ['r1']]]);
    expect(groupCommands(items).map((g) => g.group)).toEqual(['actions', 'pages', 'records']);
  });
});
