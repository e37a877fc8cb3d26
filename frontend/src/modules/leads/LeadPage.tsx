import { Alert, Anchor, Badge, Button, Grid, Group, Loader, NativeSelect, Paper, Stack, Table, Tabs, Text, TextInput, Timeline, Title } from '@mantine/core';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { ConfirmAction, notifyWithUndo } from '../../components/ConfirmAction';
import { useMemberChoices, userNodeId } from '../../components/members';
import { camelCase, HistoryList } from '../../components/record/HistoryList';
import { useWantsCustomFields } from '../../components/record/customFields';
import { RecordFields, type FieldGroup } from '../../components/record/RecordFields';
import { useCampaignChoices } from './campaignChoices';
import { RecordPanels } from '../../components/record/RecordPanels';
import { useFieldAccess } from '../../components/record/fieldAccess';
import type { LeadQuery } from '../../gql/tenant/graphql';
import { useMember } from '../../auth/session';
import { useLiveRecords } from '../../live/live';
import { OfflineNotice } from '../../offline/OfflineNotice';
import { queueFieldEdit, useSavedRecord } from '../../offline/useSavedRecord';
import { useFormat } from '../../locale';
import { FormError, outcome } from '../access/common';
import { ConvertDialog } from './ConvertDialog';
import { leadFromValues } from './offline';
import { ACTIVITY_KINDS, EDITABLE_STATUSES, inputOf, SOURCES } from './logic';
import { DeleteLeadDocument, LeadDocument, LogLeadActivityDocument, RestoreLeadDocument, UpdateLeadDocument } from './operations';

export type LeadNode = Extract<NonNullable<LeadQuery['node']>, { __typename: 'Lead' }>;
type Format = ReturnType<typeof useFormat>;
type T = (key: string, options?: Record<string, unknown>) => string;

/** The lead's fields in groups, each with its editor (CONVERTED and the score are never typed in). */
export function leadFields(lead: LeadNode, t: T, format: Format, owners: { value: string; label: string }[], campaigns: { value: string; label: string }[] = []): FieldGroup[] {
  const text = { kind: 'text' } as const;
  const statuses = EDITABLE_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }));
  return [
    {
      id: 'person',
      title: t('groups.person'),
      fields: [
        { field: 'name', label: t('fields.name'), value: lead.name, editor: text },
        { field: 'companyName', label: t('fields.companyName'), value: lead.companyName, editor: text },
        { field: 'title', label: t('fields.title'), value: lead.title, editor: text },
        { field: 'email', label: t('fields.email'), value: lead.email ?? '', editor: text },
        { field: 'phone', label: t('fields.phone'), value: lead.phone ?? '', editor: text },
      ],
    },
    {
      id: 'qualification',
      title: t('groups.qualification'),
      fields: [
        {
          field: 'status',
          label: t('fields.status'),
          value: lead.status,
          display: t(`status.${lead.status}`),
          editor: lead.status === 'CONVERTED' ? undefined : { kind: 'select', options: statuses },
        },
        { field: 'source', label: t('fields.source'), value: lead.source, display: t(`source.${lead.source}`), editor: { kind: 'select', options: SOURCES.map((s) => ({ value: s, label: t(`source.${s}`) })) } },
        { field: 'region', label: t('fields.region'), value: lead.region, editor: text },
        { field: 'industry', label: t('fields.industry'), value: lead.industry, editor: text },
        { field: 'owner', label: t('fields.owner'), value: lead.owner?.id ?? '', display: lead.owner?.fullName ?? '—', editor: { kind: 'select', options: owners, clearable: true } },
        {
          field: 'campaign',
          label: t('fields.campaign'),
          value: lead.campaign?.id ?? '',
          display: lead.campaign?.name ?? '—',
          editor: { kind: 'select', options: lead.campaign && !campaigns.some((c) => c.value === lead.campaign?.id) ? [{ value: lead.campaign.id, label: lead.campaign.name }, ...campaigns] : campaigns, clearable: true },
        },
      ],
    },
    { id: 'notes', title: t('groups.notes'), fields: [{ field: 'description', label: t('fields.description'), value: lead.description, editor: text }] },
    {
      id: 'record',
      title: t('groups.record'),
      fields: [
        { field: 'createdAt', label: t('fields.createdAt'), value: lead.createdAt, display: lead.createdAt ? format.dateTime(lead.createdAt) : '—' },
        { field: 'updatedAt', label: t('fields.updatedAt'), value: lead.updatedAt, display: lead.updatedAt ? format.dateTime(lead.updatedAt) : '—' },
        ...(lead.convertedAt ? [{ field: 'convertedAt', label: t('fields.convertedAt'), value: lead.convertedAt, display: format.dateTime(lead.convertedAt) }] : []),
        ...(lead.convertedBy ? [{ field: 'convertedBy', label: t('fields.convertedBy'), value: lead.convertedBy.fullName }] : []),
      ],
    },
  ];
}

/** History values named in the interface language: statuses, sources and owners by their labels. */
function useLeadHistory(owners: { value: string; label: string }[]) {
  const { t } = useTranslation('leads');
  const label = useCallback((field: string) => t(`fields.${camelCase(field)}`, { defaultValue: field }), [t]);
  const value = useCallback(
    (field: string, raw: unknown): string | null => {
      if (raw === null || raw === undefined || raw === '') return null;
      if (field === 'status' || field === 'source' || field === 'kind') {
        const group = field === 'kind' ? 'kind' : field;
        return t(`${group}.${String(raw).toUpperCase()}`, { defaultValue: String(raw) });
      }
      if (field === 'owner' || field === 'performed_by') {
        const id = /^\d+$/.test(String(raw)) ? userNodeId(Number(raw)) : String(raw);
        return owners.find((o) => o.value === id)?.label ?? null;
      }
      return null;
    },
    [t, owners],
  );
  return { label, value };
}

/** Which rule gave how many points (activity points after their decay), as the server computed the score. */
function ScoreBreakdown({ breakdown }: { breakdown: LeadNode['scoreBreakdown'] }) {
  const { t } = useTranslation('leads');
  const format = useFormat();
  if (!breakdown.items.length) return null;
  const points = (n: number) => `${n > 0 ? '+' : ''}${format.number(Math.round(n * 10) / 10)}`;
  return (
    <Table mt="sm" data-testid="score-breakdown" aria-label={t('record.breakdown')}>
      <Table.Tbody>
        {breakdown.items.map((item) => (
          <Table.Tr key={item.ruleId}>
            <Table.Td>
              {item.field
                ? `${t(`scoredField.${item.field}`)} = ${item.value ?? '…'}`
                : t('record.breakdownActivities', { kind: t(`kind.${item.activityKind}`), count: item.activities })}
              {item.points !== item.undecayedPoints && (
                <Text span size="xs" c="dimmed">
                  {` ${t('record.breakdownDecay', { points: points(item.undecayedPoints), days: breakdown.halfLifeDays })}`}
                </Text>
              )}
            </Table.Td>
            <Table.Td ta="right" fw={600}>
              {points(item.points)}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Log a call, e-mail or meeting with the lead; its score follows. */
function LogActivity({ leadId, onLogged }: { leadId: string; onLogged: () => void }) {
  const { t } = useTranslation('leads');
  const [kind, setKind] = useState<string>('CALL');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [, log] = useMutation(LogLeadActivityDocument);
  const submit = async () => {
    setBusy(true);
    const found = outcome(await log({ input: { leadId, kind: kind as never, note: note || null } }), (d) => d.logLeadActivity, t);
    setBusy(false);
    setErrors(found);
    if (!Object.keys(found).length) {
      setNote('');
      onLogged();
    }
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Group align="flex-end" wrap="wrap">
        <NativeSelect label={t('record.logKind')} value={kind} onChange={(e) => setKind(e.currentTarget.value)} data={ACTIVITY_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
        <TextInput label={t('record.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={errors.note} style={{ flex: 1, minWidth: 160 }} />
        <Button type="submit" loading={busy} data-testid="log-activity">
          {t('record.log')}
        </Button>
      </Group>
      <FormError errors={errors} />
    </form>
  );
}

/** What a converted lead became, each a link. */
function Converted({ lead }: { lead: LeadNode }) {
  const { t } = useTranslation('leads');
  const format = useFormat();
  if (lead.status !== 'CONVERTED') return null;
  const links = [
    lead.convertedCompany && { label: t('fields.convertedCompany'), name: lead.convertedCompany.name, to: `/customers/companies/${encodeURIComponent(lead.convertedCompany.id)}`, testId: 'converted-company' },
    lead.convertedContact && { label: t('fields.convertedContact'), name: lead.convertedContact.fullName, to: `/customers/contacts/${encodeURIComponent(lead.convertedContact.id)}`, testId: 'converted-contact' },
    lead.convertedDeal && { label: t('fields.convertedDeal'), name: lead.convertedDeal.title, to: `/sales/deals/${encodeURIComponent(lead.convertedDeal.id)}`, testId: 'converted-deal' },
  ].filter(Boolean) as { label: string; name: string; to: string; testId: string }[];
  return (
    <Alert color="green" variant="light" data-testid="converted">
      <Text size="sm">{t('record.convertedNotice', { when: lead.convertedAt ? format.dateTime(lead.convertedAt) : '' })}</Text>
      <Group gap="lg" mt={4}>
        {links.map((l) => (
          <Text size="sm" key={l.testId}>
            {l.label}:{' '}
            <Anchor component={Link} to={l.to} data-testid={l.testId} c="blue.9">
              {l.name}
            </Anchor>
          </Text>
        ))}
      </Group>
    </Alert>
  );
}

/** /leads/:id — every field grouped and edited in place, the score, activities, history, convert, delete with undo; live. */
export function LeadPage() {
  const { t } = useTranslation('leads');
  const format = useFormat();
  const navigate = useNavigate();
  const id = decodeURIComponent(useParams().id ?? '');
  const withCustomFields = useWantsCustomFields('Lead');
  const [{ data, fetching, error }, refetch] = useQuery({ query: LeadDocument, variables: { id, withCustomFields } });
  const reload = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  useLiveRecords(['Lead', 'LeadActivity'], reload);
  const access = useFieldAccess('Lead');
  const { owners } = useMemberChoices();
  const campaigns = useCampaignChoices();
  const history = useLeadHistory(owners);
  const [, update] = useMutation(UpdateLeadDocument);
  const [, remove] = useMutation(DeleteLeadDocument);
  const [, restore] = useMutation(RestoreLeadDocument);
  const [deleting, setDeleting] = useState(false);
  const [converting, setConverting] = useState(false);
  const { me } = useMember();
  const fromValues = useCallback((values: Record<string, unknown>) => leadFromValues(id, values, me), [id, me]);
  const copy = useSavedRecord({ recordType: 'Lead', id, data, error, label: (d) => (d.node?.__typename === 'Lead' ? d.node.name : null), onReconnect: reload, fromValues });
  // Offline: the copy kept on this device; its fields are edited into the queue, nothing else changes.
  const readOnly = copy.offline;
  const lead = copy.data?.node?.__typename === 'Lead' ? (copy.data.node as LeadNode) : null;
  if (copy.offline ? copy.saved === undefined : fetching && !data) return <Loader role="status" aria-label="…" />;
  if (copy.offline && !lead) return <OfflineNotice copy={copy} missing />;
  if (!lead)
    return (
      <Alert color="red" role="alert">
        {error?.message ?? t('record.notFound')}
      </Alert>
    );

  const send = async (given: Record<string, unknown>) => {
    const found = outcome(await update({ input: { id: lead.id, ...given } as never }), (d) => d.updateLead, t);
    const messages = Object.values(found);
    if (!messages.length) reload();
    return messages.length ? messages.join(' ') : null;
  };
  const save = (field: string, value: string) => send(inputOf(field, value));
  const activities = lead.activities.edges.map((e) => e.node);

  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Group gap="sm">
          <Title order={1} size="h2" data-testid="record-title">
            {lead.name}
          </Title>
          <Badge variant="outline" color="blue.8">
            {t(`status.${lead.status}`)}
          </Badge>
        </Group>
        <Group gap="xs">
          {!readOnly && access.canUpdate && lead.status !== 'CONVERTED' && lead.status !== 'UNQUALIFIED' && (
            <Button size="xs" onClick={() => setConverting(true)} data-testid="convert">
              {t('convert.button')}
            </Button>
          )}
          {!readOnly && access.canDelete && (
            <Button size="xs" color="red.8" variant="outline" onClick={() => setDeleting(true)}>
              {t('record.delete')}
            </Button>
          )}
        </Group>
      </Group>
      <OfflineNotice copy={copy} missing={false} />
      <Converted lead={lead} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <Paper withBorder p="md" radius="md" data-testid="score-card">
              <Group justify="space-between">
                <Title order={2} size="h4">
                  {t('fields.score')}
                </Title>
                <Text fz={28} fw={700} data-testid="score">
                  {format.number(lead.score)}
                </Text>
              </Group>
              <Text size="xs" c="dimmed">
                {t('record.scoreHelp')}
              </Text>
              <ScoreBreakdown breakdown={lead.scoreBreakdown} />
            </Paper>
            <RecordFields
              recordType="Lead"
              groups={leadFields(lead, t, format, owners, campaigns)}
              customFields={{ values: lead.customFields, onSave: send }}
              copy={copy}
              onSave={copy.offline ? queueFieldEdit(copy, inputOf) : save}
            />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Paper withBorder p="md" radius="md">
            <Tabs defaultValue="activities" keepMounted={false}>
              <Tabs.List mb="md">
                <Tabs.Tab value="activities">{`${t('record.activities')} (${lead.activities.totalCount ?? activities.length})`}</Tabs.Tab>
                <Tabs.Tab value="history">{t('record.history')}</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="activities">
                <Stack>
                  {!readOnly && access.canUpdate && <LogActivity leadId={lead.id} onLogged={reload} />}
                  {activities.length === 0 ? (
                    <Text size="sm">{t('record.noActivities')}</Text>
                  ) : (
                    <Timeline bulletSize={14} lineWidth={2} data-testid="activities">
                      {activities.map((a) => (
                        <Timeline.Item key={a.id} title={t(`kind.${a.kind}`)}>
                          {a.note && <Text size="sm">{a.note}</Text>}
                          <Text size="xs" c="dimmed">
                            {format.dateTime(a.occurredAt)}
                            {a.performedBy ? ` · ${t('record.by', { name: a.performedBy.fullName })}` : ''}
                          </Text>
                        </Timeline.Item>
                      ))}
                    </Timeline>
                  )}
                </Stack>
              </Tabs.Panel>
              <Tabs.Panel value="history">
                <HistoryList items={lead.history.edges.map((e) => e.node)} label={history.label} value={history.value} />
              </Tabs.Panel>
            </Tabs>
          </Paper>
        </Grid.Col>
      </Grid>
      <RecordPanels recordType="Lead" recordId={lead.id} readOnly={readOnly} />
      {converting && <ConvertDialog lead={lead} onClose={() => setConverting(false)} onConverted={reload} />}
      {deleting && (
        <ConfirmAction
          title={t('record.deleteTitle')}
          message={t('record.deleteMessage', { name: lead.name })}
          confirmLabel={t('record.delete')}
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            const result = await remove({ input: { id: lead.id } });
            if (!result.error && !result.data?.deleteLead.errors.length) {
              notifyWithUndo({
                message: t('record.deleted'),
                undo: async () => ((await restore({ input: { id: lead.id } })).data?.restoreLead.lead ? 1 : 0),
              });
              navigate('/leads');
            }
          }}
        />
      )}
    </Stack>
  );
}
