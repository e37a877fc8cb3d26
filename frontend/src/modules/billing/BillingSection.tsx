import { Alert, Badge, Button, Card, Group, Progress, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { useFormat } from '../../locale';
import { FormError, QueryState, Section } from '../access/common';
import { BillingDocument, OpenBillingPortalDocument, StartCheckoutDocument } from './operations';
import { StatusBadge } from '../../components/StatusBadge';

/** Where the browser goes next (Stripe Checkout, the portal); a function so tests can replace it. */
export const redirect = { to: (url: string) => window.location.assign(url) };

/** /settings/billing (owners): the plan in force, trial, usage against each limit, plans to choose, invoices. */
export function BillingSection() {
  const { t } = useTranslation('billing');
  const format = useFormat();
  const [params] = useSearchParams();
  const [{ data, fetching, error }] = useQuery({ query: BillingDocument, requestPolicy: 'cache-and-network' });
  const [{ fetching: checkingOut }, startCheckout] = useMutation(StartCheckoutDocument);
  const [{ fetching: opening }, openPortal] = useMutation(OpenBillingPortalDocument);
  const [problem, setProblem] = useState<string | null>(null);

  const go = async (run: () => Promise<{ url?: string | null; errors: readonly { message: string }[] } | undefined>) => {
    const answer = await run();
    if (answer?.url) redirect.to(answer.url);
    else setProblem(answer?.errors[0]?.message ?? t('error'));
  };
  const checkout = (plan: string) => go(async () => (await startCheckout({ input: { plan } })).data?.startCheckout);
  const portal = () => go(async () => (await openPortal({})).data?.openBillingPortal);

  const billing = data?.billing;
  const outcome = params.get('checkout');
  return (
    <Section title={t('title')}>
      <Stack>
        {outcome === 'success' && <Alert color="green">{t('checkoutDone')}</Alert>}
        {outcome === 'cancelled' && <Alert color="gray">{t('checkoutCancelled')}</Alert>}
        <QueryState fetching={fetching && !data} error={error} />
        <FormError errors={problem ? { _form: problem } : {}} />
        {billing && (
          <>
            <Group justify="space-between" wrap="wrap">
              <Group>
                <Text fw={600} data-testid="billing-plan">
                  {t('plan')}: {billing.plan.name}
                </Text>
                <StatusBadge data-testid="billing-status" tone={billing.status === 'PAST_DUE' || billing.status === 'UNPAID' ? 'negative' : 'info'}>
                  {t(`status.${billing.status}`)}
                </StatusBadge>
                {billing.trialDaysLeft != null && <Text size="sm">{t('trialDaysLeft', { count: billing.trialDaysLeft })}</Text>}
                {billing.currentPeriodEnd && (
                  <Text size="sm">{t(billing.cancelAtPeriodEnd ? 'ends' : 'renews', { date: format.date(billing.currentPeriodEnd) })}</Text>
                )}
              </Group>
              <Button variant="default" onClick={portal} loading={opening}>
                {t('portal')}
              </Button>
            </Group>

            <Text fw={600}>{t('usage')}</Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {billing.usage.map((u) => (
                <Stack key={u.name} gap={4} data-testid={`usage-${u.name}`}>
                  <Group justify="space-between">
                    <Text size="sm">{t(`limit.${u.name}`)}</Text>
                    <Text size="sm">
                      {u.used == null
                        ? t('notMetered')
                        : t('usedOf', { used: format.number(u.used), limit: u.limit == null ? t('unlimited') : format.number(u.limit) })}
                    </Text>
                  </Group>
                  {u.used != null && u.limit != null && (
                    <Progress value={Math.min(100, (100 * u.used) / Math.max(u.limit, 1))} color={u.used >= u.limit ? 'red' : 'blue'} aria-label={t(`limit.${u.name}`)} />
                  )}
                </Stack>
              ))}
            </SimpleGrid>

            <Text fw={600}>{t('choose')}</Text>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              {billing.plans.map((p) => (
                <Card key={p.code} withBorder padding="sm">
                  <Text fw={600}>{p.name}</Text>
                  <Text size="sm">{t('perSeat', { price: format.currency(Number(p.pricePerSeat.amount), p.pricePerSeat.currency) })}</Text>
                  {p.code === billing.plan.code && billing.status !== 'TRIAL' ? (
                    <Badge mt="sm" variant="light">
                      {t('current')}
                    </Badge>
                  ) : (
                    p.purchasable && (
                      <Button mt="sm" size="xs" onClick={() => checkout(p.code)} loading={checkingOut} data-testid={`choose-${p.code}`}>
                        {t('upgrade', { plan: p.name })}
                      </Button>
                    )
                  )}
                </Card>
              ))}
            </SimpleGrid>

            <Text fw={600}>{t('invoices')}</Text>
            {billing.invoices.length === 0 ? (
              <Text size="sm">{t('noInvoices')}</Text>
            ) : (
              <Table.ScrollContainer minWidth={480}>
                <Table data-testid="invoices">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('invoice.number')}</Table.Th>
                      <Table.Th>{t('invoice.date')}</Table.Th>
                      <Table.Th>{t('invoice.amount')}</Table.Th>
                      <Table.Th>{t('invoice.status')}</Table.Th>
                      <Table.Th />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {billing.invoices.map((i) => (
                      <Table.Tr key={i.number}>
                        <Table.Td>{i.number}</Table.Td>
                        <Table.Td>{format.date(i.createdAt)}</Table.Td>
                        <Table.Td>{format.currency(Number(i.amountDue.amount), i.amountDue.currency)}</Table.Td>
                        <Table.Td>{i.status}</Table.Td>
                        <Table.Td>
                          {i.url && (
                            <a href={i.url} target="_blank" rel="noreferrer">
                              {t('invoice.open')}
                            </a>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </>
        )}
      </Stack>
    </Section>
  );
}
