import { Anchor, Button, Group, Loader, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { ConfirmAction, notifyWithUndo } from '../../components/ConfirmAction';
import { ListError } from '../../components/list/ListError';
import { LoadMore } from '../../components/list/ListParts';
import { useCursorList } from '../../components/list/useCursorList';
import { useWantsCustomFields } from '../../components/record/customFields';
import { RecordFields, type FieldGroup } from '../../components/record/RecordFields';
import { RecordPanels } from '../../components/record/RecordPanels';
import { OfflineNotice } from '../../offline/OfflineNotice';
import { useSavedNode } from '../../offline/useSavedRecord';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { moneyField, useCurrencies } from '../../components/record/money';
import type { DealTimelineQuery, SalesDealQuery } from '../../gql/tenant/graphql';
import { TimelineList, type TimelineEntry } from '../customers/Timeline';
import { DealDocument, DealTimelineDocument, DeleteDealDocument, MoveDealDocument, RestoreDealDocument, UpdateDealDocument } from './operations';

const AUTOMATIC = 'AUTOMATIC';
const FORECAST_CATEGORIES = ['PIPELINE', 'BEST_CASE', 'COMMIT', 'OMITTED'] as const;

type DealNode = Extract<NonNullable<SalesDealQuery['node']>, { __typename: 'Deal' }>;
type Format = ReturnType<typeof useFormat>;

/**
 * Every field of a deal, declared once: the role's layout orders them (custom fields too) and leaves
 * off what it hides; field rules make them read-only or hidden. The stage moves the deal at once.
 */
function dealFields(
  deal: DealNode,
  t: TFunction,
  format: Format,
  { save, move, currencies }: { save: (input: Record<string, unknown>) => Promise<string | null>; move: (stageId: string) => Promise<void>; currencies: readonly string[] },
): FieldGroup[] {
  const link = (to: string, name: string) => (
    <Anchor component={Link} to={to} size="sm">
      {name}
    </Anchor>
  );
  return [
    {
      id: 'details',
      title: t('common:recordGroups.details'),
      fields: [
        { field: 'title', label: t('fields.title'), value: deal.title, editor: { kind: 'text' }, save: (v) => save({ title: v }) },
        moneyField(format, { field: 'amount', label: t('fields.amount'), money: deal.amount, currencies, save: (amount) => save({ amount }) }),
        {
          field: 'stage',
          label: t('fields.stage'),
          value: deal.stage.id,
          display: deal.stage.name,
          control: (
            <NativeSelect
              aria-label={t('fields.stage')}
              size="xs"
              value={deal.stage.id}
              onChange={(e) => void move(e.currentTarget.value)}
              data={deal.pipeline.stages.map((s) => ({ value: s.id, label: s.name }))}
            />
          ),
        },
        {
          field: 'forecastCategory',
          label: t('fields.forecastCategory'),
          value: deal.forecastCategoryAutomatic ? AUTOMATIC : deal.forecastCategory,
          display: deal.forecastCategoryAutomatic ? t('forecastCategory.automatic', { category: t(`forecastCategory.${deal.forecastCategory}`) }) : t(`forecastCategory.${deal.forecastCategory}`),
          editor: {
            kind: 'select',
            options: [AUTOMATIC, ...FORECAST_CATEGORIES].map((value) => ({
              value,
              label: value === AUTOMATIC ? t('forecastCategory.fromProbability') : t(`forecastCategory.${value}`),
            })),
          },
          save: (v) => save({ forecastCategory: v === AUTOMATIC ? null : v }),
        },
        { field: 'probability', label: t('fields.probability'), value: String(deal.probability), editor: { kind: 'number' }, save: (v) => save({ probability: Number(v) }) },
        { field: 'expectedCloseDate', label: t('fields.expectedCloseDate'), value: deal.expectedCloseDate ?? '', editor: { kind: 'date' }, save: (v) => save({ expectedCloseDate: v || null }) },
        { field: 'nextStep', label: t('fields.nextStep'), value: deal.nextStep, editor: { kind: 'text' }, save: (v) => save({ nextStep: v }) },
        // Only a lost deal has a reason to give.
        ...(deal.stage.kind === 'LOST' ? [{ field: 'lostReason', label: t('fields.lostReason'), value: deal.lostReason, editor: { kind: 'text' as const }, save: (v: string) => save({ lostReason: v }) }] : []),
      ],
    },
    {
      id: 'customer',
      title: t('common:recordGroups.customer'),
      fields: [
        { field: 'company', label: t('fields.company'), value: deal.company?.name ?? '', display: deal.company ? link(`/customers/companies/${encodeURIComponent(deal.company.id)}`, deal.company.name) : undefined },
        {
          field: 'contacts',
          label: t('fields.contacts'),
          value: deal.contacts.map((c) => `${c.contact.fullName}${c.role ? ` (${t(`role.${c.role}`)})` : ''}`).join(', '),
        },
        { field: 'competitors', label: t('fields.competitors'), value: deal.competitors.map((c) => c.name).join(', ') },
        { field: 'owner', label: t('fields.owner'), value: deal.owner?.fullName ?? '' },
      ],
    },
    {
      id: 'dates',
      title: t('common:recordGroups.dates'),
      fields: [
        { field: 'pipeline', label: t('fields.pipeline'), value: deal.pipeline.name },
        { field: 'stageEnteredAt', label: t('fields.stageEnteredAt'), value: deal.stageEnteredAt ? format.dateTime(deal.stageEnteredAt) : '' },
        { field: 'closedAt', label: t('fields.closedAt'), value: deal.closedAt ? format.dateTime(deal.closedAt) : '' },
        { field: 'createdAt', label: t('fields.createdAt'), value: format.date(deal.createdAt) },
      ],
    },
  ];
}

/** /sales/deals/:id — one deal: its fields edited in place, its stage, contacts, competitors, stage history and timeline. */
export function DealPage() {
  const { t } = useTranslation('sales');
  const format = useFormat();
  const currencies = useCurrencies();
  const navigate = useNavigate();
  const id = decodeURIComponent(useParams().id ?? '');
  const withCustomFields = useWantsCustomFields('Deal');
  const [{ data, fetching, error }, refetch] = useQuery({ query: DealDocument, variables: { id, withCustomFields } });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  useLiveRecords(['Deal'], reload);
  const [, update] = useMutation(UpdateDealDocument);
  const [, moveDeal] = useMutation(MoveDealDocument);
  const [, remove] = useMutation(DeleteDealDocument);
  const [, restore] = useMutation(RestoreDealDocument);
  const [deleting, setDeleting] = useState(false);
  const { copy, node: deal, waiting } = useSavedNode({ recordType: 'Deal', id, data, fetching, error, name: (n) => String(n.title ?? ''), onReconnect: reload });
  if (waiting) return <Loader role="status" aria-label="…" />;
  if (!deal) return copy.offline ? <OfflineNotice copy={copy} missing /> : <ListError error={error ?? new Error(t('record.notFound'))} onRetry={reload} />;

  const save = async (input: Record<string, unknown>) => {
    const result = await update({ input: { id: deal.id, ...input } });
    const refused = result.error?.message ?? result.data?.updateDeal.errors[0]?.message ?? null;
    if (!refused) reload();
    return refused;
  };
  const move = async (stageId: string) => {
    const stage = deal.pipeline.stages.find((s) => s.id === stageId);
    const lostReason = stage?.kind === 'LOST' ? (window.prompt(t('fields.lostReason')) ?? '') : undefined;
    const result = await moveDeal({ input: { id: deal.id, stageId, lostReason } });
    const refused = result.error?.message ?? result.data?.moveDeal.errors[0]?.message;
    if (refused) notifications.show({ color: 'red', message: refused });
    reload();
  };

  return (
    <Stack>
      <OfflineNotice copy={copy} missing={false} />
      <Group justify="space-between">
        <Title order={1} size="h2">
          {deal.title}
        </Title>
        <Group>
          <Anchor component={Link} to="/sales/board">
            {t('board.title')}
          </Anchor>
          <Button color="red.9" variant="outline" onClick={() => setDeleting(true)}>
            {t('list.deleteConfirm')}
          </Button>
        </Group>
      </Group>
      <RecordFields
        copy={copy}
        recordType="Deal"
        columns={2}
        groups={dealFields(deal, t, format, { save, move, currencies })}
        customFields={{ values: deal.customFields, onSave: save }}
      />
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          {t('record.stageHistory')}
        </Title>
        <Table data-testid="stage-history">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('record.when')}</Table.Th>
              <Table.Th>{t('record.from')}</Table.Th>
              <Table.Th>{t('record.to')}</Table.Th>
              <Table.Th>{t('record.timeInStage')}</Table.Th>
              <Table.Th>{t('record.by')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {deal.stageHistory.map((change, i) => (
              <Table.Tr key={i}>
                <Table.Td>{format.date(change.at)}</Table.Td>
                <Table.Td>{change.fromStage?.name ?? '—'}</Table.Td>
                <Table.Td>{change.toStage?.name ?? '—'}</Table.Td>
                <Table.Td>{change.fromStage ? t('record.days', { count: Math.floor(change.timeInPrevious / 86400) }) : '—'}</Table.Td>
                <Table.Td>{change.by?.fullName ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <DealTimeline dealId={deal.id} readOnly={copy.offline} />
      <RecordPanels recordType="Deal" recordId={deal.id} />
      {deleting && (
        <ConfirmAction
          title={t('list.deleteTitle')}
          message={t('list.deleteMessage', { title: deal.title })}
          confirmLabel={t('list.deleteConfirm')}
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            const result = await remove({ input: { id: deal.id } });
            if (!result.error && !result.data?.deleteDeal.errors.length) {
              notifyWithUndo({
                message: t('list.deleted'),
                undo: async () => ((await restore({ input: { id: deal.id } })).data?.restoreDeal.deal ? 1 : 0),
              });
              navigate('/sales/deals');
            }
          }}
        />
      )}
    </Stack>
  );
}

/** The deal's timeline: its contacts' interactions, as their own timelines show them ("Reply by e-mail" on a mail
 *  from the inbox), and the deal's tasks, calls, meetings and notes, in one time order, newest first, a page at a
 *  time (only what the member may read); live: an interaction or activity written anywhere reloads it. */
export function DealTimeline({ dealId, readOnly }: { dealId: string; readOnly?: boolean }) {
  const { t } = useTranslation('sales');
  const list = useCursorList<DealTimelineQuery, TimelineEntry>({ query: DealTimelineDocument as never, variables: { deal: dealId }, pick: (d) => d.dealTimeline as never });
  useLiveRecords(['Interaction', 'Activity'], list.reload);
  return (
    <Paper withBorder p="md" data-testid="deal-timeline">
      <Title order={2} size="h4">
        {t('record.timeline')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('record.timelineHint')}
      </Text>
      <ListError error={list.error} onRetry={list.reload} />
      {list.loaded && <TimelineList items={list.rows} readOnly={readOnly} onChanged={list.reload} />}
      <LoadMore shown={list.rows.length} total={list.totalCount} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onLoadMore={list.loadMore} />
    </Paper>
  );
}
