import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

import { feedTypeOf } from '../offline/declare';
import i18n from '../i18n';
import { CUSTOMIZABLE_TYPES } from '../components/record/customFields';

import { modules, registry } from '.';
import { buildRegistry, visibleNav } from './registry';
import type { CrmModule } from './types';

const Empty = () => null;

describe('module registry', () => {
  it('merges and orders what modules contribute', () => {
    const a: CrmModule = {
      id: 'a',
      routes: [{ path: 'a', element: null }],
      nav: [{ to: '/a', label: 'a', order: 50 }],
      dashboardWidgets: [{ id: 'w2', order: 2, component: Empty }],
      translations: { en: { title: 'A' } },
    };
    const b: CrmModule = {
      id: 'b',
      routes: [{ path: 'b', element: null }],
      nav: [{ to: '/b', label: 'b', order: 10, visible: (role) => role !== 'read_only' }],
      dashboardWidgets: [{ id: 'w1', order: 1, component: Empty }],
    };
    const r = buildRegistry([a, b]);
    expect(r.routes.map((x) => x.path)).toEqual(['a', 'b']);
    expect(r.nav.map((x) => x.to)).toEqual(['/b', '/a']);
    expect(visibleNav(r.nav, 'read_only').map((x) => x.to)).toEqual(['/a']);
    expect(r.dashboardWidgets.map((x) => x.id)).toEqual(['w1', 'w2']);
    expect(r.translations).toEqual([{ language: 'en', namespace: 'a', messages: { title: 'A' } }]);
  });

  it('refuses two modules claiming one path', () => {
    const m = (id: string): CrmModule => ({ id, routes: [{ path: 'same', element: null }] });
    expect(() => buildRegistry([m('x'), m('y')])).toThrow(/already taken by "x"/);
    expect(() => buildRegistry([{ id: 'x' }, { id: 'x' }])).toThrow(/Two modules/);
  });

  it('installs the platform pages and the access settings', () => {
    expect(registry.nav.map((n) => n.to)).toEqual(expect.arrayContaining(['/', '/settings']));
    expect(registry.routes.some((r) => r.index)).toBe(true);
    expect(registry.settingsSections.map((s) => s.id)).toEqual(
      expect.arrayContaining(['company', 'users', 'invitations', 'roles', 'teams', 'api-keys', 'security']),
    );
    expect(registry.settingsSections[0].id).toBe('company');
    expect(registry.publicRoutes.map((r) => r.path)).toContain('/accept-invitation');
  });

  it('refuses a public page on a path another module takes', () => {
    const a: CrmModule = { id: 'a', routes: [{ path: '/x', element: null }] };
    const b: CrmModule = { id: 'b', publicRoutes: [{ path: '/x', element: null }] };
    expect(() => buildRegistry([a, b])).toThrow(/already taken by "a"/);
  });

  it('every record type with a record page that the change feed carries is kept offline, declared once', () => {
    // The feed's types: the schema's RecordType enum (what `changes(types:)` takes).
    const schema = readFileSync(resolve(__dirname, '../../schema/tenant.graphql'), 'utf8');
    const feed = new Set(/enum RecordType \{([^}]*)\}/.exec(schema)![1].split(/\s+/).filter((w) => /^[A-Z_]+$/.test(w)));
    const withPages = Object.keys(registry.recordPages).filter((type) => feed.has(feedTypeOf(type)));
    expect(withPages.length).toBeGreaterThanOrEqual(15);
    expect(registry.offline.map((o) => o.recordType).sort()).toEqual(expect.arrayContaining(withPages.sort()));
    for (const o of registry.offline) expect(feed.has(o.feedType), o.recordType).toBe(true);
    expect(feedTypeOf('CustomerInvoice')).toBe('CUSTOMER_INVOICE');
  });

  it('declares every record page’s groups as its pages have them (what Settings → Layouts orders)', () => {
    // The pages' own sources: each group a page shows is written `id: '<id>', title: t(...)`.
    const sources = import.meta.glob('./*/*.tsx', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
    for (const module of modules) {
      const declared = new Set(Object.values(module.recordGroups ?? {}).flatMap((groups) => groups.map((g) => g.id)));
      const shown = new Set(
        Object.entries(sources)
          .filter(([path]) => path.startsWith(`./${module.id}/`))
          .flatMap(([, source]) => [...source.matchAll(/\bid: '([a-z-]+)',\s*title: t\(/g)].map((m) => m[1])),
      );
      expect([...declared].sort(), module.id).toEqual([...shown].sort());
      for (const group of Object.values(module.recordGroups ?? {}).flat()) expect(i18n.exists(group.label), group.label).toBe(true);
    }
    // Every type Settings → Layouts offers has them.
    for (const type of CUSTOMIZABLE_TYPES.filter((t) => t in registry.recordPages)) expect(registry.recordGroups[type]?.length, type).toBeGreaterThan(0);
  });

  it('declares every built-in field a record page lays out, in its group (what Settings → Layouts orders and leaves off)', () => {
    // In a page's source, each field is written `field: '<name>'` after the group it is in (`id: '<id>', title: t(`).
    const sources = import.meta.glob('./*/*.tsx', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
    for (const module of modules) {
      const declared = new Set(Object.values(module.recordGroups ?? {}).flatMap((groups) => groups.flatMap((g) => g.fields.map((f) => `${g.id}.${f}`))));
      const shown = new Set<string>();
      for (const [path, source] of Object.entries(sources)) {
        if (!path.startsWith(`./${module.id}/`) || path.endsWith('.test.tsx')) continue;
        let group: string | null = null;
        for (const m of source.matchAll(/\bid: '([a-z-]+)',\s*title: t\(|\bfield: '([a-zA-Z]+)'/g)) {
          if (m[1]) group = m[1];
          else if (group) shown.add(`${group}.${m[2]}`);
        }
      }
      expect([...declared].sort(), module.id).toEqual([...shown].sort());
    }
    // Deals, for one: every field of the page, each group's in page order.
    expect(registry.recordGroups.Deal.map((g) => [g.id, g.fields])).toEqual([
      ['details', ['title', 'amount', 'stage', 'forecastCategory', 'probability', 'expectedCloseDate', 'nextStep', 'lostReason']],
      ['customer', ['company', 'contacts', 'competitors', 'owner']],
      ['dates', ['pipeline', 'stageEnteredAt', 'closedAt', 'createdAt']],
    ]);
    // Statuses and computed totals are fields like the others (read-only where the server computes them).
    expect(registry.recordGroups.Ticket[0].fields).toContain('status');
    expect(registry.recordGroups.CustomerInvoice.find((g) => g.id === 'amounts')?.fields).toEqual(['status', 'subtotal', 'total', 'amountPaid', 'balance']);
    expect(registry.recordGroups.RepairOrder.find((g) => g.id === 'amounts')?.fields).toEqual(['taxRate', 'currency', 'subtotal', 'coveredAmount', 'taxAmount', 'total']);
  });
});
