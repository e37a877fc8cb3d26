import { Anchor, Button, Code, Group, Loader, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { ConfirmAction, notifyWithUndo } from '../../components/ConfirmAction';
import { useMemberChoices } from '../../components/members';
import { ListError } from '../../components/list/ListError';
import { RecordFields } from '../../components/record/RecordFields';
import { useFieldAccess } from '../../components/record/fieldAccess';
import { OfflineNotice } from '../../offline/OfflineNotice';
import { useSavedNode } from '../../offline/useSavedRecord';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { moneyField, moneyText } from '../../components/record/money';
import { leadPath } from './LeadsPage';
import { CAMPAIGN_STATUSES, CAMPAIGN_TYPES, percentText } from './logic';
import { CampaignDocument, LeadsDocument, UpdateCampaignDocument } from './operations';
import { bulkPair } from '../../components/list/useRecordList';
import { useWantsCustomFields } from '../../components/record/customFields';
import { StatusBadge } from '../../components/StatusBadge';

const CAMPAIGN_PAIR = bulkPair('Campaign');

/** /leads/campaigns/:id — one campaign: its figures, fields edited in place, its web-form key and its leads (newest first). */
export function CampaignPage() {
  const { t } = useTranslation('leads');
  const format = useFormat();
  const navigate = useNavigate();
  const access = useFieldAccess('Campaign');
  const { owners } = useMemberChoices();
  const id = decodeURIComponent(useParams().id ?? '');
  const withCustomFields = useWantsCustomFields('Campaign');
  const [{ data, fetching, error }, refetch] = useQuery({ query: CampaignDocument, variables: { id, withCustomFields } });
  const [leads, refetchLeads] = useQuery({ query: LeadsDocument, variables: { filter: { campaign: { eq: id } }, first: 50 } });
  const reload = () => {
    refetch({ requestPolicy: 'network-only' });
    refetchLeads({ requestPolicy: 'network-only' });
  };
  useLiveRecords(['Campaign', 'Lead'], reload);
  const [, update] = useMutation(UpdateCampaignDocument);
  // Through the campaigns' bin pair, with one id, as the list deletes a selection.
  const [, remove] = useMutation(CAMPAIGN_PAIR.remove);
  const [, restore] = useMutation(CAMPAIGN_PAIR.restore);
  const [deleting, setDeleting] = useState(false);
  const { copy, node: campaign, waiting } = useSavedNode({ recordType: 'Campaign', id, data, fetching, error, name: (n) => String(n.name ?? ''), onReconnect: reload });
  if (waiting) return <Loader role="status" aria-label="…" />;
  if (!campaign) return copy.offline ? <OfflineNotice copy={copy} missing /> : <ListError error={error ?? new Error(t('campaigns.notFound'))} onRetry={reload} />;

  const save = async (input: Record<string, unknown>) => {
    const result = await update({ input: { id: campaign.id, ...input } as never });
    const refused = result.error?.message ?? result.data?.updateCampaign.errors[0]?.message ?? null;
    if (!refused) reload();
    return refused;
  };
  const onDelete = async () => {
    const result = await remove({ input: { campaignIds: [campaign.id] } });
    if (result.error || result.data?.deleteCampaigns.errors.length) return;
    notifyWithUndo({
      message: t('campaigns.deleted', { count: 1 }),
      undo: async () => {
        const back = await restore({ input: { campaignIds: [campaign.id] } });
        return back.data?.restoreCampaigns.restoredIds.length ?? 0;
      },
    });
    navigate('/leads/campaigns');
  };
  const figures: [string, string][] = [
    ['leadsCount', format.number(campaign.leadsCount)],
    ['convertedCount', format.number(campaign.convertedCount)],
    ['conversionRate', percentText(campaign.conversionRate)],
    ['wonAmount', moneyText(format, campaign.wonAmount)],
    ['costPerLead', moneyText(format, campaign.costPerLead)],
    ['roi', percentText(campaign.roi)],
  ];
  const rows = leads.data?.leads.edges.map((e) => e.node) ?? [];

  return (
    <Stack>
      <OfflineNotice copy={copy} missing={false} />
      <Group justify="space-between">
        <Group>
          <Title order={1} size="h2">
            {campaign.name}
          </Title>
          <StatusBadge data-testid="campaign-status" variant="outline" tone={campaign.status === 'ACTIVE' ? 'info' : 'neutral'}>
            {t(`campaigns.status.${campaign.status}`)}
          </StatusBadge>
        </Group>
        <Group>
          <Anchor component={Link} to="/leads/campaigns">
            {t('campaigns.back')}
          </Anchor>
          {access.canDelete && (
            <Button color="red.9" variant="outline" onClick={() => setDeleting(true)}>
              {t('list.delete')}
            </Button>
          )}
        </Group>
      </Group>
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          {t('campaigns.figures')}
        </Title>
        <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }} data-testid="campaign-figures">
          {figures.map(([key, value]) => (
            <Stack gap={0} key={key} data-testid={`figure-${key}`}>
              <Text size="xs" c="dimmed">
                {t(`campaigns.fields.${key}`)}
              </Text>
              <Text fw={700}>{value}</Text>
            </Stack>
          ))}
        </SimpleGrid>
      </Paper>
      <RecordFields
        copy={copy}
        recordType="Campaign"
        columns={2}
        customFields={{ values: campaign.customFields, onSave: save }}
        groups={[
          {
            id: 'details',
            title: t('common:recordGroups.details'),
            fields: [
              { field: 'name', label: t('campaigns.fields.name'), value: campaign.name, editor: { kind: 'text' }, save: (v) => save({ name: v }) },
              {
                field: 'type',
                label: t('campaigns.fields.type'),
                value: campaign.type,
                display: t(`campaigns.type.${campaign.type}`),
                editor: { kind: 'select', options: CAMPAIGN_TYPES.map((s) => ({ value: s, label: t(`campaigns.type.${s}`) })) },
                save: (v) => save({ type: v }),
              },
              {
                field: 'status',
                label: t('campaigns.fields.status'),
                value: campaign.status,
                display: t(`campaigns.status.${campaign.status}`),
                editor: { kind: 'select', options: CAMPAIGN_STATUSES.map((s) => ({ value: s, label: t(`campaigns.status.${s}`) })) },
                save: (v) => save({ status: v }),
              },
              { field: 'owner', label: t('campaigns.fields.owner'), value: campaign.owner?.id ?? '', display: campaign.owner?.fullName ?? '—', editor: { kind: 'select', options: owners, clearable: true }, save: (v) => save({ ownerId: v || null }) },
              { field: 'description', label: t('campaigns.fields.description'), value: campaign.description, editor: { kind: 'text' }, save: (v) => save({ description: v }) },
              {
                field: 'formKey',
                label: t('campaigns.formKey'),
                value: campaign.formKey,
                display: (
                  <>
                    <Code data-testid="campaign-form-key">{campaign.formKey}</Code>
                    <Text component="span" size="xs" c="dimmed" display="block">
                      {t('campaigns.formHelp', { key: campaign.formKey })}
                    </Text>
                  </>
                ),
              },
            ],
          },
          {
            id: 'dates',
            title: t('common:recordGroups.dates'),
            fields: [
              { field: 'startDate', label: t('campaigns.fields.startDate'), value: campaign.startDate ?? '', display: campaign.startDate ? format.date(campaign.startDate) : '—', editor: { kind: 'date' }, save: (v) => save({ startDate: v || null }) },
              { field: 'endDate', label: t('campaigns.fields.endDate'), value: campaign.endDate ?? '', display: campaign.endDate ? format.date(campaign.endDate) : '—', editor: { kind: 'date' }, save: (v) => save({ endDate: v || null }) },
            ],
          },
          {
            id: 'amounts',
            title: t('common:recordGroups.amounts'),
            fields: [
              // In the campaign's own currency (its next field).
              moneyField(format, { field: 'budget', label: t('campaigns.fields.budget'), money: campaign.budget, currency: campaign.currency, save: (money) => save({ budget: money?.amount ?? null }) }),
              moneyField(format, { field: 'actualCost', label: t('campaigns.fields.actualCost'), money: campaign.actualCost, currency: campaign.currency, save: (money) => save({ actualCost: money?.amount ?? null }) }),
              moneyField(format, { field: 'expectedRevenue', label: t('campaigns.fields.expectedRevenue'), money: campaign.expectedRevenue, currency: campaign.currency, save: (money) => save({ expectedRevenue: money?.amount ?? null }) }),
              { field: 'currency', label: t('campaigns.fields.currency'), value: campaign.currency, editor: { kind: 'text' }, save: (v) => save({ currency: v }) },
            ],
          },
        ]}
      />
      <Paper withBorder p="md">
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h4">
            {t('campaigns.leads')}
          </Title>
          <Anchor component={Link} to={`/leads?campaign=${encodeURIComponent(campaign.id)}`}>
            {t('list.title')}
          </Anchor>
        </Group>
        {rows.length === 0 ? (
          <Text size="sm">{t('campaigns.noLeads')}</Text>
        ) : (
          <Table data-testid="campaign-leads-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('fields.name')}</Table.Th>
                <Table.Th>{t('fields.companyName')}</Table.Th>
                <Table.Th>{t('fields.status')}</Table.Th>
                <Table.Th>{t('fields.owner')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((lead) => (
                <Table.Tr key={lead.id}>
                  <Table.Td>
                    <Anchor component={Link} to={leadPath(lead.id)} size="sm">
                      {lead.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{lead.companyName || '—'}</Table.Td>
                  <Table.Td>{t(`status.${lead.status}`)}</Table.Td>
                  <Table.Td>{lead.owner?.fullName ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      {deleting && (
        <ConfirmAction
          title={t('campaigns.deleteTitle', { count: 1 })}
          message={t('list.deleteMessage', { count: 1 })}
          confirmLabel={t('campaigns.deleteConfirm', { count: 1 })}
          onConfirm={() => onDelete()}
          onClose={() => setDeleting(false)}
        />
      )}
    </Stack>
  );
}
