import { Stack } from '@mantine/core';

import { registry } from '../../modules';
import type { RecordPanel } from '../../modules/types';

/** The panels modules add to a record type's page (`recordPanels` of a `CrmModule`), in order. */
export function panelsFor(panels: RecordPanel[], recordType: string): RecordPanel[] {
  return panels.filter((p) => p.recordTypes.includes(recordType) || p.recordTypes.includes('*'));
}

/**
 * Where a record page shows what other modules attach to its records (a record's tasks...): one line
 * on the page, and a module adds a panel by declaring it, without touching the page.
 */
export function RecordPanels({ recordType, recordId, readOnly }: { recordType: string; recordId: string; readOnly?: boolean }) {
  const panels = panelsFor(registry.recordPanels, recordType);
  if (!panels.length) return null;
  return (
    <Stack data-testid="record-panels">
      {panels.map(({ id, component: Panel }) => (
        <Panel key={id} recordType={recordType} recordId={recordId} readOnly={readOnly} />
      ))}
    </Stack>
  );
}
