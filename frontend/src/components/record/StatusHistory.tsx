import { Paper, Table, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { useFormat } from '../../locale';

/** One kept status move, as the record types with a lifecycle give it (`statusHistory`). */
export interface StatusMove {
  fromStatus?: string | null;
  toStatus: string;
  at: string;
  note: string;
  by?: { fullName: string } | null;
}

/**
 * A record's status moves, oldest first: when, from, to, who, note. `status` names a status in the
 * module's language (`status.ACTIVE`); `withTime` shows the moment, not only the day.
 */
export function StatusHistory({ changes, status, withTime = false }: { changes: StatusMove[]; status: (value: string) => string; withTime?: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        {t('history.statusHistory')}
      </Title>
      <Table data-testid="status-history">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('history.when')}</Table.Th>
            <Table.Th>{t('history.from')}</Table.Th>
            <Table.Th>{t('history.to')}</Table.Th>
            <Table.Th>{t('history.by')}</Table.Th>
            <Table.Th>{t('history.note')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {changes.map((change, i) => (
            <Table.Tr key={i} data-testid="status-move">
              <Table.Td>{withTime ? format.dateTime(change.at) : format.date(change.at)}</Table.Td>
              <Table.Td>{change.fromStatus ? status(change.fromStatus) : t('history.action.create')}</Table.Td>
              <Table.Td>{status(change.toStatus)}</Table.Td>
              <Table.Td>{change.by?.fullName ?? t('history.system')}</Table.Td>
              <Table.Td>{change.note || '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
