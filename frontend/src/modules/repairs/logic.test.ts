import { describe, expect, it } from 'vitest';

import { coverageOf, covers, listPrice, priceText, trimZeros, NO_REPAIR_FILTERS, NO_WARRANTY_FILTERS, repairFigures, repairFilterOf, warrantyFilterOf, chipIds, withoutChip } from './logic';

describe('repair figures, as the server keeps them', () => {
  const lines = [
    { kind: 'PART', quantity: '2', unitPrice: '49.995' },
    { kind: 'LABOUR', quantity: '1.5', unitPrice: '80' },
    { kind: 'DIAGNOSTICS', quantity: '1', unitPrice: '25' },
  ];

  it('charges everything without a warranty, tax on the lot', () => {
    const figures = repairFigures(lines, null, '20', 'USD');
    expect(figures.lines.map((l) => l.amount)).toEqual(['99.99', '120.00', '25.00']);
    expect(figures.lines.every((l) => !l.covered)).toBe(true);
    expect(figures).toMatchObject({ subtotal: '244.99', covered: '0.00', tax: '49.00', total: '293.99' });
  });

  it('keeps a covered line at its value but charges nothing for it, nor taxes it', () => {
    const figures = repairFigures(lines, 'PARTS', '20', 'USD');
    expect(figures.lines[0]).toEqual({ amount: '99.99', covered: true, charged: '0.00' });
    expect(figures.lines[1].covered).toBe(false);
    expect(figures).toMatchObject({ subtotal: '244.99', covered: '99.99', tax: '29.00', total: '174.00' });
  });

  it('covers parts and labour under both, never a fee', () => {
    const figures = repairFigures(lines, 'BOTH', '10', 'USD');
    expect(figures.lines.map((l) => l.covered)).toEqual([true, true, false]);
    expect(figures).toMatchObject({ covered: '219.99', tax: '2.50', total: '27.50' });
  });

  it('rounds to the currency: no minor unit in yen', () => {
    const figures = repairFigures([{ kind: 'LABOUR', quantity: '0.5', unitPrice: '1001' }], 'PARTS', '8', 'JPY');
    expect(figures.lines[0]).toEqual({ amount: '501', covered: false, charged: '501' });
    expect(figures).toMatchObject({ subtotal: '501', tax: '40', total: '541' });
  });

  it('reads a blank quantity or price as nothing', () => {
    expect(repairFigures([{ kind: 'OTHER', quantity: '', unitPrice: '' }], null, '', 'EUR')).toMatchObject({ subtotal: '0.00', total: '0.00' });
  });
});

describe('coverage', () => {
  it('follows the warranty coverage by line kind', () => {
    expect(covers('PARTS', 'PART')).toBe(true);
    expect(covers('PARTS', 'LABOUR')).toBe(false);
    expect(covers('LABOUR', 'LABOUR')).toBe(true);
    expect(covers('BOTH', 'SHIPPING')).toBe(false);
    expect(covers(null, 'PART')).toBe(false);
  });

  it('does not apply a void warranty', () => {
    expect(coverageOf({ coverage: 'BOTH', status: 'VOID' })).toBeNull();
    expect(coverageOf({ coverage: 'LABOUR', status: 'EXPIRED' })).toBe('LABOUR');
    expect(coverageOf(null)).toBeNull();
  });
});

describe('a part’s list price', () => {
  const prices = [
    { minQuantity: '0', unitPrice: '40', priceBook: { currency: 'USD', active: true } },
    { minQuantity: '10', unitPrice: '35', priceBook: { currency: 'USD', active: true } },
    { minQuantity: '0', unitPrice: '30', priceBook: { currency: 'USD', active: false } },
    { minQuantity: '0', unitPrice: '37', priceBook: { currency: 'EUR', active: true } },
  ];

  it('is the tier of the active book in the order currency for the quantity', () => {
    expect(listPrice(prices, 'USD', '1')).toBe('40');
    expect(listPrice(prices, 'USD', '12')).toBe('35');
    expect(listPrice(prices, 'eur', '3')).toBe('37');
  });

  it('is none without an active book in that currency', () => {
    expect(listPrice(prices, 'GBP', '1')).toBeNull();
    expect(listPrice(null, 'USD', '1')).toBeNull();
  });
});

describe('list filters', () => {
  it('turns the repair list state into the API filter', () => {
    expect(repairFilterOf(NO_REPAIR_FILTERS)).toEqual({});
    expect(repairFilterOf({ status: 'READY', owner: 'me', warranty: 'no', stage: 'open' })).toEqual({ status: { eq: 'READY' }, mine: true, underWarranty: false, closed: false });
    expect(repairFilterOf({ ...NO_REPAIR_FILTERS, owner: 'VXNlcjox', warranty: 'yes', stage: 'closed' })).toEqual({ owner: { eq: 'VXNlcjox' }, underWarranty: true, closed: true });
  });

  it('turns the warranty list state into the API filter', () => {
    expect(warrantyFilterOf({ status: 'VOID', coverage: 'PARTS', owner: null })).toEqual({ status: 'VOID', coverage: { eq: 'PARTS' } });
    expect(warrantyFilterOf(NO_WARRANTY_FILTERS)).toEqual({});
  });

  it('shows a chip per set filter and drops one', () => {
    const filters = { ...NO_REPAIR_FILTERS, status: 'READY', stage: 'open' };
    expect(chipIds(filters)).toEqual(['status', 'stage']);
    expect(withoutChip(filters, 'status')).toEqual({ ...NO_REPAIR_FILTERS, stage: 'open' });
  });
});

describe('a stored price as typed', () => {
  it('drops zeros past the minor unit only', () => {
    expect(priceText('39.9000', 'USD')).toBe('39.90');
    expect(priceText('12.3450', 'USD')).toBe('12.345');
    expect(priceText('1001.0000', 'JPY')).toBe('1001');
    expect(priceText('1.500', 'JPY')).toBe('1.5');
    expect(priceText('abc', 'USD')).toBe('abc');
    expect(trimZeros('2.000')).toBe('2');
    expect(trimZeros('1.500')).toBe('1.5');
  });
});
