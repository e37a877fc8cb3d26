import { Badge, Group, Stack, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { useFormat } from '../../locale';

/** One audit entry as the API gives it (`AuditEntry`): the server already left out fields the role hides. */
export interface HistoryEntry {
  id: string;
  createdAt: string;
  actorName: string;
  action: string;
  recordType?: string;
  changes: unknown;
}

interface Change {
  old: unknown;
  new: unknown;
}

// Bookkeeping a merge records beside the field changes; not fields of the record.
const NOT_FIELDS = new Set(['moved', 'filled', 'picked', 'merged_from', 'merged_into', 'reason']);

export function camelCase(name: string): string {
  return name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** The field changes of an entry, in a stable order, without the merge bookkeeping. */
export function fieldChanges(changes: unknown): [string, Change][] {
  if (!changes || typeof changes !== 'object') return [];
  return Object.entries(changes as Record<string, unknown>)
    .filter(([name, change]) => !NOT_FIELDS.has(name) && !!change && typeof change === 'object' && 'new' in (change as object))
    .map(([name, change]) => [name, change as Change]);
}

function isBlank(raw: unknown): boolean {
  return raw === null || raw === undefined || raw === '' || (Array.isArray(raw) && !raw.length);
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * A record's history (or the audit log): when, who (their name), what, and each field's old → new
 * value with the field's label in the interface language. Modules pass `label` (field name as stored,
 * e.g. `credit_rating` → “Credit rating”) and may pass `value` for values they know how to name
 * (choices, owners); anything else is shown plainly.
 */
export function HistoryList({
  items,
  label,
  value,
  recordLink,
  testId = 'history',
}: {
  items: HistoryEntry[];
  label: (field: string) => string;
  value?: (field: string, raw: unknown) => string | null | undefined;
  recordLink?: (entry: HistoryEntry) => ReactNode;
  testId?: string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!items.length) return <Text size="sm">{t('history.empty')}</Text>;
  const show = (field: string, raw: unknown): string => {
    const named = value?.(field, raw);
    if (named != null) return named;
    if (isBlank(raw)) return '—';
    if (typeof raw === 'boolean') return raw ? t('history.yes') : t('history.no');
    if (typeof raw === 'number') return format.number(raw);
    if (typeof raw === 'string') return ISO_DATE_TIME.test(raw) ? format.dateTime(raw) : raw;
    if (Array.isArray(raw)) return raw.map((item) => (typeof item === 'object' ? Object.values(item ?? {}).filter(Boolean).join(' ') : String(item))).join(', ');
    return Object.values(raw as Record<string, unknown>).filter((v) => v !== null && v !== '').join(' ');
  };
  return (
    <Table verticalSpacing={6} data-testid={testId}>
      <Table.Tbody>
        {items.map((entry) => {
          // A creation lists the values the record was created with, not every field left blank.
          const changes = fieldChanges(entry.changes).filter(([, change]) => entry.action !== 'create' || !isBlank(change.new));
          return (
            <Table.Tr key={entry.id} data-testid="history-entry">
              <Table.Td style={{ verticalAlign: 'top', whiteSpace: 'nowrap' }}>
                <Text size="sm">{format.dateTime(entry.createdAt)}</Text>
                <Text size="xs" c="dimmed" data-testid="history-actor">
                  {entry.actorName || t('history.system')}
                </Text>
              </Table.Td>
              <Table.Td style={{ verticalAlign: 'top' }}>
                <Stack gap={4}>
                  <Group gap="xs">
                    <Badge variant="light" size="sm">
                      {t(`history.action.${entry.action}`, { defaultValue: entry.action })}
                    </Badge>
                    {recordLink?.(entry)}
                  </Group>
                  {changes.map(([field, change]) => (
                    <Text size="sm" key={field} data-testid="history-change">
                      <Text span fw={600}>
                        {label(field)}
                      </Text>
                      {': '}
                      {entry.action === 'create' || change.old === null ? (
                        show(field, change.new)
                      ) : (
                        <>
                          <Text span c="dimmed" td="line-through">
                            {show(field, change.old)}
                          </Text>
                          {' → '}
                          {show(field, change.new)}
                        </>
                      )}
                    </Text>
                  ))}
                </Stack>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
