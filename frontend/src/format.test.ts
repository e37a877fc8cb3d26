import { describe, expect, it } from 'vitest';

import { defaultCurrency, formatCurrency, formatDate, formatNumber, formatRelative } from './format';

describe('Intl formatting in the workspace locale', () => {
  const day = new Date(Date.UTC(2026, 0, 31, 12));

  it('formats numbers per locale', () => {
    expect(formatNumber(1234567.5, { locale: 'en-US' })).toBe('1,234,567.5');
    expect(formatNumber(1234567.5, { locale: 'de-DE' })).toBe('1.234.567,5');
  });

  it('formats money in the workspace currency, or the locale’s', () => {
    expect(formatCurrency(1234.5, { locale: 'en-US', currency: 'USD' })).toBe('$1,234.50');
    expect(formatCurrency(1234.5, { locale: 'zh-CN' })).toBe('¥1,234.50');
    expect(formatCurrency(10, { locale: 'en-US', currency: 'USD' }, 'EUR')).toBe('€10.00');
  });

  it('formats dates in the locale and time zone', () => {
    expect(formatDate(day, { locale: 'en-US', timeZone: 'UTC' })).toBe('Jan 31, 2026');
    expect(formatDate(day, { locale: 'zh-CN', timeZone: 'UTC' })).toBe('2026年1月31日');
    expect(formatDate('2026-01-31T23:30:00Z', { locale: 'en-US', timeZone: 'Asia/Shanghai' })).toBe('Feb 1, 2026');
  });

  it('says how long ago', () => {
    const now = new Date(Date.UTC(2026, 0, 31, 12));
    expect(formatRelative(new Date(Date.UTC(2026, 0, 28, 12)), { locale: 'en-US' }, now)).toBe('3 days ago');
    expect(formatRelative(new Date(Date.UTC(2026, 0, 30, 12)), { locale: 'zh-CN' }, now)).toBe('昨天');
  });

  it('guesses the currency from the locale', () => {
    expect(defaultCurrency('zh-CN')).toBe('CNY');
    expect(defaultCurrency('en-US')).toBe('USD');
    expect(defaultCurrency('en')).toBe('USD');
  });
});
