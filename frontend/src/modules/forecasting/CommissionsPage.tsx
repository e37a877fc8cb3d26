import { ActionIcon, Anchor, Button, Group, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { isAdmin, useMember } from '../../auth/session';
import { ListError } from '../../components/list/ListError';
import { InlineField } from '../../components/record/InlineField';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { FormError, outcome } from '../access/common';
import { CommissionRulesDocument, CommissionsDocument, CreateCommissionRuleDocument, DeleteCommissionRuleDocument, UpdateCommissionRuleDocument } from './operations';
import { PERIODS, today, useForecastChoices, type PeriodKind } from './options';

const CONTEXT = { additionalTypenames: ['CommissionRule', 'Deal'] };

/** /forecast/commissions — the workspace's commission rules (admins change them) and each salesperson's statement for a period. */
export function CommissionsPage() {
  const { t } = useTranslation('forecasting');
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('commissions.title')}
      </Title>
      <Rules />
      <Statements />
    </Stack>
  );
}

function Rules() {
  const { t } = useTranslation('forecasting');
  const format = useFormat();
  const { me } = useMember();
  const admin = isAdmin(me.role);
  const choices = useForecastChoices();
  const [{ data, error }, refetch] = useQuery({ query: CommissionRulesDocument, context: CONTEXT });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  useLiveRecords(['CommissionRule'], reload);
  const [, create] = useMutation(CreateCommissionRuleDocument);
  const [, update] = useMutation(UpdateCommissionRuleDocument);
  const [, remove] = useMutation(DeleteCommissionRuleDocument);
  const [draft, setDraft] = useState({ name: '', rate: '', validFrom: today(), userId: '', teamId: '', pipelineId: '', minAmount: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (key: keyof typeof draft) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setDraft((d) => ({ ...d, [key]: value }));
  };
  const add = async () => {
    const input = {
      name: draft.name,
      rate: draft.rate,
      validFrom: draft.validFrom,
      userId: draft.userId || null,
      teamId: draft.teamId || null,
      pipelineId: draft.pipelineId || null,
      minAmount: draft.minAmount ? { amount: draft.minAmount, currency: format.currencyCode } : null,
    };
    const found = outcome(await create({ input }), (d) => d.createCommissionRule, t);
    setErrors(found);
    if (!Object.keys(found).length) {
      setDraft((d) => ({ ...d, name: '', rate: '', minAmount: '' }));
      reload();
    }
  };
  const rules = data?.commissionRules.edges.map((e) => e.node) ?? [];
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="xs">
        {t('commissions.rules')}
      </Title>
      <Text size="sm" mb="sm">
        {t('commissions.rulesHelp')}
      </Text>
      {error && <ListError error={error} onRetry={reload} />}
      <Table data-testid="commission-rules">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('commissions.name')}</Table.Th>
            <Table.Th>{t('commissions.rate')}</Table.Th>
            <Table.Th>{t('commissions.conditions')}</Table.Th>
            <Table.Th>{t('commissions.from')}</Table.Th>
            <Table.Th>{t('commissions.until')}</Table.Th>
            {admin && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rules.map((rule) => (
            <Table.Tr key={rule.id}>
              <Table.Td>{rule.name}</Table.Td>
              <Table.Td>
                <InlineField
                  compact
                  label={`${t('commissions.rate')}: ${rule.name}`}
                  value={String(Number(rule.rate))}
                  editor={{ kind: 'number' }}
                  readOnly={!admin}
                  onSave={async (v) => {
                    const found = outcome(await update({ input: { id: rule.id, rate: v } }), (d) => d.updateCommissionRule, t);
                    const messages = Object.values(found);
                    if (!messages.length) reload();
                    return messages.length ? messages.join(' ') : null;
                  }}
                />
              </Table.Td>
              <Table.Td>
                {[
                  rule.user?.fullName,
                  rule.team?.name,
                  rule.pipeline?.name,
                  rule.product?.name,
                  rule.minAmount ? `≥ ${format.currency(Number(rule.minAmount.amount), rule.minAmount.currency)}` : null,
                ]
                  .filter(Boolean)
                  .join(' · ') || t('commissions.everyone')}
              </Table.Td>
              <Table.Td>{format.date(rule.validFrom)}</Table.Td>
              <Table.Td>{rule.validUntil ? format.date(rule.validUntil) : '—'}</Table.Td>
              {admin && (
                <Table.Td>
                  <ActionIcon
                    variant="subtle"
                    color="red.8"
                    aria-label={t('commissions.deleteRule', { name: rule.name })}
                    onClick={async () => {
                      setErrors(outcome(await remove({ input: { id: rule.id } }), (d) => d.deleteCommissionRule, t));
                      reload();
                    }}
                  >
                    <span aria-hidden="true">✕</span>
                  </ActionIcon>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {admin && (
        <Group align="flex-end" wrap="wrap" mt="sm">
          <TextInput label={t('commissions.name')} value={draft.name} onChange={set('name')} error={errors.name} />
          <TextInput label={t('commissions.rate')} w={100} inputMode="decimal" value={draft.rate} onChange={set('rate')} error={errors.rate} />
          <TextInput type="date" label={t('commissions.from')} value={draft.validFrom} onChange={set('validFrom')} error={errors.validFrom} />
          <NativeSelect label={t('filters.user')} value={draft.userId} onChange={set('userId')} data={[{ value: '', label: t('commissions.everyone') }, ...choices.people]} />
          <NativeSelect label={t('filters.team')} value={draft.teamId} onChange={set('teamId')} data={[{ value: '', label: '—' }, ...choices.teams]} />
          <NativeSelect label={t('filters.pipeline')} value={draft.pipelineId} onChange={set('pipelineId')} data={[{ value: '', label: '—' }, ...choices.pipelines]} />
          <TextInput label={t('commissions.minAmount')} inputMode="decimal" value={draft.minAmount} onChange={set('minAmount')} error={errors['minAmount.amount']} />
          <Button onClick={() => void add()}>{t('commissions.addRule')}</Button>
        </Group>
      )}
      <FormError errors={errors} />
    </Paper>
  );
}

function Statements() {
  const { t } = useTranslation('forecasting');
  const format = useFormat();
  const choices = useForecastChoices();
  const [period, setPeriod] = useState<PeriodKind>('MONTH');
  const [date, setDate] = useState(today());
  const [userId, setUserId] = useState('');
  const [{ data, error }, refetch] = useQuery({
    query: CommissionsDocument,
    variables: { period, date: date || null, userId: userId || null },
    context: CONTEXT,
  });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  useLiveRecords(['Deal', 'CommissionRule'], reload);
  const result = data?.commissions;
  const currency = result?.currency ?? format.currencyCode;
  const money = (value: unknown) => format.currency(Number(value), currency);
  return (
    <Paper withBorder p="md">
      <Group align="flex-end" wrap="wrap" mb="sm">
        <NativeSelect label={t('filters.period')} value={period} onChange={(e) => setPeriod(e.currentTarget.value as PeriodKind)} data={PERIODS.map((p) => ({ value: p, label: t(`period.${p}`) }))} />
        <TextInput type="date" label={t('filters.date')} value={date} onChange={(e) => setDate(e.currentTarget.value)} />
        <NativeSelect label={t('filters.user')} value={userId} onChange={(e) => setUserId(e.currentTarget.value)} data={[{ value: '', label: t('filters.everyone') }, ...choices.people]} />
      </Group>
      {error && <ListError error={error} onRetry={reload} />}
      {result && (
        <Stack>
          <Title order={2} size="h4">
            {t('commissions.statements', { period: result.period.label })}
          </Title>
          {result.statements.length === 0 && <Text size="sm">{t('commissions.empty')}</Text>}
          {result.unconverted.length > 0 && <Text size="sm">{t('commissions.unconverted', { titles: result.unconverted.map((d) => d.title).join(', ') })}</Text>}
          {result.statements.map((statement) => (
            <Stack key={statement.user?.id ?? statement.name} gap="xs">
              <Title order={3} size="h5">
                {`${statement.name}: ${money(statement.commission)}`}
              </Title>
              <Table.ScrollContainer minWidth={640}>
                <Table data-testid="commission-statement">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('commissions.deal')}</Table.Th>
                      <Table.Th>{t('commissions.wonOn')}</Table.Th>
                      <Table.Th>{t('commissions.amount')}</Table.Th>
                      <Table.Th>{t('commissions.base', { currency })}</Table.Th>
                      <Table.Th>{t('commissions.rule')}</Table.Th>
                      <Table.Th>{t('commissions.commission', { currency })}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {statement.lines.map((line) => (
                      <Table.Tr key={line.deal.id}>
                        <Table.Td>
                          <Anchor component={Link} to={`/sales/deals/${encodeURIComponent(line.deal.id)}`}>
                            {line.deal.title}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>{format.date(line.wonOn)}</Table.Td>
                        <Table.Td>{format.currency(Number(line.amount.amount), line.amount.currency)}</Table.Td>
                        <Table.Td>{money(line.base)}</Table.Td>
                        <Table.Td>{line.rule ? `${line.rule.name} (${Number(line.rate)}%)` : t('commissions.noRule')}</Table.Td>
                        <Table.Td>{money(line.commission)}</Table.Td>
                      </Table.Tr>
                    ))}
                    <Table.Tr>
                      <Table.Th scope="row">{t('commissions.total')}</Table.Th>
                      <Table.Td />
                      <Table.Td />
                      <Table.Td>{money(statement.won)}</Table.Td>
                      <Table.Td />
                      <Table.Td>{money(statement.commission)}</Table.Td>
                    </Table.Tr>
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Stack>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
