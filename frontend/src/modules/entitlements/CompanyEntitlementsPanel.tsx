import { Anchor, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useQuery } from 'urql';

import { ListError } from '../../components/list/ListError';
import { useFieldAccess } from '../../components/record/fieldAccess';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import type { RecordPanelProps } from '../types';
import { LeftText } from './EntitlementsPage';
import { entitlementPath } from './logic';
import { CompanyEntitlementsDocument } from './operations';

/** A company's entitlements, on its page (a `recordPanels` entry): kind, status, what is left, end; a new one for it. */
export function CompanyEntitlementsPanel({ recordId, readOnly }: RecordPanelProps) {
  const { t } = useTranslation('entitlements');
  const format = useFormat();
  const navigate = useNavigate();
  const access = useFieldAccess('Entitlement');
  const [{ data, error }, refetch] = useQuery({ query: CompanyEntitlementsDocument, variables: { company: recordId } });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  useLiveRecords(['Entitlement'], reload);
  if (!access.loading && !access.canRead) return null;
  const rows = data?.entitlements.edges.map((e) => e.node) ?? [];
  return (
    <Paper withBorder p="md" radius="md" data-testid="entitlements-panel">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t('panel.entitlements')}
            {data ? ` (${data.entitlements.totalCount})` : ''}
          </Title>
          {!readOnly && access.canCreate && (
            <Button size="xs" variant="light" onClick={() => navigate(`/entitlements?new=1&company=${encodeURIComponent(recordId)}`)}>
              {t('panel.newEntitlement')}
            </Button>
          )}
        </Group>
        <ListError error={error} onRetry={reload} />
        {data && rows.length === 0 && <Text size="sm">{t('panel.none')}</Text>}
        {rows.length > 0 && (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('fields.name')}</Table.Th>
                <Table.Th>{t('fields.status')}</Table.Th>
                <Table.Th>{t('fields.remaining')}</Table.Th>
                <Table.Th>{t('fields.endDate')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((entitlement) => (
                <Table.Tr key={entitlement.id} data-testid="company-entitlement">
                  <Table.Td>
                    <Anchor component={Link} to={entitlementPath(entitlement.id)} size="sm">
                      {entitlement.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{t(`status.${entitlement.status}`)}</Table.Td>
                  <Table.Td>
                    <LeftText entitlement={entitlement} />
                  </Table.Td>
                  <Table.Td>{format.date(entitlement.endDate)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}
