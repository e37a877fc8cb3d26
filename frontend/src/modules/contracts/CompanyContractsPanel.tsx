import { Anchor, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useQuery } from 'urql';

import { ListError } from '../../components/list/ListError';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { moneyText } from '../../components/record/money';
import type { RecordPanelProps } from '../types';
import { contractPath } from './logic';
import { CompanyContractsDocument } from './operations';

/** A company's contracts, on its page (a `recordPanels` entry): status, period, value; a new one for it. */
export function CompanyContractsPanel({ recordId, readOnly }: RecordPanelProps) {
  const { t } = useTranslation('contracts');
  const format = useFormat();
  const navigate = useNavigate();
  const [{ data, error }, refetch] = useQuery({ query: CompanyContractsDocument, variables: { company: recordId } });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  useLiveRecords(['Contract'], reload);
  const rows = data?.contracts.edges.map((e) => e.node) ?? [];
  return (
    <Paper withBorder p="md" radius="md" data-testid="contracts-panel">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t('panel.contracts')}
            {data ? ` (${data.contracts.totalCount})` : ''}
          </Title>
          {!readOnly && (
            <Button size="xs" variant="light" onClick={() => navigate(`/contracts?new=1&company=${encodeURIComponent(recordId)}`)}>
              {t('panel.newContract')}
            </Button>
          )}
        </Group>
        <ListError error={error} onRetry={reload} />
        {data && rows.length === 0 && <Text size="sm">{t('panel.none')}</Text>}
        {rows.length > 0 && (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('fields.title')}</Table.Th>
                <Table.Th>{t('fields.status')}</Table.Th>
                <Table.Th>{t('fields.endDate')}</Table.Th>
                <Table.Th>{t('fields.value')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((contract) => (
                <Table.Tr key={contract.id}>
                  <Table.Td>
                    <Anchor component={Link} to={contractPath(contract.id)} size="sm">
                      {t('name', { number: contract.number })} {contract.title}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{t(`status.${contract.status}`)}</Table.Td>
                  <Table.Td>{format.date(contract.endDate)}</Table.Td>
                  <Table.Td>{moneyText(format, contract.value)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}
