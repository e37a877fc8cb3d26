import { Group } from '@mantine/core';

import { registry } from '../../modules';
import type { RecordAction } from '../../modules/types';

/** The actions modules add to a record type (`recordActions` of a `CrmModule`), in order. */
export function actionsFor(actions: RecordAction[], recordType: string): RecordAction[] {
  return actions.filter((a) => a.recordTypes.includes(recordType));
}

/**
 * Where a record (a page, or a row of a list) shows what other modules can do with it ("Create contract"
 * on an order): one line where the record is shown, and a module adds an action by declaring it.
 */
export function RecordActions({ recordType, recordId, readOnly }: { recordType: string; recordId: string; readOnly?: boolean }) {
  const actions = actionsFor(registry.recordActions, recordType);
  if (!actions.length || readOnly) return null;
  return (
    <Group gap="xs" wrap="nowrap">
      {actions.map(({ id, component: Action }) => (
        <Action key={id} recordType={recordType} recordId={recordId} />
      ))}
    </Group>
  );
}
