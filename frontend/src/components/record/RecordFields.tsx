import { Paper, SimpleGrid, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

import type { FieldAccess } from './fieldAccess';
import { applyLayout, type LayoutField } from './layout';
import { InlineField, type Editor } from './InlineField';

/** One field of a record page, declared: where it is, what it holds, how it is edited. */
export interface FieldDef {
  /** The API's field name (camelCase); field rules are matched on it. */
  field: string;
  label: string;
  /** The value as its editor holds it ('' when empty). */
  value: string;
  display?: ReactNode;
  /** No editor: never editable here (computed, or changed elsewhere). */
  editor?: Editor;
}

export interface FieldGroup {
  id: string;
  title: string;
  fields: FieldDef[];
}

/**
 * Every field of a record, in titled groups: fields the role hides are left out, read-only ones
 * shown as text, the rest edited in place (`onSave(field, value)` returns the error to show).
 */
export function RecordFields({
  groups,
  access,
  readOnly,
  onSave,
  columns = 1,
  layout = [],
}: {
  groups: FieldGroup[];
  /** The role's layout (`useRecordLayout(type)`): field order and fields left off. */
  layout?: LayoutField[];
  /** Groups side by side from the small breakpoint up (1 in a side column). */
  columns?: number;
  access: FieldAccess;
  /** The whole record is read-only (offline copy). */
  readOnly?: boolean;
  onSave: (field: string, value: string) => Promise<string | null>;
}) {
  return (
    <SimpleGrid cols={{ base: 1, sm: columns }} spacing="md" data-testid="record-fields">
      {applyLayout(groups, layout).map((group) => {
        const fields = group.fields.filter((f) => !access.hidden(f.field));
        if (!fields.length) return null;
        return (
          <Paper key={group.id} withBorder p="md" radius="md" data-testid={`field-group-${group.id}`}>
            <Title order={2} size="h4" mb="sm">
              {group.title}
            </Title>
            <dl className="dl-grid">
              {fields.map((f) => (
                <FieldRow key={f.field} def={f} readOnly={readOnly || !f.editor || access.readOnly(f.field)} onSave={(v) => onSave(f.field, v)} />
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
        <InlineField label={def.label} value={def.value} display={def.display} editor={def.editor ?? { kind: 'text' }} readOnly={readOnly} onSave={onSave} />
      </Text>
    </>
  );
}
