import { ActionIcon, Alert, Anchor, Button, Group, Loader, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { type OperationResult, useMutation, useQuery } from 'urql';

import { ConfirmAction, notifyWithUndo } from '../../components/ConfirmAction';
import { IconTrash } from '../../components/icons';
import { ListError } from '../../components/list/ListError';
import { RecordChanges } from '../../components/record/RecordChanges';
import { StatusHistory } from '../../components/record/StatusHistory';
import { RecordFields } from '../../components/record/RecordFields';
import { useFieldAccess } from '../../components/record/fieldAccess';
import { RecordPanels } from '../../components/record/RecordPanels';
import type { RepairOrderQuery, RepairStatus } from '../../gql/tenant/graphql';
import { OfflineNotice } from '../../offline/OfflineNotice';
import { useSavedNode } from '../../offline/useSavedRecord';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { FormError, outcome } from '../access/common';
import { invoicePath } from '../invoicing/InvoicesPage';
import { moneyText } from '../../components/record/money';
import { coverageOf, LINE_KINDS, listPrice, priceText, repairFigures, trimZeros, type FigureLine, type RepairFigures } from './logic';
import {
  AddRepairLineDocument,
  DeleteRepairOrderDocument,
  InvoiceRepairOrderDocument,
  MoveRepairOrderDocument,
  RemoveRepairLineDocument,
  RepairOrderDocument,
  RestoreRepairOrderDocument,
  UpdateRepairLineDocument,
  UpdateRepairOrderDocument,
} from './operations';
import { useRepairOptions, withChosen } from './options';
import { RepairStatusBadge } from './RepairsPage';
import { useWantsCustomFields } from '../../components/record/customFields';

type Order = Extract<NonNullable<RepairOrderQuery['node']>, { __typename: 'RepairOrder' }>;
type Line = NonNullable<Order['lines']>[number];

interface DraftLine {
  kind: string;
  productId: string;
  description: string;
  quantity: string;
  unitPrice: string;
  /** The unit price was typed, not taken from the price book. */
  priced: boolean;
}

const emptyLine = (): DraftLine => ({ kind: 'PART', productId: '', description: '', quantity: '1', unitPrice: '', priced: false });
const CLOSED = ['RETURNED', 'CANCELLED'];

/**
 * /repairs/:id — one repair order: fields edited in place, the moves its lifecycle allows (with a
 * note, kept in its status history), the warranty it was matched to, its parts, labour and fees with
 * live figures, the invoice it makes, its changes and the panels other modules add; delete with undo.
 */
export function RepairPage() {
  const { t } = useTranslation('repairs');
  const format = useFormat();
  const navigate = useNavigate();
  const access = useFieldAccess('RepairOrder');
  const { owners, companies, productChoices, products } = useRepairOptions();
  const id = decodeURIComponent(useParams().id ?? '');
  const withCustomFields = useWantsCustomFields('RepairOrder');
  const [{ data, fetching, error }, refetch] = useQuery({ query: RepairOrderDocument, variables: { id, withCustomFields } });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  useLiveRecords(['RepairOrder'], reload, { ids: [id] });
  const [, update] = useMutation(UpdateRepairOrderDocument);
  const [, move] = useMutation(MoveRepairOrderDocument);
  const [, addLine] = useMutation(AddRepairLineDocument);
  const [, updateLine] = useMutation(UpdateRepairLineDocument);
  const [, removeLine] = useMutation(RemoveRepairLineDocument);
  const [, invoiceIt] = useMutation(InvoiceRepairOrderDocument);
  const [, remove] = useMutation(DeleteRepairOrderDocument);
  const [, restore] = useMutation(RestoreRepairOrderDocument);
  const [deleting, setDeleting] = useState(false);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [draft, setDraft] = useState<DraftLine>(emptyLine);
  const [editing, setEditing] = useState<{ id: string; line: DraftLine } | null>(null);
  const [busy, setBusy] = useState(false);
  const { copy, node: orderNode, waiting } = useSavedNode({ recordType: 'RepairOrder', id, data, fetching, error, name: (n) => String(n.displayNumber ?? ''), onReconnect: reload });
  const order = orderNode as Order | null;
  if (waiting) return <Loader role="status" aria-label="…" />;
  if (!order) return copy.offline ? <OfflineNotice copy={copy} missing /> : <ListError error={error ?? new Error(t('record.notFound'))} onRetry={reload} />;

  const open = !CLOSED.includes(order.status);
  const invoiced = order.invoice !== null && order.invoice !== undefined && order.invoice.status !== 'VOID';
  const linesOpen = open && !invoiced && access.canUpdate;
  const coverage = coverageOf(order.warranty);
  const productOf = (productId: string) => products.find((p) => p.id === productId);

  const act = async <T,>(pending: Promise<OperationResult<T>>, pick: (d: T) => { errors: readonly { field?: string | null; message: string }[] } | null | undefined) => {
    const found = outcome(await pending, pick, t);
    setErrors(found);
    reload();
    return Object.keys(found).length === 0;
  };
  const save = async (input: Record<string, unknown>) => {
    const found = outcome(await update({ input: { id: order.id, ...input } as never }), (d) => d.updateRepairOrder, t);
    reload();
    const messages = Object.values(found);
    return messages.length ? messages.join(' ') : null;
  };
  const onMove = async (status: RepairStatus) => {
    if (await act(move({ input: { id: order.id, status, note: note.trim() || null } }), (d) => d.moveRepairOrder)) setNote('');
  };
  const onInvoice = async () => {
    setBusy(true);
    await act(invoiceIt({ input: { id: order.id } }), (d) => d.invoiceRepairOrder);
    setBusy(false);
  };
  const lineInput = (line: DraftLine) => {
    const fee = !['PART', 'LABOUR'].includes(line.kind);
    return {
      kind: line.kind as never,
      productId: line.kind === 'PART' ? line.productId || null : null,
      description: line.description.trim() || null,
      quantity: fee ? '1' : line.quantity || null,
      // a part's price not typed: the server takes it from the price book, as the preview did
      unitPrice: line.kind === 'PART' && !line.priced ? null : line.unitPrice || null,
    };
  };
  const onAdd = async () => {
    setBusy(true);
    if (await act(addLine({ input: { repairOrderId: order.id, ...lineInput(draft) } }), (d) => d.addRepairLine)) setDraft(emptyLine());
    setBusy(false);
  };
  const onSaveLine = async () => {
    if (!editing) return;
    setBusy(true);
    if (await act(updateLine({ input: { lineId: editing.id, ...lineInput(editing.line) } }), (d) => d.updateRepairLine)) setEditing(null);
    setBusy(false);
  };
  const onRemoveLine = (lineId: string) => act(removeLine({ input: { lineId } }), (d) => d.removeRepairLine);

  // The figures as they will be once the line being added or edited is saved (the server's own sums otherwise).
  const priceOf = (line: DraftLine) => (line.kind === 'PART' && !line.priced ? (listPrice(productOf(line.productId)?.prices, order.currency, line.quantity) ?? '0') : line.unitPrice || '0');
  const asFigure = (line: DraftLine): FigureLine => ({ kind: line.kind, quantity: ['PART', 'LABOUR'].includes(line.kind) ? line.quantity || '0' : '1', unitPrice: priceOf(line) });
  const drafting = linesOpen && (editing !== null || (draft.kind === 'PART' ? !!draft.productId : !!draft.unitPrice));
  const lines = order.lines ?? [];
  const live = drafting
    ? repairFigures(
        [
          ...lines.map((line) => (editing?.id === line.id ? asFigure(editing.line) : { kind: line.kind, quantity: String(line.quantity), unitPrice: String(line.unitPrice) })),
          ...(editing === null ? [asFigure(draft)] : []),
        ],
        coverage,
        String(order.taxRate),
        order.currency,
      )
    : null;
  const startEdit = (line: Line) =>
    setEditing({ id: line.id, line: { kind: line.kind, productId: line.product?.id ?? '', description: line.description, quantity: trimZeros(String(line.quantity)), unitPrice: priceText(String(line.unitPrice), order.currency), priced: line.priceOverridden || line.kind !== 'PART' } });

  return (
    <Stack>
      <OfflineNotice copy={copy} missing={false} />
      <Group justify="space-between">
        <Group>
          <Title order={1} size="h2">
            {order.displayNumber} {order.product?.name ?? ''}
          </Title>
          <RepairStatusBadge status={order.status} />
        </Group>
        <Group>
          <Anchor component={Link} to="/repairs">
            {t('record.back')}
          </Anchor>
          {invoiced && order.invoice ? (
            <Button component={Link} to={invoicePath(order.invoice.id)} variant="light" data-testid="repair-invoice">
              {order.invoice.displayNumber === 'Draft' ? t('record.draftInvoice') : t('record.invoiceOpen', { number: order.invoice.displayNumber })}
            </Button>
          ) : (
            order.status !== 'CANCELLED' &&
            order.lines !== null &&
            access.canUpdate && (
              <Button onClick={() => void onInvoice()} loading={busy} disabled={!lines.length}>
                {t('record.invoice')}
              </Button>
            )
          )}
          {access.canDelete && (
            <Button color="red.9" variant="outline" onClick={() => setDeleting(true)}>
              {t('record.delete')}
            </Button>
          )}
        </Group>
      </Group>
      {order.nextStatuses.length > 0 && access.canUpdate && (
        <Group align="flex-end" data-testid="repair-moves">
          <TextInput label={t('record.moveNote')} value={note} onChange={(e) => setNote(e.currentTarget.value)} w={320} />
          {order.nextStatuses.map((status) => (
            <Button key={status} variant={status === 'CANCELLED' ? 'outline' : 'filled'} color={status === 'CANCELLED' ? 'red.9' : undefined} onClick={() => void onMove(status)}>
              {t(`move.${status}`)}
            </Button>
          ))}
        </Group>
      )}
      <FormError errors={errors} />
      <Alert variant="light" color={coverage ? 'green' : 'gray'} data-testid="repair-warranty">
        {order.warranty
          ? order.warranty.status === 'VOID'
            ? t('record.voidWarranty')
            : t('record.matched', { coverage: t(`coverage.${order.warranty.coverage}`), date: format.date(order.warranty.endDate) })
          : t('record.noWarranty')}
      </Alert>
      <RecordFields
        copy={copy}
        recordType="RepairOrder"
        columns={2}
        builtInReadOnly={!open}
        customFields={{ values: order.customFields, onSave: save }}
        groups={[
          {
            id: 'details',
            title: t('common:recordGroups.details'),
            fields: [
              {
                field: 'product',
                label: t('fields.product'),
                value: order.product?.id ?? '',
                display: order.product?.name ?? '—',
                editor: { kind: 'select', options: withChosen(productChoices, order.product?.id, order.product?.name), clearable: true },
                save: (v) => save({ productId: v || null }),
              },
              { field: 'serialNumber', label: t('fields.serialNumber'), value: order.serialNumber, editor: { kind: 'text' }, save: (v) => save({ serialNumber: v }) },
              { field: 'receivedOn', label: t('fields.receivedOn'), value: order.receivedOn, display: format.date(order.receivedOn), editor: { kind: 'date' }, save: (v) => save({ receivedOn: v || null }) },
              { field: 'problem', label: t('fields.problem'), value: order.problem, editor: { kind: 'text' }, save: (v) => save({ problem: v }) },
              { field: 'diagnosis', label: t('fields.diagnosis'), value: order.diagnosis, editor: { kind: 'text' }, save: (v) => save({ diagnosis: v }) },
            ],
          },
          {
            id: 'customer',
            title: t('common:recordGroups.customer'),
            fields: [
              {
                field: 'company',
                label: t('fields.company'),
                value: order.company?.id ?? '',
                display: order.company?.name ?? '—',
                editor: { kind: 'select', options: withChosen(companies, order.company?.id, order.company?.name) },
                save: (v) => save({ companyId: v }),
              },
              { field: 'contact', label: t('fields.contact'), value: order.contact?.fullName ?? '' },
              {
                field: 'ticket',
                label: t('fields.ticket'),
                value: order.ticket?.subject ?? '',
                display: order.ticket ? (
                  <Anchor component={Link} to={`/service/tickets/${encodeURIComponent(order.ticket.id)}`} size="sm">
                    {order.ticket.subject}
                  </Anchor>
                ) : undefined,
              },
              { field: 'owner', label: t('fields.owner'), value: order.owner?.id ?? '', display: order.owner?.fullName ?? '—', editor: { kind: 'select', options: owners, clearable: true }, save: (v) => save({ ownerId: v || null }) },
            ],
          },
          {
            id: 'amounts',
            title: t('common:recordGroups.amounts'),
            fields: [
              // Invoiced: the invoice holds the amounts as charged.
              { field: 'taxRate', label: t('fields.taxRate'), value: String(order.taxRate), editor: { kind: 'number' }, readOnly: invoiced, save: (v) => save({ taxRate: v || '0' }) },
              { field: 'currency', label: t('fields.currency'), value: order.currency, editor: { kind: 'text' }, readOnly: invoiced, save: (v) => save({ currency: v.toUpperCase() }) },
              // Computed from the lines and the warranty at every write: shown, never edited.
              { field: 'subtotal', label: t('lines.subtotal'), value: moneyText(format, order.subtotal), readOnly: true },
              { field: 'coveredAmount', label: t('lines.coveredAmount'), value: moneyText(format, order.coveredAmount), readOnly: true },
              { field: 'taxAmount', label: t('lines.tax', { rate: String(order.taxRate) }), value: moneyText(format, order.taxAmount), readOnly: true },
              { field: 'total', label: t('lines.total'), value: moneyText(format, order.total), readOnly: true },
            ],
          },
        ]}
      />

      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          {t('lines.title')}
        </Title>
        {order.lines === null ? (
          <Text size="sm">{t('record.hidden')}</Text>
        ) : (
          <Stack>
            {invoiced && <Text size="sm">{t('record.invoiced')}</Text>}
            {!open && <Text size="sm">{t('record.closed')}</Text>}
            {lines.length === 0 && <Text size="sm">{t('lines.none')}</Text>}
            {lines.length > 0 && (
              <Table data-testid="repair-lines">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('lines.kind')}</Table.Th>
                    <Table.Th>{t('lines.description')}</Table.Th>
                    <Table.Th>{t('lines.quantity')}</Table.Th>
                    <Table.Th>{t('lines.unitPrice')}</Table.Th>
                    <Table.Th>{t('lines.amount')}</Table.Th>
                    <Table.Th>{t('lines.charged')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {lines.map((line, i) =>
                    editing?.id === line.id ? (
                      <Table.Tr key={line.id}>
                        <Table.Td colSpan={7}>
                          <LineForm
                            line={editing.line}
                            onChange={(next) => setEditing({ id: line.id, line: next })}
                            currency={order.currency}
                            figures={live}
                            at={i}
                            submitLabel={t('lines.save')}
                            busy={busy}
                            onSubmit={() => void onSaveLine()}
                            onCancel={() => setEditing(null)}
                          />
                        </Table.Td>
                      </Table.Tr>
                    ) : (
                      <Table.Tr key={line.id} data-testid="repair-line" data-covered={line.covered || undefined}>
                        <Table.Td>{t(`kind.${line.kind}`)}</Table.Td>
                        <Table.Td>{line.description}</Table.Td>
                        <Table.Td>{trimZeros(String(line.quantity))}</Table.Td>
                        <Table.Td>{format.currency(Number(line.unitPrice), order.currency)}</Table.Td>
                        <Table.Td>{moneyText(format, line.amount)}</Table.Td>
                        <Table.Td>
                          {line.covered ? (
                            <Text span size="sm" c="teal.9" fw={600}>
                              {t('lines.covered')}
                            </Text>
                          ) : (
                            moneyText(format, line.charged)
                          )}
                        </Table.Td>
                        <Table.Td>
                          {linesOpen && editing === null && (
                            <Group gap={4} wrap="nowrap">
                              <Button size="compact-xs" variant="subtle" aria-label={t('lines.editLine', { n: i + 1 })} onClick={() => startEdit(line)}>
                                {t('lines.edit')}
                              </Button>
                              <ActionIcon variant="subtle" color="red.8" aria-label={t('lines.removeLine', { n: i + 1 })} onClick={() => void onRemoveLine(line.id)}>
                                <IconTrash size={16} />
                              </ActionIcon>
                            </Group>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ),
                  )}
                </Table.Tbody>
              </Table>
            )}
            {linesOpen && editing === null && (
              <Paper withBorder p="sm" data-testid="new-repair-line">
                <LineForm line={draft} onChange={setDraft} currency={order.currency} figures={live} at={lines.length} submitLabel={t('lines.add')} busy={busy} onSubmit={() => void onAdd()} />
              </Paper>
            )}
            <Figures order={order} live={live} />
          </Stack>
        )}
      </Paper>

      <StatusHistory changes={order.statusHistory} status={(value) => t(`status.${value}`)} withTime />
      <RecordChanges ns="repairs" history={order.history} />
      <RecordPanels recordType="RepairOrder" recordId={order.id} />
      {deleting && (
        <ConfirmAction
          title={t('list.deleteTitle')}
          message={t('list.deleteMessage', { name: order.displayNumber })}
          confirmLabel={t('record.delete')}
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            const result = await remove({ input: { id: order.id } });
            if (!result.error && !result.data?.deleteRepairOrder.errors.length) {
              notifyWithUndo({
                message: t('list.deleted'),
                undo: async () => ((await restore({ input: { id: order.id } })).data?.restoreRepairOrder.repairOrder ? 1 : 0),
              });
              navigate('/repairs');
            }
          }}
        />
      )}
    </Stack>
  );
}

/** A line being added or edited: kind, the part (priced from the catalogue) or a description, quantity or hours, price. */
function LineForm({
  line,
  onChange,
  currency,
  figures,
  at,
  submitLabel,
  busy,
  onSubmit,
  onCancel,
}: {
  line: DraftLine;
  onChange: (line: DraftLine) => void;
  currency: string;
  figures: RepairFigures | null;
  at: number;
  submitLabel: string;
  busy: boolean;
  onSubmit: () => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation('repairs');
  const format = useFormat();
  const { productChoices, products } = useRepairOptions();
  const part = line.kind === 'PART';
  const fee = !part && line.kind !== 'LABOUR';
  const product = products.find((p) => p.id === line.productId);
  const list = part && product ? listPrice(product.prices, currency, line.quantity) : null;
  const preview = figures?.lines[at];
  const set = (patch: Partial<DraftLine>) => onChange({ ...line, ...patch });
  const ready = part ? !!line.productId && (line.priced ? !!line.unitPrice : list !== null) : !!line.unitPrice;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <Group align="flex-end" wrap="wrap">
        <NativeSelect label={t('lines.kind')} value={line.kind} onChange={(e) => set({ kind: e.currentTarget.value, priced: e.currentTarget.value !== 'PART', unitPrice: e.currentTarget.value === 'PART' ? '' : line.unitPrice })} data={LINE_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
        {part && (
          <NativeSelect
            label={t('lines.product')}
            value={line.productId}
            onChange={(e) => set({ productId: e.currentTarget.value, priced: false, unitPrice: '' })}
            data={[{ value: '', label: t('lines.chooseProduct') }, ...productChoices]}
          />
        )}
        <TextInput label={t('lines.description')} value={line.description} placeholder={part ? product?.name : t(`kind.${line.kind}`)} onChange={(e) => set({ description: e.currentTarget.value })} />
        {!fee && <TextInput label={part ? t('lines.quantity') : t('lines.hours')} w={90} inputMode="decimal" value={line.quantity} onChange={(e) => set({ quantity: e.currentTarget.value })} />}
        <TextInput
          label={part ? t('lines.unitPrice') : line.kind === 'LABOUR' ? t('lines.rate') : t('lines.fee')}
          w={120}
          inputMode="decimal"
          value={part && !line.priced ? priceText(list ?? '', currency) : line.unitPrice}
          onChange={(e) => set({ unitPrice: e.currentTarget.value, priced: true })}
        />
        <Button type="submit" loading={busy} disabled={!ready}>
          {submitLabel}
        </Button>
        {onCancel && (
          <Button variant="default" onClick={onCancel}>
            {t('lines.cancel')}
          </Button>
        )}
      </Group>
      {part && product && (
        <Text size="xs" mt={4} data-testid="list-price">
          {list !== null ? t('lines.listPrice', { price: format.currency(Number(list), currency) }) : t('lines.noListPrice', { currency })}
        </Text>
      )}
      {preview && (
        <Text size="xs" mt={4}>
          {t('lines.amount')}: {format.currency(Number(preview.amount), currency)}
          {preview.covered ? ` · ${t('lines.covered')}` : ''}
        </Text>
      )}
    </form>
  );
}

/** Subtotal, covered, tax and total: live while a line is being added or edited, else as the server keeps them. */
function Figures({ order, live }: { order: Order; live: RepairFigures | null }) {
  const { t } = useTranslation('repairs');
  const format = useFormat();
  const money = (amount: string) => format.currency(Number(amount), order.currency);
  const rows: [string, string, string][] = [
    ['subtotal', t('lines.subtotal'), live ? money(live.subtotal) : moneyText(format, order.subtotal)],
    ['covered', t('lines.coveredAmount'), live ? money(live.covered) : moneyText(format, order.coveredAmount)],
    ['tax', t('lines.tax', { rate: String(order.taxRate) }), live ? money(live.tax) : moneyText(format, order.taxAmount)],
    ['total', t('lines.total'), live ? money(live.total) : moneyText(format, order.total)],
  ];
  return (
    <Table w="auto" ml="auto" data-testid="repair-figures">
      <Table.Tbody>
        {rows.map(([key, label, value]) => (
          <Table.Tr key={key}>
            <Table.Td fw={key === 'total' ? 700 : undefined}>{label}</Table.Td>
            <Table.Td fw={key === 'total' ? 700 : undefined} data-testid={`repair-${key}`}>
              {key === 'covered' && value !== '—' ? `− ${value}` : value}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
