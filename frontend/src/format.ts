/**
 * Dates, numbers and money through Intl only. The locale is the interface language (src/locale.tsx:
 * interfaceLocale), with the workspace time zone and currency.
 */
export interface FormatOptions {
  locale: string;
  timeZone?: string;
  currency?: string;
}

export function formatNumber(value: number, { locale }: FormatOptions, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(locale, options).format(value);
}

export function formatCurrency(value: number, { locale, currency }: FormatOptions, code?: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: code ?? currency ?? defaultCurrency(locale) }).format(
    value,
  );
}

export function formatDate(
  value: Date | string,
  { locale, timeZone }: FormatOptions,
  options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' },
): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  return new Intl.DateTimeFormat(locale, { timeZone, ...options }).format(date);
}

export function formatDateTime(value: Date | string, opts: FormatOptions): string {
  return formatDate(value, opts, { dateStyle: 'medium', timeStyle: 'short' });
}

/** "3 days ago" / "3天前". */
export function formatRelative(value: Date | string, { locale }: FormatOptions, now: Date = new Date()): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['year', 365 * 86400],
    ['month', 30 * 86400],
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
  ];
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit);
  }
  return rtf.format(seconds, 'second');
}

/** The currency a locale most likely means, until the workspace names its own. */
export function defaultCurrency(locale: string): string {
  const region = new Intl.Locale(locale).maximize().region;
  const byRegion: Record<string, string> = { CN: 'CNY', US: 'USD', GB: 'GBP', JP: 'JPY', DE: 'EUR', FR: 'EUR' };
  return (region && byRegion[region]) || 'USD';
}
