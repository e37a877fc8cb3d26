import { Anchor, Loader, Stack, Table, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';

import { ListError } from '../../components/list/ListError';
import { CatalogProductsDocument } from './operations';
import { StatusBadge } from '../../components/StatusBadge';

/** /catalog/products — the products, with their SKU, unit and whether they are still sold. */
export function ProductsPage() {
  const { t } = useTranslation('catalog');
  const [{ data, fetching, error }, refetch] = useQuery({ query: CatalogProductsDocument, variables: { first: 100 } });
  if (fetching && !data) return <Loader role="status" aria-label="…" />;
  if (!data) return <ListError error={error ?? new Error('?')} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('products.title')}
      </Title>
      <Table data-testid="products">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('products.name')}</Table.Th>
            <Table.Th>{t('products.sku')}</Table.Th>
            <Table.Th>{t('products.unit')}</Table.Th>
            <Table.Th>{t('products.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.products.edges.map(({ node }) => (
            <Table.Tr key={node.id}>
              <Table.Td>
                <Anchor component={Link} to={`/catalog/products/${encodeURIComponent(node.id)}`}>
                  {node.name}
                </Anchor>
              </Table.Td>
              <Table.Td>{node.sku}</Table.Td>
              <Table.Td>{node.unit}</Table.Td>
              <Table.Td>{node.active ? <StatusBadge tone="positive">{t('products.active')}</StatusBadge> : <StatusBadge tone="neutral">{t('products.inactive')}</StatusBadge>}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
