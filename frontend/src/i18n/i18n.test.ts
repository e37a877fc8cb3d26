import { describe, expect, it } from 'vitest';

import { registry } from '../modules';
import en from './en';
import { initialLanguage } from './index';
import zhCN from './zh-CN';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('translations', () => {
  it('Chinese has every English key and no other', () => {
    expect(keys(zhCN).sort()).toEqual(keys(en).sort());
  });

  it('every module has every key in both languages, and no string left empty', () => {
    const byLanguage = (language: string) =>
      Object.fromEntries(registry.translations.filter((t) => t.language === language).map((t) => [t.namespace, t.messages]));
    const english = byLanguage('en');
    const chinese = byLanguage('zh-CN');
    expect(Object.keys(chinese).sort()).toEqual(Object.keys(english).sort());
    expect(Object.keys(english).length).toBeGreaterThan(3);
    for (const namespace of Object.keys(english)) {
      expect(keys(chinese[namespace]).sort(), `namespace ${namespace}`).toEqual(keys(english[namespace]).sort());
      const values = (m: unknown): string[] => (typeof m === 'string' ? [m] : Object.values(m as object).flatMap(values));
      expect(values(chinese[namespace]).filter((v) => !v.trim()), `namespace ${namespace}`).toEqual([]);
    }
  });

  it('no string is left empty', () => {
    const values = (m: unknown): string[] =>
      typeof m === 'string' ? [m] : Object.values(m as object).flatMap(values);
    expect(values(zhCN).filter((s) => !s.trim())).toEqual([]);
  });

  it('picks the saved choice, else the browser’s language', () => {
    expect(initialLanguage('zh-CN', ['en-US'])).toBe('zh-CN');
    expect(initialLanguage(null, ['zh-TW', 'en'])).toBe('zh-CN');
    expect(initialLanguage(null, ['fr-FR', 'en-GB'])).toBe('en');
    expect(initialLanguage('klingon', ['fr'])).toBe('en');
  });
});
