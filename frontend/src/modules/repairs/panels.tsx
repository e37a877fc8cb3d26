import { Anchor, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useQuery } from 'urql';

import { ListError } from '../../components/list/ListError';
import { useFieldAccess } from '../../components/record/fieldAccess';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { moneyText } from '../../components/record/money';
import type { RecordPanelProps } from '../types';
import { repairPath } from './logic';
import { RepairOrdersDocument, WarrantiesDocument } from './operations';
import { WarrantyStatusBadge } from './WarrantiesPage';

const PANEL_ROWS = 20;

/** A company's warranties, on its page (a `recordPanels` entry): unit, coverage, period, status; a new one for it. */
export function CompanyWarrantiesPanel({ recordId, readOnly }: RecordPanelProps) {
  const { t } = useTranslation('repairs');
  const format = useFormat();
  const navigate = useNavigate();
  const access = useFieldAccess('Warranty');
  const [{ data, error }, refetch] = useQuery({ query: WarrantiesDocument, variables: { first: PANEL_ROWS, filter: { company: { eq: recordId } }, orderBy: [{ endDate: 'DESC' }] } });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  useLiveRecords(['Warranty'], reload);
  const rows = data?.warranties.edges.map((e) => e.node) ?? [];
  return (
    <Paper withBorder p="md" radius="md" data-testid="warranties-panel">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h4">
            <Anchor component={Link} to="/repairs/warranties" inherit>
              {t('panel.warranties')}
            </Anchor>
            {data ? ` (${data.warranties.totalCount})` : ''}
          </Title>
          {!readOnly && access.canCreate && (
            <Button size="xs" variant="light" onClick={() => navigate(`/repairs/warranties?new=1&company=${encodeURIComponent(recordId)}`)}>
              {t('panel.newWarranty')}
            </Button>
          )}
        </Group>
        <ListError error={error} onRetry={reload} />
        {data && rows.length === 0 && <Text size="sm">{t('panel.none')}</Text>}
        {rows.length > 0 && (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('fields.product')}</Table.Th>
                <Table.Th>{t('fields.serialNumber')}</Table.Th>
                <Table.Th>{t('fields.coverage')}</Table.Th>
                <Table.Th>{t('fields.endDate')}</Table.Th>
                <Table.Th>{t('fields.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((warranty) => (
                <Table.Tr key={warranty.id}>
                  <Table.Td>{warranty.product?.name ?? '—'}</Table.Td>
                  <Table.Td>{warranty.serialNumber}</Table.Td>
                  <Table.Td>{t(`coverage.${warranty.coverage}`)}</Table.Td>
                  <Table.Td>{format.date(warranty.endDate)}</Table.Td>
                  <Table.Td>
                    <WarrantyStatusBadge status={warranty.status} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}

/** A ticket's repair orders, on its page (a `recordPanels` entry): number, status, total; a new one from it. */
export function TicketRepairsPanel({ recordId, readOnly }: RecordPanelProps) {
  const { t } = useTranslation('repairs');
  const format = useFormat();
  const navigate = useNavigate();
  const access = useFieldAccess('RepairOrder');
  const [{ data, error }, refetch] = useQuery({ query: RepairOrdersDocument, variables: { first: PANEL_ROWS, filter: { ticket: { eq: recordId } } } });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  useLiveRecords(['RepairOrder'], reload);
  const rows = data?.repairOrders.edges.map((e) => e.node) ?? [];
  return (
    <Paper withBorder p="md" radius="md" data-testid="repairs-panel">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t('panel.repairs')}
            {data ? ` (${data.repairOrders.totalCount})` : ''}
          </Title>
          {!readOnly && access.canCreate && (
            <Button size="xs" variant="light" onClick={() => navigate(`/repairs?new=1&ticket=${encodeURIComponent(recordId)}`)}>
              {t('panel.newRepair')}
            </Button>
          )}
        </Group>
        <ListError error={error} onRetry={reload} />
        {data && rows.length === 0 && <Text size="sm">{t('panel.none')}</Text>}
        {rows.length > 0 && (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('fields.number')}</Table.Th>
                <Table.Th>{t('fields.product')}</Table.Th>
                <Table.Th>{t('fields.status')}</Table.Th>
                <Table.Th>{t('fields.total')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((order) => (
                <Table.Tr key={order.id}>
                  <Table.Td>
                    <Anchor component={Link} to={repairPath(order.id)} size="sm">
                      {order.displayNumber}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{order.product?.name ?? '—'}</Table.Td>
                  <Table.Td>{t(`status.${order.status}`)}</Table.Td>
                  <Table.Td>{moneyText(format, order.total)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}
