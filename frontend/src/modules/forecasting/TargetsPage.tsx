import { ActionIcon, Anchor, Button, Group, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';

import { useMember } from '../../auth/session';
import { ConfirmAction } from '../../components/ConfirmAction';
import { FilterChips, LoadMore } from '../../components/list/ListParts';
import { ListError } from '../../components/list/ListError';
import { orderByOf, type SortKey } from '../../components/list/sorting';
import { useCursorList } from '../../components/list/useCursorList';
import { InlineField } from '../../components/record/InlineField';
import { useFieldAccess } from '../../components/record/fieldAccess';
import type { SalesTargetRowFragment, SalesTargetsQuery } from '../../gql/tenant/graphql';
import i18n from '../../i18n';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { FormError, outcome } from '../access/common';
import { CreateSalesTargetDocument, DeleteSalesTargetDocument, SalesTargetsDocument, UpdateSalesTargetDocument } from './operations';
import { PERIODS, today, useForecastChoices, type PeriodKind } from './options';
import { useEntryState } from '../../components/list/entryState';
import { listExportUrl } from '../../components/list/exportUrl';
import { SortHeader } from '../../components/list/SortHeader';

// The export's columns: those the table shows (the server adds the name column and the custom fields).
const EXPORT_COLUMNS = ['periodKind', 'periodStart', 'amount', 'currency'];

const SORTABLE = ['periodStart', 'amount'] as const;
const canManage = (role: string) => ['owner', 'admin', 'manager'].includes(role);

/** /forecast/targets — every target the member may read: sort, a period filter, export, amounts edited in place, delete. */
export function TargetsPage() {
  const { t } = useTranslation('forecasting');
  const format = useFormat();
  const { me } = useMember();
  const manager = canManage(me.role);
  const access = useFieldAccess('SalesTarget');
  const [kind, setKind] = useEntryState<PeriodKind | ''>('targets.kind', '');
  const [sort, setSort] = useEntryState<SortKey[]>('targets.sort', [{ field: 'periodStart', desc: true }]);
  const [deleting, setDeleting] = useState<SalesTargetRowFragment | null>(null);
  const filter = kind ? { periodKind: { eq: kind } } : null;
  const variables = { filter, orderBy: sort.length ? orderByOf(sort) : null };
  const list = useCursorList<SalesTargetsQuery, SalesTargetRowFragment>({
    query: SalesTargetsDocument as never,
    variables,
    pick: (d) => d.salesTargets,
  });
  useLiveRecords(['SalesTarget'], list.reload);
  const [, update] = useMutation(UpdateSalesTargetDocument);
  const [, remove] = useMutation(DeleteSalesTargetDocument);
  const whose = (row: SalesTargetRowFragment) => row.team?.name ?? row.user?.fullName ?? row.user?.email ?? '—';
  const chips = kind ? [{ id: 'kind', label: `${t('targets.filterKind')}: ${t(`period.${kind}`)}`, onRemove: () => setKind('') }] : [];
  const exportUrl = (fileFormat: 'csv' | 'xlsx') => listExportUrl('targets', fileFormat, variables, { columns: EXPORT_COLUMNS, language: i18n.language });
  const header = (field: (typeof SORTABLE)[number], text: string) => (
    <SortHeader field={field} text={text} sort={sort} onSort={setSort} label={t('targets.sortBy', { name: text })} />
  );

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('targets.title')}
        </Title>
        <Group>
          <Anchor href={exportUrl('csv')}>{`${t('targets.export')} CSV`}</Anchor>
          <Anchor href={exportUrl('xlsx')}>{`${t('targets.export')} XLSX`}</Anchor>
        </Group>
      </Group>
      {manager && <NewTarget onAdded={list.reload} />}
      <Group align="flex-end">
        <NativeSelect
          label={t('targets.filterKind')}
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value as PeriodKind | '')}
          data={[{ value: '', label: t('targets.all') }, ...PERIODS.map((p) => ({ value: p, label: t(`period.${p}`) }))]}
        />
      </Group>
      <FilterChips chips={chips} onClear={() => setKind('')} />
      {list.error && <ListError error={list.error} onRetry={list.reload} />}
      {list.loaded && list.rows.length === 0 ? (
        <Text size="sm">{t('targets.empty')}</Text>
      ) : (
        <Table data-testid="targets">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('targets.whose')}</Table.Th>
              {header('periodStart', t('targets.period'))}
              {header('amount', t('targets.amount'))}
              {manager && <Table.Th />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.rows.map((row) => (
              <Table.Tr key={row.id}>
                <Table.Td>{whose(row)}</Table.Td>
                <Table.Td>{row.periodLabel}</Table.Td>
                <Table.Td>
                  <InlineField
                    compact
                    label={`${t('targets.amount')}: ${whose(row)} ${row.periodLabel}`}
                    value={row.amount ? String(row.amount.amount) : ''}
                    display={row.amount ? format.currency(Number(row.amount.amount), row.amount.currency) : '—'}
                    editor={{ kind: 'number' }}
                    readOnly={!manager || access.readOnly('amount')}
                    onSave={async (v) => {
                      const found = outcome(await update({ input: { id: row.id, amount: { amount: v, currency: row.amount?.currency ?? format.currencyCode } } }), (d) => d.updateSalesTarget, t);
                      const messages = Object.values(found);
                      if (!messages.length) list.reload();
                      return messages.length ? messages.join(' ') : null;
                    }}
                  />
                </Table.Td>
                {manager && (
                  <Table.Td>
                    <ActionIcon variant="subtle" color="red.8" aria-label={t('targets.delete', { name: whose(row), period: row.periodLabel })} onClick={() => setDeleting(row)}>
                      <span aria-hidden="true">✕</span>
                    </ActionIcon>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <LoadMore shown={list.rows.length} total={list.totalCount} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onLoadMore={list.loadMore} />
      {deleting && (
        <ConfirmAction
          title={t('targets.deleteTitle')}
          message={t('targets.deleteMessage', { name: whose(deleting), period: deleting.periodLabel })}
          confirmLabel={t('targets.deleteConfirm')}
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            const result = await remove({ input: { id: deleting.id } });
            if (!result.error && !result.data?.deleteSalesTarget.errors.length) {
              notifications.show({ message: t('targets.deleted') });
              list.reload();
            }
            setDeleting(null);
          }}
        />
      )}
    </Stack>
  );
}

function NewTarget({ onAdded }: { onAdded: () => void }) {
  const { t } = useTranslation('forecasting');
  const format = useFormat();
  const choices = useForecastChoices();
  const [draft, setDraft] = useState({ userId: '', teamId: '', periodKind: 'QUARTER' as PeriodKind, periodStart: today(), amount: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [, create] = useMutation(CreateSalesTargetDocument);
  const set = (key: keyof typeof draft) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setDraft((d) => ({ ...d, [key]: value }));
  };
  const add = async () => {
    const input = {
      userId: draft.teamId ? null : draft.userId || choices.people[0]?.value,
      teamId: draft.teamId || null,
      periodKind: draft.periodKind,
      periodStart: draft.periodStart,
      amount: { amount: draft.amount, currency: format.currencyCode },
    };
    const found = outcome(await create({ input }), (d) => d.createSalesTarget, t);
    setErrors(found);
    if (!Object.keys(found).length) {
      setDraft((d) => ({ ...d, amount: '' }));
      onAdded();
    }
  };
  return (
    <Paper withBorder p="md">
      <Group align="flex-end" wrap="wrap">
        <NativeSelect label={t('targets.forUser')} value={draft.userId} onChange={set('userId')} data={[{ value: '', label: '—' }, ...choices.people]} />
        <NativeSelect label={t('targets.forTeam')} value={draft.teamId} onChange={set('teamId')} data={[{ value: '', label: '—' }, ...choices.teams]} />
        <NativeSelect label={t('targets.kind')} value={draft.periodKind} onChange={set('periodKind')} data={PERIODS.map((p) => ({ value: p, label: t(`period.${p}`) }))} />
        <TextInput type="date" label={t('targets.day')} value={draft.periodStart} onChange={set('periodStart')} error={errors.periodStart} />
        <TextInput label={t('targets.amount')} inputMode="decimal" value={draft.amount} onChange={set('amount')} error={errors['amount.amount'] ?? errors.amount} />
        <Button onClick={() => void add()}>{t('targets.add')}</Button>
      </Group>
      <FormError errors={errors} />
    </Paper>
  );
}

