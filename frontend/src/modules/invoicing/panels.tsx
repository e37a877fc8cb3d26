import { Anchor, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { FormError, outcome } from '../access/common';
import { moneyText } from '../../components/record/money';
import type { RecordPanelProps } from '../types';
import { invoicePath, StatusBadge } from './InvoicesPage';
import { CompanyOutstandingDocument, CustomerBalancesDocument, DealOrdersInvoicesDocument, InvoiceOrderDocument, OrderInvoicesDocument } from './operations';

/** On the company page: what the customer was invoiced, paid and still owes (per currency), and its latest invoices. */
export function BalancePanel({ recordId }: RecordPanelProps) {
  const { t } = useTranslation('invoicing');
  const format = useFormat();
  const [{ data, error }, refetch] = useQuery({ query: CustomerBalancesDocument, variables: { companyId: recordId } });
  const [{ data: company }, refetchOwed] = useQuery({ query: CompanyOutstandingDocument, variables: { id: recordId } });
  useLiveRecords(['CustomerInvoice'], () => {
    refetch({ requestPolicy: 'network-only' });
    refetchOwed({ requestPolicy: 'network-only' });
  });
  if (!data && error) return null; // a role that may not see invoice amounts: no panel
  const balances = data?.customerBalances ?? [];
  const owed = company?.node?.__typename === 'Company' ? company.node.outstandingBalance : null;
  const invoices = data?.invoices.edges.map((e) => e.node) ?? [];
  return (
    <Paper withBorder p="md" data-testid="balance-panel">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t('balance.title')}
          </Title>
          <Anchor component={Link} to={`/invoices?company=${encodeURIComponent(recordId)}`} size="sm">
            {t('balance.all')}
          </Anchor>
        </Group>
        {owed && (
          <Text fw={600} data-testid="outstanding-balance">
            {owed.length ? t('balance.owes', { amounts: owed.map((m) => moneyText(format, m)).join(', ') }) : t('balance.owesNothing')}
          </Text>
        )}
        {balances.length === 0 ? (
          <Text size="sm">{t('balance.none')}</Text>
        ) : (
          <Table data-testid="balances">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('fields.currency')}</Table.Th>
                <Table.Th>{t('balance.invoiced')}</Table.Th>
                <Table.Th>{t('balance.paid')}</Table.Th>
                <Table.Th>{t('balance.outstanding')}</Table.Th>
                <Table.Th>{t('balance.overdue')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {balances.map((row) => (
                <Table.Tr key={row.currency} data-testid="balance-row">
                  <Table.Td>{row.currency}</Table.Td>
                  <Table.Td>{moneyText(format, row.invoiced)}</Table.Td>
                  <Table.Td>{moneyText(format, row.paid)}</Table.Td>
                  <Table.Td data-testid="balance-outstanding">{moneyText(format, row.outstanding)}</Table.Td>
                  <Table.Td>{moneyText(format, row.overdue)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {invoices.length > 0 && (
          <Stack gap={4}>
            {invoices.map((invoice) => (
              <Group key={invoice.id} gap="xs">
                <Anchor component={Link} to={invoicePath(invoice.id)} size="sm">
                  {invoice.number ? invoice.displayNumber : t('status.DRAFT')}
                </Anchor>
                <StatusBadge status={invoice.status} overdue={invoice.isOverdue} />
                <Text size="sm">{moneyText(format, invoice.total)}</Text>
              </Group>
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

/** On the deal page: its orders, each with its invoice or an "Invoice this order" action. */
export function OrderInvoicesPanel({ recordId, readOnly }: RecordPanelProps) {
  const { t } = useTranslation('invoicing');
  const format = useFormat();
  const navigate = useNavigate();
  const [{ data }] = useQuery({ query: DealOrdersInvoicesDocument, variables: { dealId: recordId } });
  const orders = data?.orders.edges.map((e) => e.node) ?? [];
  const orderIds = orders.map((o) => o.id);
  const [{ data: invoiced }] = useQuery({ query: OrderInvoicesDocument, variables: { orderIds }, pause: orderIds.length === 0 });
  const [, invoiceOrder] = useMutation(InvoiceOrderDocument);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const invoices = invoiced?.invoices.edges.map((e) => e.node).filter((i) => i.status !== 'VOID') ?? [];
  const run = async (orderId: string) => {
    const result = await invoiceOrder({ input: { orderId } });
    const found = outcome(result, (d) => d.invoiceOrder, t);
    setErrors(found);
    const id = result.data?.invoiceOrder.invoice?.id;
    if (!Object.keys(found).length && id) navigate(invoicePath(id));
  };
  if (!orders.length) return null;
  return (
    <Paper withBorder p="md" data-testid="order-invoices">
      <Title order={2} size="h4" mb="sm">
        {t('order.title')}
      </Title>
      <Stack gap="xs">
        {orders.map((order) => {
          const invoice = invoices.find((i) => i.order?.id === order.id);
          return (
            <Group key={order.id} gap="sm">
              <Text size="sm" fw={600}>
                {t('order.name', { number: order.number })}
              </Text>
              <Text size="sm">{moneyText(format, order.total)}</Text>
              {invoice ? (
                <Anchor component={Link} to={invoicePath(invoice.id)} size="sm">
                  {t('order.invoiced', { number: invoice.displayNumber })}
                </Anchor>
              ) : (
                !readOnly &&
                order.status !== 'CANCELLED' && (
                  <Button size="xs" onClick={() => void run(order.id)}>
                    {t('order.invoiceThis')}
                  </Button>
                )
              )}
            </Group>
          );
        })}
        <FormError errors={errors} />
      </Stack>
    </Paper>
  );
}
