import { Anchor, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';

import { ListError } from '../../components/list/ListError';
import { CatalogProductDocument } from './operations';

/** /catalog/products/:id — a product and its price tiers in every price book. */
export function ProductPage() {
  const { t } = useTranslation('catalog');
  const id = decodeURIComponent(useParams().id ?? '');
  const [{ data, fetching, error }, refetch] = useQuery({ query: CatalogProductDocument, variables: { id } });
  const product = data?.node?.__typename === 'Product' ? data.node : null;
  if (fetching && !data) return <Loader role="status" aria-label="…" />;
  if (!product) return <ListError error={error ?? new Error(t('products.notFound'))} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  return (
    <Stack>
      <Anchor component={Link} to="/catalog/products">
        {t('products.title')}
      </Anchor>
      <Title order={1} size="h2">
        {product.name}
      </Title>
      <Text>
        {t('products.sku')}: {product.sku} · {t('products.unit')}: {product.unit} · {product.active ? t('products.active') : t('products.inactive')}
      </Text>
      {product.description && <Text>{product.description}</Text>}
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          {t('products.prices')}
        </Title>
        <Table data-testid="price-tiers">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('products.priceBook')}</Table.Th>
              <Table.Th>{t('products.fromQuantity')}</Table.Th>
              <Table.Th>{t('products.unitPrice')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {product.prices.map((price) => (
              <Table.Tr key={price.id}>
                <Table.Td>
                  {price.priceBook.name}
                  {price.priceBook.active ? '' : ` (${t('products.inactive')})`}
                </Table.Td>
                <Table.Td>{Number(price.minQuantity)}</Table.Td>
                <Table.Td>{`${String(price.unitPrice)} ${price.priceBook.currency}`}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    </Stack>
  );
}
