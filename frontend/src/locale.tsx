import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import {
  defaultCurrency,
  formatCurrency,
  formatDate,
  formatDateTime,
  formatNumber,
  formatRelative,
  type FormatOptions,
} from './format';

/** The workspace's own formats, when the API offers them (tenant settings: locale, currency, time zone). */
export interface WorkspaceFormats {
  locale?: string | null;
  currency?: string | null;
  timeZone?: string | null;
}

const WorkspaceFormatsContext = createContext<WorkspaceFormats>({});

export function WorkspaceFormatsProvider({ value, children }: { value: WorkspaceFormats; children: ReactNode }) {
  return <WorkspaceFormatsContext.Provider value={value}>{children}</WorkspaceFormatsContext.Provider>;
}

/**
 * The locale dates and numbers are written in: the member's interface language, never another one
 * ("今天是 Freitag" is what the workspace's de-DE gave a Chinese reader). The workspace locale only
 * picks the regional conventions when it is of that same language (en-GB dates for an English reader).
 */
export function interfaceLocale(language: string, workspaceLocale?: string | null): string {
  const base = language.split('-')[0].toLowerCase();
  if (workspaceLocale) {
    try {
      if (new Intl.Locale(workspaceLocale).language === base) return workspaceLocale;
    } catch {
      // not a valid tag: fall through to the interface language
    }
  }
  return language === 'en' ? 'en-US' : language;
}

/** Intl formatters in the interface language, with the workspace's time zone and currency. */
export function useFormat() {
  const { i18n } = useTranslation();
  const workspace = useContext(WorkspaceFormatsContext);
  return useMemo(() => {
    const locale = interfaceLocale(i18n.language, workspace.locale);
    const opts: FormatOptions = {
      locale,
      currency: workspace.currency || defaultCurrency(locale),
      timeZone: workspace.timeZone || undefined,
    };
    return {
      ...opts,
      /** The workspace currency's ISO code (``currency`` below is the formatter). */
      currencyCode: opts.currency,
      number: (value: number, options?: Intl.NumberFormatOptions) => formatNumber(value, opts, options),
      currency: (value: number, code?: string) => formatCurrency(value, opts, code),
      date: (value: Date | string, options?: Intl.DateTimeFormatOptions) => formatDate(value, opts, options),
      dateTime: (value: Date | string) => formatDateTime(value, opts),
      relative: (value: Date | string) => formatRelative(value, opts),
    };
  }, [i18n.language, workspace.locale, workspace.currency, workspace.timeZone]);
}
