import { useCustomFieldDefinitions, type CustomFieldValue } from './customFields';
import { RecordFields, type CustomFieldsChange } from './RecordFields';

export type { CustomFieldsChange } from './RecordFields';

/**
 * Only the workspace's custom fields of one record, for a place that shows no built-in fields (record
 * pages give theirs to `RecordFields` with `customFields`, which puts both in the layout's order).
 * Nothing renders while the type has none.
 */
export function CustomFieldsPanel({
  recordType,
  values,
  onSave,
  readOnly,
  columns = 1,
}: {
  recordType: string;
  values: readonly CustomFieldValue[] | null | undefined;
  /** Send `{customFields: [...]}` in the record's update input; resolve to the error to show, or null. */
  onSave: (change: CustomFieldsChange) => Promise<string | null>;
  readOnly?: boolean;
  columns?: number;
}) {
  const defs = useCustomFieldDefinitions(recordType);
  if (!defs.length) return null;
  return (
    <div data-testid="custom-fields-panel">
      <RecordFields recordType={recordType} groups={[]} customFields={{ values, onSave }} readOnly={readOnly} columns={columns} />
    </div>
  );
}

/** Whether a record page should ask for `customFields` (`@include(if: …)`): only when the type has some. */
export const useWantsCustomFields = (recordType: string) => useCustomFieldDefinitions(recordType).length > 0;
