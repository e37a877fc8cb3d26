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
      }
    }
  }
`);

export interface LayoutField {
  field: string;
  hidden: boolean;
}

/** The signed-in member's layout of a record type (empty: the page's own order). */
export function useRecordLayout(recordType: string): LayoutField[] {
  const [{ data }] = useQuery({ query: RecordPageLayoutDocument, variables: { type: recordType } });
  return useMemo(() => data?.recordLayout?.fields ?? [], [data]);
}

/** The groups with the layout's hidden fields left off and each group's fields in the layout's order. */
export function applyLayout(groups: FieldGroup[], layout: LayoutField[]): FieldGroup[] {
  if (!layout.length) return groups;
  const rank = new Map(layout.map((f, i) => [f.field, i]));
  const hidden = new Set(layout.filter((f) => f.hidden).map((f) => f.field));
  const place = (field: string) => rank.get(field) ?? layout.length;
  return groups.map((group) => ({
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
