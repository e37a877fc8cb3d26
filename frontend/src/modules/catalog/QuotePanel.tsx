import { Anchor, Button, Group, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';

import type { RecordPanelProps } from '../types';
import { AcceptQuoteDocument, CatalogProductsDocument, CreateQuoteDocument, DealQuotesDocument, SendQuoteDocument, UpdateQuoteDocument } from './operations';
import { pickTier, totals } from './pricing';
import { moneyText } from '../../components/record/money';
import { useFormat } from '../../locale';
import { orderPath } from './orders';

interface DraftLine {
  productId: string;
  quantity: string;
  unitPrice: string; // '' : the price book's tier
  discountPercent: string;
}

const emptyLine = (): DraftLine => ({ productId: '', quantity: '1', unitPrice: '', discountPercent: '0' });

/** The quotes of a deal, on the deal page: an editor with live totals (computed as the server does), send, accept, PDF. */
export function QuotePanel({ recordId, readOnly }: RecordPanelProps) {
  const { t } = useTranslation('catalog');
  const format = useFormat();
  const [{ data }, refetch] = useQuery({ query: DealQuotesDocument, variables: { dealId: recordId } });
  const [{ data: catalogue }] = useQuery({ query: CatalogProductsDocument, variables: { first: 100 } });
  const [, createQuote] = useMutation(CreateQuoteDocument);
  const [, updateQuote] = useMutation(UpdateQuoteDocument);
  const [, sendQuote] = useMutation(SendQuoteDocument);
  const [, acceptQuote] = useMutation(AcceptQuoteDocument);
  const [editing, setEditing] = useState<string | null>(null); // quote id, 'new', or null
  const [lines, setLines] = useState<DraftLine[]>([emptyLine()]);
  const [discount, setDiscount] = useState('0');
  const [taxRate, setTaxRate] = useState('0');
  const [problem, setProblem] = useState<string | null>(null);
  const reload = () => refetch({ requestPolicy: 'network-only' });

  const deal = data?.node?.__typename === 'Deal' ? data.node : null;
  const currency = deal?.amount?.currency ?? 'USD';
  const quotes = data?.quotes.edges.map((e) => e.node) ?? [];
  const products = useMemo(() => (catalogue?.products.edges ?? []).map((e) => e.node), [catalogue]);
  // The price book the server prices from: the first active one of the deal's currency, by name.
  const book = useMemo(() => {
    const books = products.flatMap((p) => p.prices.map((price) => price.priceBook)).filter((b) => b.active && b.currency === currency);
    return books.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))[0] ?? null;
  }, [products, currency]);

  const priceOf = (line: DraftLine): string | null => {
    if (line.unitPrice.trim()) return line.unitPrice.trim();
    const product = products.find((p) => p.id === line.productId);
    if (!product || !book) return null;
    const tiers = product.prices.filter((price) => price.priceBook.id === book.id).map((price) => ({ minQuantity: String(price.minQuantity), unitPrice: String(price.unitPrice) }));
    return pickTier(tiers, line.quantity || '0');
  };
  const chosen = lines.filter((line) => line.productId);
  const live = totals(
    chosen.map((line) => ({ quantity: line.quantity || '0', unitPrice: priceOf(line) ?? '0', discountPercent: line.discountPercent || '0' })),
    discount || '0',
    Number(taxRate) ? [{ name: t('quote.tax'), rate: taxRate }] : [],
    currency,
  );

  const startNew = () => {
    setEditing('new');
    setLines([emptyLine()]);
    setDiscount('0');
    setTaxRate('0');
    setProblem(null);
  };
  const startEdit = (quote: (typeof quotes)[number]) => {
    setEditing(quote.id);
    setLines(quote.lines.map((line) => ({ productId: line.product.id, quantity: String(Number(line.quantity)), unitPrice: line.priceOverridden ? String(Number(line.unitPrice)) : '', discountPercent: String(Number(line.discountPercent)) })));
    setDiscount(String(Number(quote.discountPercent)));
    setTaxRate(quote.taxes?.[0] ? String(Number(quote.taxes[0].rate)) : '0');
    setProblem(null);
  };
  const save = async () => {
    const input = {
      lines: chosen.map((line) => ({ productId: line.productId, quantity: line.quantity, unitPrice: line.unitPrice.trim() || null, discountPercent: line.discountPercent || '0' })),
      discountPercent: discount || '0',
      taxes: Number(taxRate) ? [{ name: t('quote.tax'), rate: taxRate }] : [],
    };
    const result = editing === 'new' ? await createQuote({ input: { dealId: recordId, ...input } }) : await updateQuote({ input: { id: editing ?? '', ...input } });
    const payload = result.data && ('createQuote' in result.data ? result.data.createQuote : result.data.updateQuote);
    const refused = result.error?.message ?? payload?.errors[0]?.message ?? null;
    setProblem(refused);
    if (!refused) {
      setEditing(null);
      reload();
    }
  };
  const act = async (run: () => Promise<{ error?: { message: string }; data?: unknown }>, errorsOf: (data: unknown) => { message: string }[] | undefined) => {
    const result = await run();
    setProblem(result.error?.message ?? errorsOf(result.data)?.[0]?.message ?? null);
    reload();
  };
  const setLine = (index: number, change: Partial<DraftLine>) => setLines((all) => all.map((line, i) => (i === index ? { ...line, ...change } : line)));

  return (
    <Paper withBorder p="md" data-testid="quote-panel">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {t('quote.title', { count: quotes.length })}
        </Title>
        {!readOnly && editing === null && <Button onClick={startNew}>{t('quote.new')}</Button>}
      </Group>
      {problem && (
        <Text c="red.8" role="alert">
          {problem}
        </Text>
      )}
      {editing !== null && (
        <Stack data-testid="quote-editor">
          {lines.map((line, i) => {
            const price = priceOf(line);
            return (
              <Group key={i} align="end" wrap="wrap">
                <NativeSelect
                  label={t('quote.product', { n: i + 1 })}
                  value={line.productId}
                  onChange={(e) => setLine(i, { productId: e.currentTarget.value })}
                  data={[{ value: '', label: t('quote.chooseProduct') }, ...products.filter((p) => p.active).map((p) => ({ value: p.id, label: `${p.name} (${p.sku})` }))]}
                />
                <TextInput label={t('quote.quantity', { n: i + 1 })} value={line.quantity} inputMode="decimal" w={110} onChange={(e) => setLine(i, { quantity: e.currentTarget.value })} />
                <TextInput
                  label={t('quote.unitPrice', { n: i + 1 })}
                  placeholder={price ?? t('quote.noPrice')}
                  value={line.unitPrice}
                  inputMode="decimal"
                  w={140}
                  onChange={(e) => setLine(i, { unitPrice: e.currentTarget.value })}
                />
                <TextInput label={t('quote.lineDiscount', { n: i + 1 })} value={line.discountPercent} inputMode="decimal" w={110} onChange={(e) => setLine(i, { discountPercent: e.currentTarget.value })} />
                <Text data-testid={`live-line-${i}`} w={120} ta="right">
                  {line.productId ? live.lines[chosen.indexOf(line)] : '—'}
                </Text>
                <Button variant="default" onClick={() => setLines((all) => all.filter((_, j) => j !== i))}>
                  {t('quote.removeLine', { n: i + 1 })}
                </Button>
              </Group>
            );
          })}
          <Group>
            <Button variant="default" onClick={() => setLines((all) => [...all, emptyLine()])}>
              {t('quote.addLine')}
            </Button>
            <TextInput label={t('quote.discount')} value={discount} inputMode="decimal" w={140} onChange={(e) => setDiscount(e.currentTarget.value)} />
            <TextInput label={t('quote.taxRate')} value={taxRate} inputMode="decimal" w={140} onChange={(e) => setTaxRate(e.currentTarget.value)} />
          </Group>
          <Table data-testid="live-totals" w={360}>
            <Table.Tbody>
              <Table.Tr>
                <Table.Th>{t('quote.subtotal')}</Table.Th>
                <Table.Td data-testid="live-subtotal">{moneyText(format, { amount: live.subtotal, currency })}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('quote.discountAmount')}</Table.Th>
                <Table.Td data-testid="live-discount">{moneyText(format, { amount: live.discount, currency })}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('quote.taxAmount')}</Table.Th>
                <Table.Td data-testid="live-tax">{moneyText(format, { amount: live.tax, currency })}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('quote.total')}</Table.Th>
                <Table.Td data-testid="live-total">{moneyText(format, { amount: live.total, currency })}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
          <Group>
            <Button onClick={() => void save()}>{t('quote.save')}</Button>
            <Button variant="default" onClick={() => setEditing(null)}>
              {t('quote.cancel')}
            </Button>
          </Group>
        </Stack>
      )}
      <Stack mt="sm">
        {quotes.map((quote) => (
          <Paper key={quote.id} withBorder p="sm" data-testid="quote">
            <Group justify="space-between">
              <Text fw={600}>
                {t('quote.name', { number: quote.number, version: quote.version })} · {t(`status.${quote.status}`)}
              </Text>
              <Text data-testid="quote-total">{moneyText(format, quote.total)}</Text>
            </Group>
            <Text size="sm">
              {quote.lines.map((line) => `${line.product.name} × ${Number(line.quantity)} = ${moneyText(format, line.amount && { amount: line.amount.amount, currency: quote.total?.currency ?? currency })}`).join(' · ')}
            </Text>
            <Group mt="xs">
              <Anchor href={quote.pdfUrl} target="_blank" rel="noopener">
                {t('quote.pdf', { number: quote.number, version: quote.version })}
              </Anchor>
              {!readOnly && (quote.status === 'DRAFT' || quote.status === 'SENT') && editing === null && (
                <Button size="xs" variant="default" onClick={() => startEdit(quote)}>
                  {t('quote.edit')}
                </Button>
              )}
              {!readOnly && quote.status === 'DRAFT' && (
                <Button size="xs" onClick={() => void act(() => sendQuote({ input: { id: quote.id } }), (d) => (d as { sendQuote?: { errors: { message: string }[] } })?.sendQuote?.errors)}>
                  {t('quote.send')}
                </Button>
              )}
              {!readOnly && quote.status === 'SENT' && (
                <Button size="xs" color="green.8" onClick={() => void act(() => acceptQuote({ input: { id: quote.id } }), (d) => (d as { acceptQuote?: { errors: { message: string }[] } })?.acceptQuote?.errors)}>
                  {t('quote.accept')}
                </Button>
              )}
              {quote.order && (
                <Anchor component={Link} to={orderPath(quote.order.id)} data-testid="quote-order">
                  {t('quote.order', { number: quote.order.number })}
                </Anchor>
              )}
            </Group>
          </Paper>
        ))}
      </Stack>
    </Paper>
  );
}
