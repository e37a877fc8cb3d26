import { useTranslation } from 'react-i18next';

import { customFieldGroups, customFieldInput, useCustomFieldDefinitions, type CustomFieldValue } from './customFields';
import { useFieldAccess } from './fieldAccess';
import { useRecordLayout } from './layout';
import { RecordFields } from './RecordFields';

/** What a record page's update mutation takes to change custom fields. */
export type CustomFieldsChange = { customFields: { key: string; value: unknown }[] };

/**
 * The workspace's custom fields of one record, shown and edited in place: any record page whose type
 * has `customFields` puts this where its fields are and gives it the update mutation's call. Fields the
 * role hides are left out, read-only ones shown as text; nothing renders while the type has none. The
 * role's layout (Settings → Layouts) orders them and leaves off the ones it hides, on every page.
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
  const { t } = useTranslation();
  const defs = useCustomFieldDefinitions(recordType);
  const access = useFieldAccess(recordType);
  const layout = useRecordLayout(recordType);
  if (!defs.length) return null;
  const groups = customFieldGroups(defs, values, { title: t('customFieldForm.title'), yes: t('history.yes'), no: t('history.no') });
  return (
    <div data-testid="custom-fields-panel">
      <RecordFields groups={groups} layout={layout} access={access} readOnly={readOnly} columns={columns} onSave={(field, text) => onSave(customFieldInput(defs, field, text))} />
    </div>
  );
}

/** Whether a record page should ask for `customFields` (`@include(if: …)`): only when the type has some. */
export const useWantsCustomFields = (recordType: string) => useCustomFieldDefinitions(recordType).length > 0;
