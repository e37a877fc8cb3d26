import { Paper, SimpleGrid, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { customFieldGroups, customFieldInput, isCustomField, useCustomFieldDefinitions, type CustomFieldValue } from './customFields';
import { useFieldAccess, type FieldAccess } from './fieldAccess';
import { applyLayout, useRecordLayout, type PageLayout } from './layout';
import { InlineField, type Editor } from './InlineField';
import { queueFieldEdit, type SavedCopy } from '../../offline/useSavedRecord';

/** One field of a record page, declared: where it is, what it holds, how it is edited. */
export interface FieldDef {
  /** The API's field name (camelCase); field rules and layouts name it so. */
  field: string;
  label: string;
  /** The value as its editor holds it ('' when empty). */
  value: string;
  display?: ReactNode;
  /** No editor: never editable here (computed, or changed elsewhere). */
  editor?: Editor;
  /** Saves this field (instead of the page's `onSave`): a field with its own mutation (a deal's stage). */
  save?: (value: string) => Promise<string | null>;
  /** Not editable on this record whatever the role (a posted invoice, a closed ticket). */
  readOnly?: boolean;
  /**
   * The page's own editor, shown instead of the in-place one while the field is editable (a select that
   * moves a deal to a stage at once); read-only, the field shows `display` / `value` as any other.
   */
  control?: ReactNode;
}

export interface FieldGroup {
  id: string;
  title: string;
  fields: FieldDef[];
}

/** What a record page's update mutation takes to change custom fields. */
export type CustomFieldsChange = { customFields: { key: string; value: unknown }[] };

/** The record's custom fields and how to save them (the update mutation with `{customFields: [...]}`). */
export interface CustomFieldsOf {
  values: readonly CustomFieldValue[] | null | undefined;
  /** Resolve to the error to show next to the field, or null when saved. */
  onSave: (change: CustomFieldsChange) => Promise<string | null>;
  /** Shown, not edited (no update right on the record). Offline, `RecordFields.copy` queues their edits. */
  readOnly?: boolean;
}

/**
 * The custom groups put with the page's own: a custom field whose definition's group names one of the
 * page's groups (its id or title) joins it, the others follow in groups of their own.
 */
export function withCustomGroups(groups: FieldGroup[], custom: FieldGroup[]): FieldGroup[] {
  const merged = groups.map((g) => ({ ...g, fields: [...g.fields] }));
  const rest: FieldGroup[] = [];
  for (const group of custom) {
    const name = group.id.replace(/^custom-/, '').toLowerCase();
    const home = merged.find((g) => g.id.toLowerCase() === name || g.title.toLowerCase() === group.title.toLowerCase());
    if (home) home.fields.push(...group.fields);
    else rest.push(group);
  }
  return [...merged, ...rest];
}

/**
 * Every field of a record, built-in and custom, in titled groups, as the role's layout (Settings →
 * Layouts) orders them (fields and groups) and leaving off those it hides. A page declares its fields once (label, value,
 * editor, read-only rules); this component reads the role's field rules, the layout and the type's custom
 * fields by itself: fields the role hides are left out, read-only ones shown as text, the rest edited in
 * place (`onSave(field, value)` or the field's own `save` returns the error to show).
 */
export function RecordFields({
  recordType,
  groups,
  customFields,
  readOnly,
  onSave,
  columns = 1,
  builtInReadOnly,
  access: givenAccess,
  layout: givenLayout,
  copy,
}: {
  /** The API type (`Deal`): its field rules, layout and custom fields. */
  recordType: string;
  groups: FieldGroup[];
  /** The record's custom fields: shown with the page's own (none: custom fields are not shown here). */
  customFields?: CustomFieldsOf;
  /** Groups side by side from the small breakpoint up (1 in a side column). */
  columns?: number;
  /** The whole record is read-only (no update right on it; an offline copy of a type not edited offline). */
  readOnly?: boolean;
  /** Only the page's own fields are read-only (a closed return whose custom fields the server still takes). */
  builtInReadOnly?: boolean;
  /** `def`: the field as declared (its label, the value shown before, its editor), e.g. to queue an edit made offline. */
  onSave?: (field: string, value: string, def: FieldDef) => Promise<string | null>;
  /** Instead of the role's own (tests, previews). */
  access?: FieldAccess;
  layout?: PageLayout;
  /**
   * The page's copy kept offline (`useSavedRecord`). Offline, custom fields are edited into the queue
   * (sent with `expectedVersion` once back online, conflicts shown like built-in fields'), built-in ones
   * through the page's `onSave` (`queueFieldEdit`), and fields saved by a mutation of their own (`save`,
   * `control`), or all built-in ones when the page gives no `onSave`, are read-only.
   */
  copy?: SavedCopy<unknown>;
}) {
  const { t } = useTranslation();
  const roleAccess = useFieldAccess(recordType);
  const roleLayout = useRecordLayout(recordType);
  const defs = useCustomFieldDefinitions(recordType);
  const access = givenAccess ?? roleAccess;
  const layout = givenLayout ?? roleLayout;
  const shownCustom = customFields && defs.length ? customFieldGroups(defs, customFields.values, { title: t('customFieldForm.title'), yes: t('history.yes'), no: t('history.no') }) : [];
  const custom = customFields?.readOnly ? shownCustom.map((g) => ({ ...g, fields: g.fields.map((f) => ({ ...f, readOnly: true })) })) : shownCustom;
  const queued = copy?.offline ? copy : null;
  const saveOf = (def: FieldDef) => (value: string) => {
    if (queued && isCustomField(def.field)) return queueFieldEdit(queued, (field, text) => customFieldInput(defs, field, text))(def.field, value, def);
    if (def.save) return def.save(value);
    if (customFields && isCustomField(def.field)) return customFields.onSave(customFieldInput(defs, def.field, value));
    return onSave ? onSave(def.field, value, def) : Promise.resolve(null);
  };
  return (
    <SimpleGrid cols={{ base: 1, sm: columns }} spacing="md" data-testid="record-fields">
      {applyLayout(withCustomGroups(groups, custom), layout).map((group) => {
        const fields = group.fields.filter((f) => !access.hidden(f.field));
        if (!fields.length) return null;
        return (
          <Paper key={group.id} withBorder p="md" radius="md" data-testid={`field-group-${group.id}`}>
            <Title order={2} size="h4" mb="sm">
              {group.title}
            </Title>
            <dl className="dl-grid">
              {fields.map((f) => (
                <FieldRow
                  key={f.field}
                  def={queued && f.control ? { ...f, control: undefined } : f}
                  readOnly={readOnly || (builtInReadOnly && !isCustomField(f.field)) || (queued !== null && !isCustomField(f.field) && (Boolean(f.save || f.control) || !onSave)) || !(f.editor || f.control) || !!f.readOnly || access.readOnly(f.field)}
                  onSave={saveOf(f)}
                />
              ))}
            </dl>
          </Paper>
        );
      })}
    </SimpleGrid>
  );
}

function FieldRow({ def, readOnly, onSave }: { def: FieldDef; readOnly: boolean; onSave: (value: string) => Promise<string | null> }) {
  return (
    <>
      <Text component="dt" size="sm" fw={600}>
        {def.label}
      </Text>
      <Text component="dd" size="sm" m={0} style={{ overflowWrap: 'anywhere' }} data-field={def.field}>
        {def.control && !readOnly ? def.control : <InlineField label={def.label} value={def.value} display={def.display} editor={def.editor ?? { kind: 'text' }} readOnly={readOnly} onSave={onSave} />}
      </Text>
    </>
  );
}
