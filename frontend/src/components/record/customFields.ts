import { useEffect, useMemo } from 'react';
import { useQuery } from 'urql';

import { graphql } from '../../gql/tenant';
import { keepWithSession, keptWithSession } from '../../offline/session';
import type { Editor } from './InlineField';
import type { FieldDef, FieldGroup } from './RecordFields';

/**
 * The workspace's custom fields on any record page: definitions from `customFieldDefinitions(type:)`,
 * values from the record's `customFields`, shown and edited through `RecordFields` like built-in fields.
 * Their field names are `customFields.<key>` (field rules name them `custom_fields.<key>`); a page saves
 * one with `customFieldInput(...)` in its update mutation's input.
 */
export const CustomFieldDefinitionsDocument = graphql(`
  query CustomFieldDefinitions($type: String!) {
    customFieldDefinitions(type: $type) {
      id
      key
      label
      type
      description
      required
      choices
      group
      position
      referenceType
      minValue
      maxValue
      regex
      default
    }
  }
`);

export interface CustomFieldDef {
  key: string;
  label: string;
  type: string;
  choices: string[];
  group: string;
  required: boolean;
  description?: string;
  /** Numbers and money: the smallest / largest value; text: the fewest / most characters. */
  minValue?: string | null;
  maxValue?: string | null;
  /** Text: a pattern the whole value must match ('' for none). */
  regex?: string;
  /** Given to new records that leave the field out. */
  default?: unknown;
}

export interface CustomFieldValue {
  key: string;
  value?: unknown;
}

/**
 * Every record type whose API type has `customFields` (`customFieldDefinitions(type:)` names them so):
 * Settings offers each. A test holds this list to frontend/schema/tenant.graphql.
 */
export const CUSTOMIZABLE_TYPES = ['Company', 'Contact', 'Lead', 'Deal', 'Contract', 'CustomerInvoice', 'Ticket', 'Article', 'Activity', 'Attachment', 'Entitlement', 'Warranty', 'RepairOrder', 'ReturnRequest', 'Claim', 'Campaign', 'Order'] as const;

export const CUSTOM_PREFIX = 'customFields.';
export const isCustomField = (field: string) => field.startsWith(CUSTOM_PREFIX);

/**
 * The record type's custom fields (empty while loading). The last answer is kept on the device with the
 * session copy, so a record page opened offline still shows (and queues edits of) its custom fields.
 */
export function useCustomFieldDefinitions(recordType: string): CustomFieldDef[] {
  const [{ data, error }] = useQuery({ query: CustomFieldDefinitionsDocument, variables: { type: recordType } });
  const fresh = data?.customFieldDefinitions;
  const unreachable = Boolean(error?.networkError);
  useEffect(() => {
    if (fresh) keepWithSession(`customFields|${recordType}`, fresh);
  }, [fresh, recordType]);
  return useMemo(() => {
    const found = fresh ?? (unreachable ? keptWithSession<NonNullable<typeof fresh>>(`customFields|${recordType}`) : null) ?? [];
    return found.map((d) => ({ ...d, type: String(d.type) }));
  }, [fresh, unreachable, recordType]);
}

function editorOf(def: CustomFieldDef, yes: string, no: string): Editor {
  switch (def.type) {
    case 'NUMBER':
    case 'DECIMAL':
      return { kind: 'number' };
    case 'DATE':
      return { kind: 'date' };
    case 'BOOLEAN':
      return { kind: 'select', options: [{ value: 'true', label: yes }, { value: 'false', label: no }], clearable: true };
    case 'PICKLIST':
      return { kind: 'select', options: def.choices.map((c) => ({ value: c, label: c })), clearable: true };
    case 'MULTI_PICKLIST':
      return { kind: 'list' };
    default:
      return { kind: 'text' };
  }
}

/** A stored value as its editor holds it ('' when not set). */
export function editorText(type: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (type === 'MULTI_PICKLIST' && Array.isArray(value)) return value.join(', ');
  if (type === 'MONEY' && typeof value === 'object') {
    const money = value as { amount?: string; currency?: string };
    return `${money.amount ?? ''} ${money.currency ?? ''}`.trim();
  }
  return String(value);
}

/** What the API takes for an editor's text ('' clears the field). */
export function apiValue(type: string, text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed) return null;
  switch (type) {
    case 'NUMBER':
      return Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
    case 'BOOLEAN':
      return trimmed === 'true';
    case 'MULTI_PICKLIST':
      return trimmed.split(',').map((s) => s.trim()).filter(Boolean);
    case 'MONEY': {
      const [amount, currency] = trimmed.split(/\s+/);
      return { amount, currency: currency ?? '' };
    }
    default:
      return trimmed;
  }
}

/** The update input that sets one custom field from its editor's text. */
export function customFieldInput(defs: CustomFieldDef[], field: string, text: string): { customFields: { key: string; value: unknown }[] } {
  const key = field.slice(CUSTOM_PREFIX.length);
  const def = defs.find((d) => d.key === key);
  return { customFields: [{ key, value: apiValue(def?.type ?? 'TEXT', text) }] };
}

/**
 * The record's custom fields as `RecordFields` groups: one per definition group (in form order), the
 * ungrouped ones under `title`.
 */
export function customFieldGroups(
  defs: CustomFieldDef[],
  values: readonly CustomFieldValue[] | null | undefined,
  labels: { title: string; yes: string; no: string },
): FieldGroup[] {
  const stored = new Map((values ?? []).map((v) => [v.key, v.value]));
  const groups = new Map<string, FieldDef[]>();
  for (const def of defs) {
    const fields = groups.get(def.group) ?? [];
    const text = editorText(def.type, stored.get(def.key));
    const display = def.type === 'BOOLEAN' && text ? (text === 'true' ? labels.yes : labels.no) : undefined;
    fields.push({ field: `${CUSTOM_PREFIX}${def.key}`, label: def.required ? `${def.label} *` : def.label, value: text, display, editor: editorOf(def, labels.yes, labels.no) });
    groups.set(def.group, fields);
  }
  return [...groups.entries()].map(([group, fields]) => ({ id: `custom-${group || 'fields'}`, title: group || labels.title, fields }));
}

/**
 * Whether a record page should ask for `customFields` (`@include(if: …)`): only when the type has some.
 * The page then gives them to `RecordFields` (`customFields={{ values, onSave }}`), which lays them out
 * with its own fields.
 */
export const useWantsCustomFields = (recordType: string) => useCustomFieldDefinitions(recordType).length > 0;
