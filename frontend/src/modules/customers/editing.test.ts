import { describe, expect, it } from 'vitest';

import { inputOf } from './editing';

describe('inline edits as update inputs', () => {
  it('turns what an editor holds into the API’s input for that field', () => {
    expect(inputOf('industry', 'Mining', 'USD')).toEqual({ industry: 'Mining' });
    // Links go by id; empty clears (an unowned customer is in the pool).
    expect(inputOf('owner', 'VXNlcjo3', 'USD')).toEqual({ ownerId: 'VXNlcjo3' });
    expect(inputOf('owner', '', 'USD')).toEqual({ ownerId: null });
    // Lists are typed comma-separated.
    expect(inputOf('emails', 'a@x.example.com, b@x.example.com,', 'USD')).toEqual({ emails: ['a@x.example.com', 'b@x.example.com'] });
    expect(inputOf('creditLimit', '5000', 'EUR')).toEqual({ creditLimit: { amount: '5000', currency: 'EUR' } });
    expect(inputOf('creditLimit', '', 'EUR')).toEqual({ creditLimit: null });
    // The kit's money editor: an amount written the reader's way and its currency.
    expect(inputOf('creditLimit', '2,500.50 EUR', 'USD')).toEqual({ creditLimit: { amount: '2500.50', currency: 'EUR' } });
    expect(inputOf('creditLimit', '2500 usd', 'EUR')).toEqual({ creditLimit: { amount: '2500', currency: 'USD' } });
    // Unreadable: sent as typed, for the server to refuse next to the field.
    expect(inputOf('creditLimit', 'lots', 'EUR')).toEqual({ creditLimit: { amount: 'lots', currency: 'EUR' } });
    expect(inputOf('level', '', 'USD')).toEqual({ level: null });
    expect(inputOf('emailConsent', 'true', 'USD')).toEqual({ emailConsent: true });
  });
});
