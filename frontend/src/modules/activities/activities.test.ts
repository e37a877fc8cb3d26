import { describe, expect, it } from 'vitest';

import { panelsFor } from '../../components/record/RecordPanels';
import { buildRegistry } from '../registry';
import { addDays, dayKey, monthGrid, moveToDay, shiftToDay, startOfWeek, weekDays } from './dates';
import { activitiesModule } from './index';
import { recordPath } from './parts';
import { en, zhCN } from './translations';

describe('calendar days', () => {
  it('starts weeks on Monday and shows six weeks in a month', () => {
    const wednesday = new Date(2027, 2, 3, 15, 30);
    expect(dayKey(startOfWeek(wednesday))).toBe('2027-03-01');
    expect(weekDays(wednesday).map(dayKey)).toEqual(['2027-03-01', '2027-03-02', '2027-03-03', '2027-03-04', '2027-03-05', '2027-03-06', '2027-03-07']);
    const grid = monthGrid(new Date(2027, 1, 14));
    expect(grid).toHaveLength(42);
    expect(dayKey(grid[0])).toBe('2027-02-01');
    expect(dayKey(addDays(grid[0], 41))).toBe('2027-03-14');
  });

  it('moves an entry to another day at the same local time', () => {
    const nine = new Date(2027, 2, 3, 9, 15).toISOString();
    expect(new Date(moveToDay(nine, '2027-03-05')).getDate()).toBe(5);
    expect(new Date(moveToDay(nine, '2027-03-05')).getHours()).toBe(9);
    expect(shiftToDay(nine, '2027-03-05')).toBe(2 * 24 * 3600 * 1000);
    expect(shiftToDay(nine, '2027-03-03')).toBe(0);
  });
});

describe('the task panel on record pages', () => {
  it('is declared for every record page, and reaches the registry', () => {
    const registry = buildRegistry([activitiesModule]);
    for (const recordType of ['Company', 'Contact', 'Lead', 'Deal', 'Ticket', 'Contract', 'Order', 'RepairOrder', 'Entitlement']) {
      expect(panelsFor(registry.recordPanels, recordType).map((p) => p.id)).toEqual(['tasks']);
    }
    expect(panelsFor([{ id: 'x', recordTypes: ['*'], order: 1, component: () => null }], 'Deal').map((p) => p.id)).toEqual(['x']);
  });

  it('links to the pages of records it knows', () => {
    expect(recordPath('Company', 'Q29tcGFueTox')).toBe('/customers/companies/Q29tcGFueTox');
    expect(recordPath('Contract', 'x')).toBe('/contracts/x'); // declared by the contracts module's recordPages
    expect(recordPath('Tag', 'x')).toBeNull();
    expect(recordPath(null, null)).toBeNull();
  });
});

describe('translations', () => {
  it('has every English string in Chinese too', () => {
    const keys = (o: object, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
    expect(keys(zhCN).sort()).toEqual(keys(en).sort());
  });
});
