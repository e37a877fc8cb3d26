import { Anchor, Badge, Button, Group, Loader, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { ConfirmAction } from '../../components/ConfirmAction';
import { DeleteRecord } from '../../components/record/DeleteRecord';
import { ListError } from '../../components/list/ListError';
import { RecordChanges } from '../../components/record/RecordChanges';
import { RecordActions } from '../../components/record/RecordActions';
import { RecordPanels } from '../../components/record/RecordPanels';
import { RecordFields, type CustomFieldsChange } from '../../components/record/RecordFields';
import { useWantsCustomFields } from '../../components/record/customFields';
import { useFieldAccess } from '../../components/record/fieldAccess';
import { useMemberChoices } from '../../components/members';
import { OfflineNotice } from '../../offline/OfflineNotice';
import { useSavedNode } from '../../offline/useSavedRecord';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { toast } from '../access/common';
import { CancelOrderDocument, CatalogOrderDocument, FulfilOrderDocument, UpdateOrderDocument } from './operations';
import { deliveriesOf, remaining } from './orders';
import { moneyField, moneyText } from '../../components/record/money';

/**
 * /catalog/orders/:id — one order: its deal, quote and figures, each line with what was ordered and
 * delivered, deliveries recorded line by line (the status follows), cancel, delete (asked first, with undo;
 * the server keeps a delivered or billed one), its owner and custom fields edited in place (in any status),
 * the module actions on orders (a contract, an invoice) and its history; live.
 */
export function OrderPage() {
  const { t } = useTranslation('catalog');
  const format = useFormat();
  const id = decodeURIComponent(useParams().id ?? '');
  const withCustomFields = useWantsCustomFields('Order');
  const [{ data, fetching, error }, refetch] = useQuery({ query: CatalogOrderDocument, variables: { id, withCustomFields } });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  useLiveRecords(['Order'], reload);
  const [, fulfil] = useMutation(FulfilOrderDocument);
  const [, cancel] = useMutation(CancelOrderDocument);
  const [, update] = useMutation(UpdateOrderDocument);
  const access = useFieldAccess('Order');
  const { owners } = useMemberChoices();
  const [entered, setEntered] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const { copy, node: order, waiting } = useSavedNode({ recordType: 'Order', id, data, fetching, error, name: (n) => String(n.number ?? ''), onReconnect: reload });
  if (waiting) return <Loader role="status" aria-label="…" />;
  if (!order) return copy.offline ? <OfflineNotice copy={copy} missing /> : <ListError error={error ?? new Error(t('orders.notFound'))} onRetry={reload} />;

  const open = order.status === 'OPEN' || order.status === 'PARTIALLY_FULFILLED';
  // Owner and custom fields change in any status; the figures are the accepted quote's.
  const save = async (input: { ownerId?: string | null } | CustomFieldsChange) => {
    const result = await update({ input: { id: order.id, ...input } });
    const refused = result.error?.message ?? result.data?.updateOrder.errors[0]?.message ?? null;
    if (!refused) reload();
    return refused;
  };
  const name = t('orders.name', { number: order.number });
  const onDeliver = async () => {
    const deliveries = deliveriesOf(order.lines, entered);
    if (!deliveries?.length) {
      setProblem(t(deliveries ? 'orders.nothingToDeliver' : 'orders.tooMuch'));
      return;
    }
    setBusy(true);
    const result = await fulfil({ input: { id: order.id, lines: deliveries } });
    setBusy(false);
    const refused = result.error?.message ?? result.data?.fulfilOrder.errors.map((e) => e.message).join(' ');
    setProblem(refused || null);
    if (!refused) {
      setEntered({});
      toast({ message: t('orders.deliveryRecorded') });
      reload();
    }
  };

  return (
    <Stack>
      <OfflineNotice copy={copy} missing={false} />
      <Anchor component={Link} to="/catalog/orders" size="sm">
        ← {t('orders.backToList')}
      </Anchor>
      <Group justify="space-between">
        <Group>
          <Title order={1} size="h2" data-testid="record-title">
            {name}
          </Title>
          <Badge data-testid="order-status" variant="light">
            {t(`orderStatus.${order.status}`)}
          </Badge>
        </Group>
        <Group>
          <RecordActions recordType="Order" recordId={order.id} />
          {open && (
            <Button variant="outline" color="red.8" onClick={() => setCancelling(true)}>
              {t('orders.cancel')}
            </Button>
          )}
          {access.canDelete && <DeleteRecord recordType="Order" id={order.id} name={name} listPath="/catalog/orders" />}
        </Group>
      </Group>
      {/* Its figures change by deliveries and cancelling; its owner and custom fields in place. */}
      <RecordFields
        copy={copy}
        recordType="Order"
        columns={2}
        readOnly={!access.canUpdate}
        customFields={{ values: order.customFields, onSave: save }}
        groups={[
          {
            id: 'details',
            title: t('common:recordGroups.details'),
            fields: [
              {
                field: 'deal',
                label: t('orders.deal'),
                value: order.deal.title,
                display: (
                  <Anchor component={Link} to={`/sales/deals/${encodeURIComponent(order.deal.id)}`} size="sm">
                    {order.deal.title}
                  </Anchor>
                ),
              },
              { field: 'company', label: t('orders.company'), value: order.deal.company?.name ?? '' },
              { field: 'quote', label: t('orders.quote'), value: t('quote.name', { number: order.quote.number, version: order.quote.version }) },
              moneyField(format, { field: 'total', label: t('orders.total'), money: order.total }),
              {
                field: 'owner',
                label: t('orders.owner'),
                value: order.owner?.id ?? '',
                display: order.owner ? order.owner.fullName || order.owner.email : '—',
                editor: { kind: 'select', options: owners, clearable: true },
                save: (v) => save({ ownerId: v || null }),
              },
            ],
          },
          {
            id: 'dates',
            title: t('common:recordGroups.dates'),
            fields: [
              { field: 'createdAt', label: t('orders.created'), value: format.date(order.createdAt) },
              { field: 'closedAt', label: t('orders.closed'), value: order.closedAt ? format.date(order.closedAt) : '' },
            ],
          },
        ]}
      />
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          {t('orders.lines')}
        </Title>
        <Table data-testid="order-lines">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('orders.item')}</Table.Th>
              <Table.Th>{t('orders.ordered')}</Table.Th>
              <Table.Th>{t('orders.delivered')}</Table.Th>
              {open && <Table.Th>{t('orders.deliverNow')}</Table.Th>}
              <Table.Th>{t('orders.amount')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {order.lines.map((line) => (
              <Table.Tr key={line.id} data-testid="order-line">
                <Table.Td>{line.description || line.product.name}</Table.Td>
                <Table.Td>{Number(line.quantity)}</Table.Td>
                <Table.Td data-testid="line-delivered">{Number(line.fulfilledQuantity)}</Table.Td>
                {open && (
                  <Table.Td>
                    <TextInput
                      size="xs"
                      w={110}
                      inputMode="decimal"
                      aria-label={t('orders.deliverNowOf', { item: line.description || line.product.name })}
                      disabled={remaining(line) === 0}
                      value={entered[line.id] ?? ''}
                      onChange={(e) => {
                        const value = e.currentTarget.value;
                        setEntered((now) => ({ ...now, [line.id]: value }));
                        setProblem(null);
                      }}
                    />
                  </Table.Td>
                )}
                <Table.Td>{moneyText(format, line.amount)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {open && (
          <Group mt="sm">
            <Button variant="default" size="xs" onClick={() => setEntered(Object.fromEntries(order.lines.filter((l) => remaining(l) > 0).map((l) => [l.id, String(remaining(l))])))}>
              {t('orders.deliverAll')}
            </Button>
            <Button size="xs" loading={busy} onClick={onDeliver}>
              {t('orders.recordDelivery')}
            </Button>
          </Group>
        )}
        {problem && (
          <Text c="red.9" size="sm" mt="xs" role="alert">
            {problem}
          </Text>
        )}
      </Paper>
      <RecordChanges ns="catalog" history={order.history} prefix="orders" title={t('orders.history')} />
      <RecordPanels recordType="Order" recordId={order.id} readOnly={!open} />
      {cancelling && (
        <ConfirmAction
          title={t('orders.cancelTitle', { number: order.number })}
          message={t('orders.cancelMessage')}
          confirmLabel={t('orders.cancel')}
          onClose={() => setCancelling(false)}
          onConfirm={async () => {
            const result = await cancel({ input: { id: order.id } });
            const refused = result.error?.message ?? result.data?.cancelOrder.errors[0]?.message;
            toast(refused ? { color: 'red', message: refused } : { message: t('orders.cancelled') });
            reload();
          }}
        />
      )}
    </Stack>
  );
}
