import type { SendAnswer } from '../offline/queue';
import type { SyncedType } from '../offline/sync';
import type { ComponentType, ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import type { Client } from 'urql';

/**
 * What a CRM module contributes to the web client. A module lives in src/modules/<id>/ and is
 * listed once in src/modules/index.ts; the shell, router, dashboard, search and translations
 * pick everything up from there, so adding a module touches no other page.
 */
export interface CrmModule {
  /** Also the i18next namespace of the module's strings: `useTranslation('<id>')`. */
  id: string;
  /** Pages inside the app shell (signed-in workspace), paths relative to the root: `customers/companies`. */
  routes?: RouteObject[];
  /** Pages outside the shell that work signed out, absolute paths: `/accept-invitation`. */
  publicRoutes?: RouteObject[];
  /** Entries of the main navigation. */
  nav?: NavItem[];
  /** Cards on the home dashboard. */
  dashboardWidgets?: DashboardWidget[];
  /** Tabs of the settings page (company profile is the platform's; users, roles, API keys… come from modules). */
  settingsSections?: SettingsSection[];
  /** Sources of results for the global search box (and the command menu's records). */
  search?: SearchProvider[];
  /** Notices above every page of the workspace (e.g. billing's unpaid banner); each decides when to show. */
  banners?: Banner[];
  /** Actions the command menu (Ctrl/Cmd+K) offers, e.g. "New company". */
  commands?: CommandAction[];
  /** Panels on other modules' record pages (e.g. a record's tasks), shown by `RecordPanels` for their record types. */
  recordPanels?: RecordPanel[];
  /** Buttons on other modules' records (e.g. "Create contract" on an order), shown by `RecordActions` for their record types. */
  recordActions?: RecordAction[];
  /** Where its record types' pages are: record type → path the (global) id follows, e.g. `{ Contract: '/contracts/' }`; other modules link records through it (`recordPath`). */
  recordPages?: Record<string, string>;
  /**
   * The groups of its record pages, per record type, in page order: `id` as the page's `FieldGroup` has it,
   * `label` an i18n key of its title, `fields` the built-in fields it shows. Settings → Layouts offers them for
   * ordering and leaving off (kept true by registry.test).
   */
  recordGroups?: Record<string, RecordGroup[]>;
  /** Record types kept on the device for offline reading and editing (src/offline): synced by the change feed. */
  offline?: OfflineType[];
  /** The module's strings per language: `{ en: {...}, 'zh-CN': {...} }`. */
  translations?: Record<string, Record<string, unknown>>;
}

export interface RecordGroup {
  id: string;
  /** i18n key, `namespace:key`. */
  label: string;
  /**
   * The built-in fields the page shows in this group through `RecordFields`, in page order (API names): what
   * Settings → Layouts offers to order and leave off, besides custom fields (kept true by registry.test).
   */
  fields: readonly string[];
}

export interface NavItem {
  /** Absolute path in the workspace, e.g. `/customers/companies`. */
  to: string;
  /** i18n key, `namespace:key` for a module's own strings (e.g. `customers:nav.companies`). */
  label: string;
  icon?: ComponentType<{ size?: number }>;
  /** Lower comes first; home is 0, settings 1000. */
  order: number;
  /** Shown only when this returns true for the signed-in member's role. */
  visible?: (role: string) => boolean;
}

export interface DashboardWidget {
  id: string;
  order: number;
  /** Grid columns out of 12 on wide screens (always full width on phones). */
  span?: number;
  component: ComponentType;
}

export interface SettingsSection {
  id: string;
  /** i18n key of the tab's title. */
  label: string;
  order: number;
  component: ComponentType;
  visible?: (role: string) => boolean;
}

export interface Banner {
  id: string;
  order: number;
  component: ComponentType;
}

export interface RecordPanel {
  id: string;
  /** GraphQL type names of the records it belongs on (`Company`, `Contact`…); `*`: every record page. */
  recordTypes: string[];
  order: number;
  component: ComponentType<RecordPanelProps>;
}

export interface RecordAction {
  id: string;
  /** GraphQL type names of the records it acts on (`Order`…). */
  recordTypes: string[];
  order: number;
  /** Renders the action (a button…) for one record; `RecordPanelProps` as for panels. */
  component: ComponentType<RecordPanelProps>;
  /** Only on the records this accepts (the fields the place showing them passes as `record`, e.g. a
   *  timeline entry's kind and direction); without it, on every record of its types. */
  appliesTo?: (record: Record<string, unknown>) => boolean;
}

export interface RecordPanelProps {
  recordType: string;
  /** The record's global id. */
  recordId: string;
  /** Offline copies and read-only views: the panel shows, but offers no changes. */
  readOnly?: boolean;
}

export interface CommandAction {
  id: string;
  /** i18n key, `namespace:key` for a module's own strings. */
  label: string;
  /** Extra words the menu matches on (any language), e.g. ['create', 'add']. */
  keywords?: string[];
  icon?: ComponentType<{ size?: number }>;
  order: number;
  visible?: (role: string) => boolean;
  /** Runs when chosen; usually navigates (a page opens its own dialog from the URL, e.g. `?new=1`). */
  run: (context: { navigate: (to: string) => void }) => void;
}

export interface SearchResult {
  id: string;
  title: string;
  subtitle?: string;
  /** Where clicking the result leads. */
  to: string;
  /** i18n key of the kind of record, e.g. `customers:search.company`. */
  kind: string;
}

export interface SearchProvider {
  id: string;
  search: (term: string, client: Client) => Promise<SearchResult[]>;
}

export interface ShellNotification {
  id: string;
  title: ReactNode;
  body?: ReactNode;
  at: Date;
  read: boolean;
  to?: string;
}

/** A record type kept offline: what the change feed calls it, how it is named, and how a queued edit is sent. */
export interface OfflineType extends SyncedType {
  /** i18n key of the kind of record, e.g. `customers:search.company`. */
  kind: string;
  /** Send one update (`input` holds `id` and, when known, `expectedVersion`): see `answerOf` in src/offline/send.ts. */
  update: (client: Client, input: Record<string, unknown>) => Promise<SendAnswer>;
  /** Create a record made offline (`input`: the create mutation's); `saved` carries its new id. None: not created offline. */
  create?: (client: Client, input: Record<string, unknown>) => Promise<SendAnswer>;
  /** Delete a record deleted offline (to the recycle bin). None: not deleted offline. */
  remove?: (client: Client, id: string) => Promise<SendAnswer>;
}
