import { describe, expect, it } from 'vitest';

import { deliveriesOf, delivered, orderPath, remaining } from './orders';

const lines = [
  { id: 'a', description: 'Seat licence', quantity: '3.000', fulfilledQuantity: '2.000' },
  { id: 'b', description: 'Onboarding', quantity: '1.000', fulfilledQuantity: '0.000' },
];

describe('orders', () => {
  it('tells per line what was delivered of what was ordered', () => {
    expect(delivered(lines)).toBe('Seat licence: 2/3 · Onboarding: 0/1');
    expect(remaining(lines[0])).toBe(1);
  });

  it('sends only the lines with a quantity, and refuses more than is left', () => {
    expect(deliveriesOf(lines, { a: '1', b: '' })).toEqual([{ lineId: 'a', quantity: '1' }]);
    expect(deliveriesOf(lines, { a: '0', b: '0.5' })).toEqual([{ lineId: 'b', quantity: '0.5' }]);
    expect(deliveriesOf(lines, { a: '2' })).toBeNull();
    expect(deliveriesOf(lines, { b: '-1' })).toBeNull();
    expect(deliveriesOf(lines, { b: 'two' })).toBeNull();
  });

  it('links to the order page', () => {
    expect(orderPath('T3JkZXI6MQ==')).toBe('/catalog/orders/T3JkZXI6MQ%3D%3D');
  });
});
