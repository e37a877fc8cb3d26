import { useMemo } from 'react';
import { useQuery } from 'urql';

import { graphql } from '../../gql/tenant';
import { CUSTOMIZABLE_TYPES } from './customFields';
import type { FieldGroup } from './RecordFields';

/**
 * Record page layouts (Settings → Layouts): per role, the order of a record type's fields and which
 * ones the page leaves off, and the order of the page's groups. Presentation only: what a role may see
 * is still decided by field rules.
 */
export const RecordPageLayoutDocument = graphql(`
  query RecordPageLayout($type: String!) {
    recordLayout(type: $type) {
      fields {
        field
        hidden
        group
      }
      groups
    }
  }
`);

export interface LayoutField {
  field: string;
  hidden: boolean;
  /** The page group to show it in (a group's id or title, or a new group's title); '' or none: the page's. */
  group?: string;
}

/** A role's layout of a record type: its fields in order, and its groups' order (ids or titles). */
export interface PageLayout {
  fields: readonly LayoutField[];
  /** The page's groups in order, each named by id or title; the groups it leaves out follow in the page's order. */
  groups?: readonly string[];
}

const NO_LAYOUT: PageLayout = { fields: [], groups: [] };

/** The signed-in member's layout of a record type (empty: the page's own order). */
export function useRecordLayout(recordType: string): PageLayout {
  const [{ data }] = useQuery({ query: RecordPageLayoutDocument, variables: { type: recordType } });
  return useMemo(() => data?.recordLayout ?? NO_LAYOUT, [data]);
}

/** Whether a group answers to a name a layout gives (its id or its title, whatever the case). */
export const groupNamed = (group: { id: string; title: string }, name: string) => {
  const key = name.trim().toLowerCase();
  return group.id.toLowerCase() === key || group.title.toLowerCase() === key;
};

/**
 * The groups as the layout has them: a field it gives a group moves there (a page group named by id or
 * title, else a new group after the page's), hidden fields are left off, each group's fields are in the
 * layout's order, and the groups in the layout's group order (those it does not name after, as the page has them).
 */
export function applyLayout(groups: FieldGroup[], { fields: layout, groups: order = [] }: PageLayout): FieldGroup[] {
  if (!layout.length && !order.length) return groups;
  const rank = new Map(layout.map((f, i) => [f.field, i]));
  const hidden = new Set(layout.filter((f) => f.hidden).map((f) => f.field));
  const moved = new Map(layout.filter((f) => f.group?.trim()).map((f) => [f.field, f.group!.trim()]));
  const place = (field: string) => rank.get(field) ?? layout.length;
  const laid = groups.map((group) => ({ ...group, fields: group.fields.filter((f) => !moved.has(f.field)) }));
  for (const def of groups.flatMap((g) => g.fields).filter((f) => moved.has(f.field))) {
    const name = moved.get(def.field)!;
    const key = name.toLowerCase();
    let home = laid.find((g) => groupNamed(g, key));
    if (!home) {
      home = { id: `layout-${key.replace(/[^a-z0-9]+/g, '-')}`, title: name, fields: [] };
      laid.push(home);
    }
    home.fields.push(def);
  }
  const groupPlace = (group: FieldGroup) => {
    const at = order.findIndex((name) => groupNamed(group, name));
    return at < 0 ? order.length : at;
  };
  return laid
    .map((group) => ({
      ...group,
      // Array.prototype.sort is stable: fields the layout does not name keep the page's order, after the named ones.
      fields: group.fields.filter((f) => !hidden.has(f.field)).sort((a, b) => place(a.field) - place(b.field)),
    }))
    .sort((a, b) => groupPlace(a) - groupPlace(b));
}

/**
 * The record types Settings → Layouts offers: every customizable type (`CUSTOMIZABLE_TYPES`, held to the
 * schema) whose module declares a record page (`recordPages` of the registry). Each such page shows its
 * fields, built-in and custom, through the kit's `RecordFields`, which applies the role's layout to both.
 */
export function layoutTypes(recordPages: Record<string, string>): string[] {
  return CUSTOMIZABLE_TYPES.filter((type) => type in recordPages);
}

/**
 * The fields Settings → Layouts offers for a record type: those the page lays out (its groups' declared
 * `fields`, in page order), then its custom fields, each as the API names it and only if the API takes it
 * (`available`). The type's other columns are not on the page through the kit, so a layout could not move them.
 */
export function layoutFields(available: readonly string[], groups: readonly { fields: readonly string[] }[]): string[] {
  const offered = new Set(available);
  const own = [...new Set(groups.flatMap((g) => g.fields))].filter((f) => offered.has(f));
  return [...own, ...available.filter((f) => f.startsWith('customFields.'))];
}

/** One group Settings → Layouts lists for ordering: the name the layout keeps, and what to call it. */
export interface GroupChoice {
  name: string;
  label: string;
}

/**
 * The groups an admin orders for a record type, in the layout's order: the saved order first, then the
 * page's own groups (`page`: id and translated title), then the groups custom fields and the layout's
 * fields name (`named`), each once, whatever the name it is given by (id or title, any case).
 */
export function groupChoices(saved: readonly string[], page: readonly { id: string; title: string }[], named: readonly string[]): GroupChoice[] {
  const out: (GroupChoice & { id?: string })[] = [];
  const add = (name: string) => {
    const clean = name.trim().replace(/\s+/g, ' ');
    if (!clean) return;
    const own = page.find((g) => groupNamed(g, clean));
    const key = (own?.id ?? clean).toLowerCase();
    if (out.some((c) => (c.id ?? c.name).toLowerCase() === key)) return;
    out.push(own ? { name: own.id, label: own.title, id: own.id } : { name: clean, label: clean });
  };
  [...saved, ...page.map((g) => g.id), ...named].forEach(add);
  return out.map(({ name, label }) => ({ name, label }));
}
