import { Paper, Table, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { useFormat } from '../../locale';

interface Change {
  fromStatus?: string | null;
  toStatus: string;
  at: string;
  note: string;
  by?: { fullName: string } | null;
}

/** Every kept move of a return or a claim, oldest first (`prefix`: the statuses' translation keys). */
export function StatusHistory({ changes, prefix }: { changes: Change[]; prefix: 'status' | 'claimStatus' }) {
  const { t } = useTranslation('returns');
  const format = useFormat();
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        {t('record.statusHistory')}
      </Title>
      <Table data-testid="status-history">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('record.when')}</Table.Th>
            <Table.Th>{t('record.from')}</Table.Th>
            <Table.Th>{t('record.to')}</Table.Th>
            <Table.Th>{t('record.by')}</Table.Th>
            <Table.Th>{t('record.note')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {changes.map((change, i) => (
            <Table.Tr key={i}>
              <Table.Td>{format.date(change.at)}</Table.Td>
              <Table.Td>{change.fromStatus ? t(`${prefix}.${change.fromStatus}`) : '—'}</Table.Td>
              <Table.Td>{t(`${prefix}.${change.toStatus}`)}</Table.Td>
              <Table.Td>{change.by?.fullName ?? t('record.system')}</Table.Td>
              <Table.Td>{change.note || '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
