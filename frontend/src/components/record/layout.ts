import { useMemo } from 'react';
import { useQuery } from 'urql';

import { graphql } from '../../gql/tenant';
import { CUSTOMIZABLE_TYPES } from './customFields';
import type { FieldGroup } from './RecordFields';

/**
 * Record page layouts (Settings → Layouts): per role, the order of a record type's fields and which
 * ones the page leaves off. Presentation only: what a role may see is still decided by field rules.
 */
export const RecordPageLayoutDocument = graphql(`
  query RecordPageLayout($type: String!) {
    recordLayout(type: $type) {
      fields {
        field
        hidden
        group
      }
    }
  }
`);

export interface LayoutField {
  field: string;
  hidden: boolean;
  /** The page group to show it in (a group's id or title, or a new group's title); '' or none: the page's. */
  group?: string;
}

/** The signed-in member's layout of a record type (empty: the page's own order). */
export function useRecordLayout(recordType: string): LayoutField[] {
  const [{ data }] = useQuery({ query: RecordPageLayoutDocument, variables: { type: recordType } });
  return useMemo(() => data?.recordLayout?.fields ?? [], [data]);
}

/**
 * The groups as the layout has them: a field it gives a group moves there (a page group named by id or
 * title, else a new group after the page's), hidden fields are left off, and each group's fields are in
 * the layout's order.
 */
export function applyLayout(groups: FieldGroup[], layout: LayoutField[]): FieldGroup[] {
  if (!layout.length) return groups;
  const rank = new Map(layout.map((f, i) => [f.field, i]));
  const hidden = new Set(layout.filter((f) => f.hidden).map((f) => f.field));
  const moved = new Map(layout.filter((f) => f.group?.trim()).map((f) => [f.field, f.group!.trim()]));
  const place = (field: string) => rank.get(field) ?? layout.length;
  const laid = groups.map((group) => ({ ...group, fields: group.fields.filter((f) => !moved.has(f.field)) }));
  for (const def of groups.flatMap((g) => g.fields).filter((f) => moved.has(f.field))) {
    const name = moved.get(def.field)!;
    const key = name.toLowerCase();
    let home = laid.find((g) => g.id.toLowerCase() === key || g.title.toLowerCase() === key);
    if (!home) {
      home = { id: `layout-${key.replace(/[^a-z0-9]+/g, '-')}`, title: name, fields: [] };
      laid.push(home);
    }
    home.fields.push(def);
  }
  return laid.map((group) => ({
    ...group,
    // Array.prototype.sort is stable: fields the layout does not name keep the page's order, after the named ones.
    fields: group.fields.filter((f) => !hidden.has(f.field)).sort((a, b) => place(a.field) - place(b.field)),
  }));
}

/**
 * The record types Settings → Layouts offers: every customizable type (`CUSTOMIZABLE_TYPES`, held to the
 * schema) whose module declares a record page (`recordPages` of the registry). Each such page shows its
 * fields, built-in and custom, through the kit's `RecordFields`, which applies the role's layout to both.
 */
export function layoutTypes(recordPages: Record<string, string>): string[] {
  return CUSTOMIZABLE_TYPES.filter((type) => type in recordPages);
}
