import { Anchor, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useQuery } from 'urql';

import { ListError } from '../../components/list/ListError';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { moneyText } from '../../components/record/money';
import type { RecordPanelProps } from '../types';
import { claimPath, returnPath } from './logic';
import { CompanyReturnsDocument } from './operations';

/** A company's returns and claims, on its page (a `recordPanels` entry): status and money; a new one for it. */
export function CompanyReturnsPanel({ recordId, readOnly }: RecordPanelProps) {
  const { t } = useTranslation('returns');
  const format = useFormat();
  const navigate = useNavigate();
  const [{ data, error }, refetch] = useQuery({ query: CompanyReturnsDocument, variables: { company: recordId } });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  useLiveRecords(['ReturnRequest', 'Claim'], reload);
  const returns = data?.returnRequests.edges.map((e) => e.node) ?? [];
  const claims = data?.claims.edges.map((e) => e.node) ?? [];
  const company = encodeURIComponent(recordId);
  return (
    <Paper withBorder p="md" radius="md" data-testid="returns-panel">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t('panel.returns')}
            {data ? ` (${data.returnRequests.totalCount})` : ''}
          </Title>
          {!readOnly && (
            <Group gap="xs">
              <Button size="xs" variant="light" onClick={() => navigate(`/returns?new=1&company=${company}`)}>
                {t('panel.newReturn')}
              </Button>
              <Button size="xs" variant="light" onClick={() => navigate(`/returns/claims?new=1&company=${company}`)}>
                {t('panel.newClaim')}
              </Button>
            </Group>
          )}
        </Group>
        <ListError error={error} onRetry={reload} />
        {data && returns.length === 0 && <Text size="sm">{t('panel.none')}</Text>}
        {returns.length > 0 && (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('fields.number')}</Table.Th>
                <Table.Th>{t('fields.status')}</Table.Th>
                <Table.Th>{t('fields.reason')}</Table.Th>
                <Table.Th>{t('fields.refundAmount')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {returns.map((request) => (
                <Table.Tr key={request.id}>
                  <Table.Td>
                    <Anchor component={Link} to={returnPath(request.id)} size="sm">
                      {t('name', { number: request.number })}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{t(`status.${request.status}`)}</Table.Td>
                  <Table.Td>{request.reason}</Table.Td>
                  <Table.Td>{moneyText(format, request.refundAmount)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Title order={3} size="h5">
          {t('panel.claims')}
          {data ? ` (${data.claims.totalCount})` : ''}
        </Title>
        {data && claims.length === 0 && <Text size="sm">{t('panel.none')}</Text>}
        {claims.length > 0 && (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('fields.number')}</Table.Th>
                <Table.Th>{t('fields.status')}</Table.Th>
                <Table.Th>{t('fields.amountClaimed')}</Table.Th>
                <Table.Th>{t('fields.amountApproved')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {claims.map((claim) => (
                <Table.Tr key={claim.id}>
                  <Table.Td>
                    <Anchor component={Link} to={claimPath(claim.id)} size="sm">
                      {t('claimName', { number: claim.number })}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{t(`claimStatus.${claim.status}`)}</Table.Td>
                  <Table.Td>{moneyText(format, claim.amountClaimed)}</Table.Td>
                  <Table.Td>{moneyText(format, claim.amountApproved)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}
