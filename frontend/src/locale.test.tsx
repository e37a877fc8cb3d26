import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import i18n from './i18n';
import { interfaceLocale, useFormat, WorkspaceFormatsProvider } from './locale';

function Today() {
  const format = useFormat();
  const at = '2026-12-04T23:30:00Z'; // a Friday in UTC, already Saturday in Shanghai
  return (
    <p>
      <span data-testid="weekday">{format.date(at, { weekday: 'long' })}</span>
      <span data-testid="money">{format.currency(1234.5)}</span>
      <span data-testid="number">{format.number(1234567.5)}</span>
      <span data-testid="ago">{format.relative(new Date(Date.now() - 2 * 86400_000))}</span>
    </p>
  );
}

const german = { locale: 'de-DE', currency: 'EUR', timeZone: 'Asia/Shanghai' };

describe('formats follow the interface language, with the workspace time zone and currency', () => {
  afterEach(() => i18n.changeLanguage('en'));

  it('writes Chinese for a Chinese reader of a German workspace', async () => {
    await i18n.changeLanguage('zh-CN');
    render(
      <WorkspaceFormatsProvider value={german}>
        <Today />
      </WorkspaceFormatsProvider>,
    );
    expect(screen.getByTestId('weekday')).toHaveTextContent('星期六'); // Shanghai's day, in Chinese
    expect(screen.getByTestId('money')).toHaveTextContent('€1,234.50');
    expect(screen.getByTestId('number')).toHaveTextContent('1,234,567.5');
    expect(screen.getByTestId('ago')).toHaveTextContent('前天');
  });

  it('writes English for an English reader of the same workspace', async () => {
    await i18n.changeLanguage('en');
    render(
      <WorkspaceFormatsProvider value={german}>
        <Today />
      </WorkspaceFormatsProvider>,
    );
    expect(screen.getByTestId('weekday')).toHaveTextContent('Saturday');
    expect(screen.getByTestId('money')).toHaveTextContent('€1,234.50');
    expect(screen.getByTestId('ago')).toHaveTextContent('2 days ago');
  });

  it('keeps the workspace’s regional conventions when they are of the reader’s language', () => {
    expect(interfaceLocale('en', 'en-GB')).toBe('en-GB');
    expect(interfaceLocale('en', 'de-DE')).toBe('en-US');
    expect(interfaceLocale('zh-CN', 'zh-CN')).toBe('zh-CN');
    expect(interfaceLocale('zh-CN', 'en-US')).toBe('zh-CN');
    expect(interfaceLocale('en', 'not a locale')).toBe('en-US');
    expect(interfaceLocale('en', null)).toBe('en-US');
  });
});
