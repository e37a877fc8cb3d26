import type { RouteObject } from 'react-router';

import type { Banner, CommandAction, CrmModule, DashboardWidget, NavItem, OfflineType, RecordAction, RecordGroup, RecordPanel, SearchProvider, SettingsSection } from './types';

/** Everything the installed modules contribute, merged and ordered, with clashes refused early. */
export interface Registry {
  routes: RouteObject[];
  publicRoutes: RouteObject[];
  nav: NavItem[];
  dashboardWidgets: DashboardWidget[];
  settingsSections: SettingsSection[];
  search: SearchProvider[];
  commands: CommandAction[];
  banners: Banner[];
  recordPanels: RecordPanel[];
  recordActions: RecordAction[];
  /** Record type → the path its page's id follows (see `recordPath`). */
  recordPages: Record<string, string>;
  /** Record type → its page's groups in page order (what Settings → Layouts orders). */
  recordGroups: Record<string, RecordGroup[]>;
  /** Record types kept offline (synced by the change feed), each declared once. */
  offline: OfflineType[];
  translations: { language: string; namespace: string; messages: Record<string, unknown> }[];
}

export function buildRegistry(modules: CrmModule[]): Registry {
  const ids = new Set<string>();
  const paths = new Map<string, string>();
  for (const module of modules) {
    if (ids.has(module.id)) throw new Error(`Two modules are called "${module.id}".`);
    ids.add(module.id);
    for (const route of [...(module.routes ?? []), ...(module.publicRoutes ?? [])]) {
      const key = route.index ? '(index)' : (route.path ?? '');
      const owner = paths.get(key);
      if (owner) throw new Error(`Route "${key}" of module "${module.id}" is already taken by "${owner}".`);
      paths.set(key, module.id);
    }
  }
  const recordPages: Record<string, string> = {};
  for (const module of modules)
    for (const [recordType, path] of Object.entries(module.recordPages ?? {})) {
      if (recordPages[recordType]) throw new Error(`The page of "${recordType}" is declared twice (module "${module.id}").`);
      recordPages[recordType] = path;
    }
  const recordGroups: Record<string, RecordGroup[]> = {};
  for (const module of modules)
    for (const [recordType, groups] of Object.entries(module.recordGroups ?? {})) {
      if (recordGroups[recordType]) throw new Error(`The groups of "${recordType}" are declared twice (module "${module.id}").`);
      recordGroups[recordType] = groups;
    }
  const offline: OfflineType[] = [];
  for (const module of modules)
    for (const type of module.offline ?? []) {
      if (offline.some((t) => t.recordType === type.recordType)) throw new Error(`"${type.recordType}" is kept offline twice (module "${module.id}").`);
      offline.push(type);
    }
  const byOrder = <T extends { order: number }>(a: T, b: T) => a.order - b.order;
  return {
    routes: modules.flatMap((m) => m.routes ?? []),
    publicRoutes: modules.flatMap((m) => m.publicRoutes ?? []),
    nav: modules.flatMap((m) => m.nav ?? []).sort(byOrder),
    dashboardWidgets: modules.flatMap((m) => m.dashboardWidgets ?? []).sort(byOrder),
    settingsSections: modules.flatMap((m) => m.settingsSections ?? []).sort(byOrder),
    search: modules.flatMap((m) => m.search ?? []),
    commands: modules.flatMap((m) => m.commands ?? []).sort(byOrder),
    banners: modules.flatMap((m) => m.banners ?? []).sort(byOrder),
    recordPanels: modules.flatMap((m) => m.recordPanels ?? []).sort(byOrder),
    recordActions: modules.flatMap((m) => m.recordActions ?? []).sort(byOrder),
    recordPages,
    recordGroups,
    offline,
    translations: modules.flatMap((m) =>
      Object.entries(m.translations ?? {}).map(([language, messages]) => ({ language, namespace: m.id, messages })),
    ),
  };
}

export function visibleNav<T extends { visible?: (role: string) => boolean }>(items: T[], role: string): T[] {
  return items.filter((item) => !item.visible || item.visible(role));
}

/** The web page of a record, by its type and global id; null for a type without a page here. */
export function recordPathIn(pages: Record<string, string>, recordType?: string | null, recordId?: string | null): string | null {
  const base = recordType ? pages[recordType] : undefined;
  return base && recordId ? `${base}${encodeURIComponent(recordId)}` : null;
}
