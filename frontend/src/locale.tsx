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

/** Intl formatters bound to the workspace locale (else the UI language). */
export function useFormat() {
  const { i18n } = useTranslation();
  const workspace = useContext(WorkspaceFormatsContext);
  return useMemo(() => {
    const locale = workspace.locale || (i18n.language === 'en' ? 'en-US' : i18n.language);
    const opts: FormatOptions = {
      locale,
      currency: workspace.currency || defaultCurrency(locale),
      timeZone: workspace.timeZone || undefined,
    };
    return {
      ...opts,
      number: (value: number, options?: Intl.NumberFormatOptions) => formatNumber(value, opts, options),
      currency: (value: number, code?: string) => formatCurrency(value, opts, code),
      date: (value: Date | string, options?: Intl.DateTimeFormatOptions) => formatDate(value, opts, options),
      dateTime: (value: Date | string) => formatDateTime(value, opts),
      relative: (value: Date | string) => formatRelative(value, opts),
    };
  }, [i18n.language, workspace.locale, workspace.currency, workspace.timeZone]);
}
