import { Anchor, Button, Grid, Group, Loader, Modal, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { type OperationResult, useMutation, useQuery } from 'urql';

import { ConfirmAction, notifyWithUndo } from '../../components/ConfirmAction';
import { ListError } from '../../components/list/ListError';
import { RecordChanges } from '../../components/record/RecordChanges';
import { useWantsCustomFields } from '../../components/record/customFields';
import { RecordFields, type CustomFieldsChange } from '../../components/record/RecordFields';
import { useFieldAccess } from '../../components/record/fieldAccess';
import type { InvoiceQuery } from '../../gql/tenant/graphql';
import { OfflineNotice } from '../../offline/OfflineNotice';
import { useSavedNode } from '../../offline/useSavedRecord';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { FormError, outcome } from '../access/common';
import { taxedPerLine } from '../catalog/pricing';
import { moneyText } from '../../components/record/money';
import { StatusBadge } from './InvoicesPage';
import {
  DeleteInvoiceDocument,
  DeletePaymentDocument,
  InvoiceDocument,
  IssueInvoiceDocument,
  RecordPaymentDocument,
  RestoreInvoiceDocument,
  UpdateInvoiceDocument,
  VoidInvoiceDocument,
} from './operations';

type Invoice = Extract<NonNullable<InvoiceQuery['node']>, { __typename: 'CustomerInvoice' }>;

interface DraftLine {
  description: string;
  quantity: string;
  unitPrice: string;
  discountPercent: string;
  taxRate: string;
  productId: string | null;
}

const emptyLine = (): DraftLine => ({ description: '', quantity: '1', unitPrice: '0', discountPercent: '0', taxRate: '0', productId: null });
const METHODS = ['BANK_TRANSFER', 'CARD', 'CASH', 'CHEQUE', 'OTHER'] as const;

/** /invoices/:id — an invoice: lines (edited while a draft, with live totals), issue, void, delete a draft (undo), payments, PDF, history. */
export function InvoicePage() {
  const { t } = useTranslation('invoicing');
  const format = useFormat();
  const { id = '' } = useParams();
  const withCustomFields = useWantsCustomFields('CustomerInvoice');
  const [{ data, fetching, error }, refetch] = useQuery({ query: InvoiceDocument, variables: { id, withCustomFields } });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  useLiveRecords(['CustomerInvoice'], reload);
  const [, update] = useMutation(UpdateInvoiceDocument);
  const [, issue] = useMutation(IssueInvoiceDocument);
  const [, voidIt] = useMutation(VoidInvoiceDocument);
  const [, remove] = useMutation(DeleteInvoiceDocument);
  const [, restore] = useMutation(RestoreInvoiceDocument);
  const [, removePayment] = useMutation(DeletePaymentDocument);
  const access = useFieldAccess('CustomerInvoice');
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState<'issue' | 'void' | 'delete' | { payment: string; amount: string } | null>(null);
  const [paying, setPaying] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const { copy, node, waiting } = useSavedNode({ recordType: 'CustomerInvoice', id, data, fetching, error, name: (n) => n.displayNumber, onReconnect: reload });
  if (waiting) return <Loader role="status" aria-label="…" />;
  if (copy.offline && !node) return <OfflineNotice copy={copy} missing />;
  if (error && !data) return <ListError error={error} onRetry={reload} />;
  const invoice = node as Invoice | null;
  if (!invoice) return <Text>{t('invoice.notFound')}</Text>;
  const draft = invoice.status === 'DRAFT';
  const open = invoice.status === 'ISSUED' || invoice.status === 'PARTIALLY_PAID';

  const act = async <T,>(pending: Promise<OperationResult<T>>, pick: (d: T) => { errors: readonly { field?: string | null; message: string }[] } | null | undefined) => {
    const found = outcome(await pending, pick, t);
    setErrors(found);
    reload();
  };
  const save = async (field: string, value: string) => {
    const input: Record<string, unknown> = { id: invoice.id };
    input[field] = field === 'paymentTermsDays' ? Number(value) : value;
    const found = outcome(await update({ input: input as never }), (d) => d.updateInvoice, t);
    reload();
    const messages = Object.values(found);
    return messages.length ? messages.join(' ') : null;
  };
  // Custom fields change in any status (the workspace's own notes, not what was issued).
  const saveCustom = async (change: CustomFieldsChange) => {
    const found = outcome(await update({ input: { id: invoice.id, ...change } }), (d) => d.updateInvoice, t);
    reload();
    const messages = Object.values(found);
    return messages.length ? messages.join(' ') : null;
  };

  return (
    <Stack>
      <OfflineNotice copy={copy} missing={false} />
      <Group justify="space-between">
        <Group>
          <Title order={1} size="h2" data-testid="invoice-title">
            {invoice.number ? invoice.displayNumber : t('status.DRAFT')}
          </Title>
        </Group>
        <Group>
          {draft && (
            <Button size="xs" onClick={() => setConfirming('issue')}>
              {t('invoice.issue')}
            </Button>
          )}
          {open && invoice.balance && (
            <Button size="xs" onClick={() => setPaying(true)}>
              {t('invoice.recordPayment')}
            </Button>
          )}
          <Button size="xs" variant="default" component="a" href={invoice.pdfUrl} target="_blank" rel="noopener">
            {t('invoice.pdf')}
          </Button>
          {(draft || invoice.status === 'ISSUED') && (
            <Button size="xs" variant="outline" color="red.8" onClick={() => setConfirming('void')}>
              {t('invoice.void')}
            </Button>
          )}
          {draft && access.canDelete && (
            <Button size="xs" variant="outline" color="red.8" onClick={() => setConfirming('delete')}>
              {t('invoice.delete')}
            </Button>
          )}
        </Group>
      </Group>
      <FormError errors={errors} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 4 }}>
          {/* What was issued does not change: only a draft's own fields are edited; custom fields always. */}
          <RecordFields
            copy={copy}
            recordType="CustomerInvoice"
            builtInReadOnly={!draft}
            onSave={save}
            customFields={{ values: invoice.customFields, onSave: saveCustom }}
            groups={[
              {
                id: 'details',
                title: t('common:recordGroups.details'),
                fields: [
                  {
                    field: 'company',
                    label: t('fields.company'),
                    value: invoice.company.name,
                    display: (
                      <Anchor component={Link} to={`/customers/companies/${encodeURIComponent(invoice.company.id)}`} size="sm">
                        {invoice.company.name}
                      </Anchor>
                    ),
                  },
                  { field: 'order', label: t('fields.order'), value: invoice.order ? `O-${invoice.order.number}` : '' },
                  { field: 'currency', label: t('fields.currency'), value: invoice.currency },
                  { field: 'owner', label: t('fields.owner'), value: invoice.owner?.fullName ?? '' },
                  { field: 'notes', label: t('fields.notes'), value: invoice.notes, editor: { kind: 'text' } },
                ],
              },
              {
                id: 'dates',
                title: t('common:recordGroups.dates'),
                fields: [
                  { field: 'issueDate', label: t('fields.issueDate'), value: invoice.issueDate ? format.date(invoice.issueDate) : '' },
                  { field: 'dueDate', label: t('fields.dueDate'), value: invoice.dueDate ? format.date(invoice.dueDate) : '' },
                  { field: 'paymentTermsDays', label: t('fields.paymentTermsDays'), value: String(invoice.paymentTermsDays), editor: { kind: 'number' } },
                ],
              },
              {
                // Kept by the server: the status moves with Issue, Void and payments; the amounts follow the lines.
                id: 'amounts',
                title: t('common:recordGroups.amounts'),
                fields: [
                  { field: 'status', label: t('fields.status'), value: t(`status.${invoice.status}`), display: <StatusBadge status={invoice.status} overdue={invoice.isOverdue} />, readOnly: true },
                  { field: 'subtotal', label: t('invoice.subtotal'), value: moneyText(format, invoice.subtotal), readOnly: true },
                  { field: 'total', label: t('invoice.total'), value: moneyText(format, invoice.total), readOnly: true },
                  { field: 'amountPaid', label: t('invoice.paid'), value: moneyText(format, invoice.amountPaid), readOnly: true },
                  { field: 'balance', label: t('invoice.balance'), value: moneyText(format, invoice.balance), readOnly: true },
                ],
              },
            ]}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="sm">
              {t('invoice.lines')}
            </Title>
            {invoice.lines === null || invoice.total === null ? (
              <Text size="sm">{t('invoice.amountsHidden')}</Text>
            ) : draft ? (
              <LinesEditor invoice={invoice} onSaved={reload} />
            ) : (
              <LinesTable invoice={invoice} />
            )}
          </Paper>
        </Grid.Col>
      </Grid>
      {invoice.payments !== null && (
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="sm">
            {t('invoice.payments')}
          </Title>
          {invoice.payments.length === 0 ? (
            <Text size="sm">{t('invoice.noPayments')}</Text>
          ) : (
            <Table data-testid="payments">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('payment.paidOn')}</Table.Th>
                  <Table.Th>{t('payment.amount')}</Table.Th>
                  <Table.Th>{t('payment.method')}</Table.Th>
                  <Table.Th>{t('payment.reference')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {invoice.payments.map((payment) => (
                  <Table.Tr key={payment.id} data-testid="payment">
                    <Table.Td>{format.date(payment.paidOn)}</Table.Td>
                    <Table.Td>{moneyText(format, payment.amount)}</Table.Td>
                    <Table.Td>{t(`method.${payment.method}`)}</Table.Td>
                    <Table.Td>{payment.reference || '—'}</Table.Td>
                    <Table.Td>
                      <Button size="xs" variant="subtle" color="red" c="red.9" onClick={() => setConfirming({ payment: payment.id, amount: moneyText(format, payment.amount) })}>
                        {t('invoice.deletePayment', { amount: moneyText(format, payment.amount) })}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Paper>
      )}
      <RecordChanges ns="invoicing" history={invoice.history} title={t('invoice.history')} />
      {paying && <PaymentDialog invoice={invoice} onClose={() => setPaying(false)} onSaved={reload} />}
      {confirming === 'issue' && (
        <ConfirmAction
          title={t('invoice.issueTitle')}
          message={t('invoice.issueMessage')}
          confirmLabel={t('invoice.issue')}
          onConfirm={() => act(issue({ input: { id: invoice.id } }), (d) => d.issueInvoice)}
          onClose={() => setConfirming(null)}
        />
      )}
      {confirming === 'void' && (
        <ConfirmAction
          title={t('invoice.voidTitle')}
          message={t('invoice.voidMessage')}
          confirmLabel={t('invoice.void')}
          onConfirm={() => act(voidIt({ input: { id: invoice.id } }), (d) => d.voidInvoice)}
          onClose={() => setConfirming(null)}
        />
      )}
      {confirming === 'delete' && (
        <ConfirmAction
          title={t('invoice.deleteTitle')}
          message={t('invoice.deleteMessage')}
          confirmLabel={t('invoice.delete')}
          onConfirm={async () => {
            const found = outcome(await remove({ input: { id: invoice.id } }), (d) => d.deleteInvoice, t);
            setErrors(found);
            if (Object.keys(found).length) return;
            notifyWithUndo({
              message: t('invoice.deleted'),
              undo: async () => ((await restore({ input: { id: invoice.id } })).data?.restoreInvoice.invoice ? 1 : 0),
            });
            navigate('/invoices');
          }}
          onClose={() => setConfirming(null)}
        />
      )}
      {confirming && typeof confirming === 'object' && (
        <ConfirmAction
          title={t('invoice.deletePaymentTitle')}
          message={t('invoice.deletePaymentMessage')}
          confirmLabel={t('invoice.deletePayment', { amount: confirming.amount })}
          onConfirm={() => act(removePayment({ input: { invoiceId: invoice.id, paymentId: confirming.payment } }), (d) => d.deletePayment)}
          onClose={() => setConfirming(null)}
        />
      )}
    </Stack>
  );
}

function Figures({ invoice, live }: { invoice: Invoice; live?: ReturnType<typeof taxedPerLine> }) {
  const { t } = useTranslation('invoicing');
  const format = useFormat();
  const money = (amount: unknown) => moneyText(format, { amount, currency: invoice.currency });
  const taxes = live ? live.taxes : (invoice.taxes ?? []).map((tax) => ({ rate: tax.rate, amount: String(tax.amount) }));
  return (
    <Table w="auto" ml="auto" data-testid="invoice-figures">
      <Table.Tbody>
        <Table.Tr>
          <Table.Td>{t('invoice.subtotal')}</Table.Td>
          <Table.Td data-testid="invoice-subtotal">{live ? money(live.subtotal) : moneyText(format, invoice.subtotal)}</Table.Td>
        </Table.Tr>
        {taxes.map((tax) => (
          <Table.Tr key={tax.rate}>
            <Table.Td>{t('invoice.tax', { rate: tax.rate })}</Table.Td>
            <Table.Td>{money(tax.amount)}</Table.Td>
          </Table.Tr>
        ))}
        <Table.Tr>
          <Table.Td fw={700}>{t('invoice.total')}</Table.Td>
          <Table.Td fw={700} data-testid="invoice-total">
            {live ? money(live.total) : moneyText(format, invoice.total)}
          </Table.Td>
        </Table.Tr>
        {!live && (
          <>
            <Table.Tr>
              <Table.Td>{t('invoice.paid')}</Table.Td>
              <Table.Td data-testid="invoice-paid">{moneyText(format, invoice.amountPaid)}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Td fw={700}>{t('invoice.balance')}</Table.Td>
              <Table.Td fw={700} data-testid="invoice-balance">
                {moneyText(format, invoice.balance)}
              </Table.Td>
            </Table.Tr>
          </>
        )}
      </Table.Tbody>
    </Table>
  );
}

function LinesTable({ invoice }: { invoice: Invoice }) {
  const { t } = useTranslation('invoicing');
  const format = useFormat();
  return (
    <Stack>
      <Table data-testid="invoice-lines">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('invoice.description')}</Table.Th>
            <Table.Th>{t('invoice.quantity')}</Table.Th>
            <Table.Th>{t('invoice.unitPrice')}</Table.Th>
            <Table.Th>{t('invoice.discount')}</Table.Th>
            <Table.Th>{t('invoice.taxRate')}</Table.Th>
            <Table.Th>{t('invoice.amount')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(invoice.lines ?? []).map((line) => (
            <Table.Tr key={line.id}>
              <Table.Td>{line.description}</Table.Td>
              <Table.Td>{format.number(Number(line.quantity))}</Table.Td>
              <Table.Td>{moneyText(format, { amount: line.unitPrice, currency: invoice.currency })}</Table.Td>
              <Table.Td>{`${Number(line.discountPercent)}%`}</Table.Td>
              <Table.Td>{`${Number(line.taxRate)}%`}</Table.Td>
              <Table.Td>{moneyText(format, { amount: line.amount.amount, currency: invoice.currency })}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Figures invoice={invoice} />
    </Stack>
  );
}

/** The draft's lines, editable, with live totals computed exactly as the server does (catalog/pricing.ts). */
function LinesEditor({ invoice, onSaved }: { invoice: Invoice; onSaved: () => void }) {
  const { t } = useTranslation('invoicing');
  const format = useFormat();
  const [, update] = useMutation(UpdateInvoiceDocument);
  const fromServer = () =>
    (invoice.lines ?? []).map((line) => ({
      description: line.description,
      quantity: String(Number(line.quantity)),
      unitPrice: String(Number(line.unitPrice)),
      discountPercent: String(Number(line.discountPercent)),
      taxRate: String(Number(line.taxRate)),
      productId: line.product?.id ?? null,
    }));
  const [lines, setLines] = useState<DraftLine[]>(fromServer);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  useEffect(() => setLines(fromServer()), [JSON.stringify(invoice.lines)]);
  const live = taxedPerLine(
    lines.map((line) => ({ quantity: line.quantity || '0', unitPrice: line.unitPrice || '0', discountPercent: line.discountPercent || '0', taxRate: line.taxRate || '0' })),
    invoice.currency,
  );
  const change = (i: number, field: keyof DraftLine, value: string) => setLines((all) => all.map((line, j) => (j === i ? { ...line, [field]: value } : line)));
  const save = async () => {
    setBusy(true);
    const input = {
      id: invoice.id,
      lines: lines.map((line) => ({ description: line.description, quantity: line.quantity, unitPrice: line.unitPrice, discountPercent: line.discountPercent || '0', taxRate: line.taxRate || '0', productId: line.productId })),
    };
    const found = outcome(await update({ input }), (d) => d.updateInvoice, t);
    setBusy(false);
    setErrors(found);
    if (!Object.keys(found).length) onSaved();
  };
  const cell = (i: number, field: keyof DraftLine, label: string, width: number) => (
    <TextInput size="xs" w={width} aria-label={`${label} ${i + 1}`} value={lines[i][field] ?? ''} error={errors[`lines.${i}.${field}`]} onChange={(e) => change(i, field, e.currentTarget.value)} />
  );
  return (
    <Stack>
      <Table data-testid="invoice-lines-editor">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('invoice.description')}</Table.Th>
            <Table.Th>{t('invoice.quantity')}</Table.Th>
            <Table.Th>{t('invoice.unitPrice')}</Table.Th>
            <Table.Th>{t('invoice.discount')}</Table.Th>
            <Table.Th>{t('invoice.taxRate')}</Table.Th>
            <Table.Th>{t('invoice.amount')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((_, i) => (
            <Table.Tr key={i}>
              <Table.Td>{cell(i, 'description', t('invoice.description'), 200)}</Table.Td>
              <Table.Td>{cell(i, 'quantity', t('invoice.quantity'), 70)}</Table.Td>
              <Table.Td>{cell(i, 'unitPrice', t('invoice.unitPrice'), 100)}</Table.Td>
              <Table.Td>{cell(i, 'discountPercent', t('invoice.discount'), 70)}</Table.Td>
              <Table.Td>{cell(i, 'taxRate', t('invoice.taxRate'), 70)}</Table.Td>
              <Table.Td>{moneyText(format, { amount: live.lines[i], currency: invoice.currency })}</Table.Td>
              <Table.Td>
                <Button size="xs" variant="subtle" color="red" c="red.9" aria-label={t('invoice.removeLine', { n: i + 1 })} onClick={() => setLines((all) => all.filter((_, j) => j !== i))}>
                  ×
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <FormError errors={errors} />
      <Group>
        <Button size="xs" variant="default" onClick={() => setLines((all) => [...all, emptyLine()])}>
          {t('invoice.addLine')}
        </Button>
        <Button size="xs" loading={busy} onClick={() => void save()}>
          {t('invoice.saveLines')}
        </Button>
      </Group>
      <Figures invoice={invoice} live={live} />
    </Stack>
  );
}

/** Record money received: at most the balance (the server refuses more). */
function PaymentDialog({ invoice, onClose, onSaved }: { invoice: Invoice; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation('invoicing');
  const [, record] = useMutation(RecordPaymentDocument);
  const [amount, setAmount] = useState(String(invoice.balance?.amount ?? ''));
  const [paidOn, setPaidOn] = useState(new Date().toISOString().slice(0, 10));
  const [method, setMethod] = useState<string>('BANK_TRANSFER');
  const [reference, setReference] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    const result = await record({ input: { invoiceId: invoice.id, amount, paidOn, method: method as never, reference: reference || null } });
    setBusy(false);
    const found = outcome(result, (d) => d.recordPayment, t);
    setErrors(found);
    if (!Object.keys(found).length) {
      onSaved();
      onClose();
    }
  };
  return (
    <Modal opened onClose={onClose} title={t('payment.title')} closeButtonProps={{ 'aria-label': t('payment.cancel') }}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <TextInput label={t('payment.amount')} required data-autofocus value={amount} error={errors.amount} rightSection={<Text size="xs">{invoice.currency}</Text>} rightSectionWidth={44} onChange={(e) => setAmount(e.currentTarget.value)} />
          <TextInput label={t('payment.paidOn')} type="date" value={paidOn} error={errors.paidOn} onChange={(e) => setPaidOn(e.currentTarget.value)} />
          <NativeSelect label={t('payment.method')} value={method} onChange={(e) => setMethod(e.currentTarget.value)} data={METHODS.map((m) => ({ value: m, label: t(`method.${m}`) }))} />
          <TextInput label={t('payment.reference')} value={reference} error={errors.reference} onChange={(e) => setReference(e.currentTarget.value)} />
          <FormError errors={errors} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('payment.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('payment.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
