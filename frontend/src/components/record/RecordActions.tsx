import { Group } from '@mantine/core';

import { registry } from '../../modules';
import type { RecordAction } from '../../modules/types';

/** The actions modules add to a record type (`recordActions` of a `CrmModule`), in order; with the
 *  record's fields, only those whose `appliesTo` accepts it. */
export function actionsFor(actions: RecordAction[], recordType: string, record?: Record<string, unknown>): RecordAction[] {
  return actions.filter((a) => a.recordTypes.includes(recordType) && (!a.appliesTo || (record !== undefined && a.appliesTo(record))));
}

/**
 * Where a record (a page, or a row of a list) shows what other modules can do with it ("Create contract"
 * on an order): one line where the record is shown, and a module adds an action by declaring it.
 */
export function RecordActions({ recordType, recordId, record, readOnly }: { recordType: string; recordId: string; record?: Record<string, unknown>; readOnly?: boolean }) {
  const actions = actionsFor(registry.recordActions, recordType, record);
  if (!actions.length || readOnly) return null;
  return (
    <Group gap="xs" wrap={record ? 'wrap' : 'nowrap'}>
      {actions.map(({ id, component: Action }) => (
        <Action key={id} recordType={recordType} recordId={recordId} />
      ))}
    </Group>
  );
}
