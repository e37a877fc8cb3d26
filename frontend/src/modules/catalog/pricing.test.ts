import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { lineAmount, minorUnit, pickTier, taxedPerLine, totals } from './pricing';

interface Case {
  currency: string;
  discount: string;
  taxes: [string, string][];
  lines: [string, string, string][];
  expect: { lines: string[]; subtotal: string; discount: string; taxes: string[]; total: string };
}

// The server's own cases (tests/catalog/test_pricing.py reads the same file).
const here = dirname(fileURLToPath(import.meta.url));
const cases = JSON.parse(readFileSync(resolve(here, '../../../../tests/catalog/pricing_cases.json'), 'utf8')) as Case[];

describe('live quote totals compute what the server computes', () => {
  it.each(cases.map((c, i) => [i, c] as const))('shared case %i', (_, c) => {
    const result = totals(
      c.lines.map(([quantity, unitPrice, discountPercent]) => ({ quantity, unitPrice, discountPercent })),
      c.discount,
      c.taxes.map(([name, rate]) => ({ name, rate })),
      c.currency,
    );
    expect(result.lines).toEqual(c.expect.lines);
    expect(result.subtotal).toBe(c.expect.subtotal);
    expect(result.discount).toBe(c.expect.discount);
    expect(result.taxes).toEqual(c.expect.taxes);
    expect(result.total).toBe(c.expect.total);
  });

  it('rounds half up to the minor unit of the currency', () => {
    expect(lineAmount({ quantity: '1', unitPrice: '0.005' }, 'USD')).toBe('0.01');
    expect(lineAmount({ quantity: '1', unitPrice: '0.0049' }, 'USD')).toBe('0.00');
    expect(lineAmount({ quantity: '1', unitPrice: '2.5' }, 'JPY')).toBe('3');
    expect(lineAmount({ quantity: '3', unitPrice: '19.99', discountPercent: '100' }, 'EUR')).toBe('0.00');
    expect(minorUnit('kwd')).toBe(3);
  });

  it('picks the tier with the largest minimum not above the quantity', () => {
    const tiers = [
      { minQuantity: '10', unitPrice: '8' },
      { minQuantity: '0', unitPrice: '10' },
      { minQuantity: '100', unitPrice: '6.5' },
    ];
    expect(pickTier(tiers, '9.999')).toBe('10');
    expect(pickTier(tiers, '10')).toBe('8');
    expect(pickTier(tiers, '250')).toBe('6.5');
    expect(pickTier(tiers.slice(0, 1), '3')).toBeNull();
  });
});

describe('invoice totals tax each line at its rate, as the server does', () => {
  it('rounds once per rate (tests/invoicing/test_invoices.py has the same invoice)', () => {
    const result = taxedPerLine(
      [
        { quantity: '3', unitPrice: '19.99', discountPercent: '10', taxRate: '20' },
        { quantity: '1', unitPrice: '100', taxRate: '20.00' },
        { quantity: '2', unitPrice: '5', taxRate: '7' },
      ],
      'EUR',
    );
    expect(result.lines).toEqual(['53.97', '100.00', '10.00']);
    expect(result.subtotal).toBe('163.97');
    expect(result.taxes).toEqual([
      { rate: '20%', amount: '30.79' },
      { rate: '7%', amount: '0.70' },
    ]);
    expect(result.tax).toBe('31.49');
    expect(result.total).toBe('195.46');
  });

  it('counts a credit line against its rate', () => {
    const result = taxedPerLine(
      [
        { quantity: '1', unitPrice: '100', taxRate: '5.5' },
        { quantity: '1', unitPrice: '-10', taxRate: '5.50' },
      ],
      'USD',
    );
    expect(result.taxes).toEqual([{ rate: '5.5%', amount: '4.95' }]);
    expect(result.total).toBe('94.95');
  });
});
