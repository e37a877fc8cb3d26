import { Anchor, Loader, Stack, Table, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';

import { ListError } from '../../components/list/ListError';
import { RecordActions } from '../../components/record/RecordActions';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { CatalogOrdersDocument } from './operations';
import { figure } from './pricing';

/** /catalog/orders — orders from accepted quotes, with how much of them was delivered. */
export function OrdersPage() {
  const { t } = useTranslation('catalog');
  const format = useFormat();
  const [{ data, fetching, error }, refetch] = useQuery({ query: CatalogOrdersDocument, variables: { first: 100 } });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  useLiveRecords(['Order'], reload);
  if (fetching && !data) return <Loader role="status" aria-label="…" />;
  if (!data) return <ListError error={error ?? new Error('?')} onRetry={reload} />;
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('orders.title')}
      </Title>
      <Table data-testid="orders">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('orders.number')}</Table.Th>
            <Table.Th>{t('orders.deal')}</Table.Th>
            <Table.Th>{t('orders.quote')}</Table.Th>
            <Table.Th>{t('orders.status')}</Table.Th>
            <Table.Th>{t('orders.delivered')}</Table.Th>
            <Table.Th>{t('orders.total')}</Table.Th>
            <Table.Th>{t('orders.created')}</Table.Th>
            <Table.Th>{t('orders.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.orders.edges.map(({ node }) => (
            <Table.Tr key={node.id} data-testid="order">
              <Table.Td>{t('orders.name', { number: node.number })}</Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/sales/deals/${encodeURIComponent(node.deal.id)}`}>
                  {node.deal.title}
                </Anchor>
              </Table.Td>
              <Table.Td>{t('quote.name', { number: node.quote.number, version: node.quote.version })}</Table.Td>
              <Table.Td>{t(`orderStatus.${node.status}`)}</Table.Td>
              <Table.Td>{node.lines.map((line) => `${line.description}: ${Number(line.fulfilledQuantity)}/${Number(line.quantity)}`).join(' · ')}</Table.Td>
              <Table.Td>{figure(node.total)}</Table.Td>
              <Table.Td>{format.date(node.createdAt)}</Table.Td>
              <Table.Td>
                <RecordActions recordType="Order" recordId={node.id} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
