import { Anchor, Button, Group, Loader, Paper, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { ConfirmAction, notifyWithUndo } from '../../components/ConfirmAction';
import { ListError } from '../../components/list/ListError';
import { RecordChanges } from '../../components/record/RecordChanges';
import { RecordFields } from '../../components/record/RecordFields';
import { useFieldAccess } from '../../components/record/fieldAccess';
import { RecordPanels } from '../../components/record/RecordPanels';
import { OfflineNotice } from '../../offline/OfflineNotice';
import { useSavedNode } from '../../offline/useSavedRecord';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { LeftText } from './EntitlementsPage';
import { allowanceProblem, amountText, usedPercent } from './logic';
import { CancelEntitlementDocument, DeleteEntitlementDocument, EntitlementDocument, RestoreEntitlementDocument, UpdateEntitlementDocument } from './operations';
import { useEntitlementOptions } from './options';
import { useWantsCustomFields } from '../../components/record/customFields';
import { StatusBadge, type Tone } from '../../components/StatusBadge';

export const STATUS_TONE: Record<string, Tone> = { ACTIVE: 'info', EXHAUSTED: 'warning', EXPIRED: 'neutral', CANCELLED: 'neutral' };

/** /entitlements/:id — one entitlement: what is left, fields edited in place, cancel, the tickets that used it, history. */
export function EntitlementPage() {
  const { t } = useTranslation('entitlements');
  const format = useFormat();
  const navigate = useNavigate();
  const access = useFieldAccess('Entitlement');
  const { owners, slaPolicies } = useEntitlementOptions();
  const id = decodeURIComponent(useParams().id ?? '');
  const withCustomFields = useWantsCustomFields('Entitlement');
  const [{ data, fetching, error }, refetch] = useQuery({ query: EntitlementDocument, variables: { id, withCustomFields } });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  useLiveRecords(['Entitlement'], reload);
  const [, update] = useMutation(UpdateEntitlementDocument);
  const [, cancel] = useMutation(CancelEntitlementDocument);
  const [, remove] = useMutation(DeleteEntitlementDocument);
  const [, restore] = useMutation(RestoreEntitlementDocument);
  const [deleting, setDeleting] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const { copy, node: entitlement, waiting } = useSavedNode({ recordType: 'Entitlement', id, data, fetching, error, name: (n) => String(n.name ?? ''), onReconnect: reload });
  if (waiting) return <Loader role="status" aria-label="…" />;
  if (!entitlement) return copy.offline ? <OfflineNotice copy={copy} missing /> : <ListError error={error ?? new Error(t('record.notFound'))} onRetry={reload} />;

  const open = entitlement.status !== 'CANCELLED';
  const save = async (input: Record<string, unknown>) => {
    const result = await update({ input: { id: entitlement.id, ...input } as never });
    const refused = result.error?.message ?? result.data?.updateEntitlement.errors[0]?.message ?? null;
    if (!refused) reload();
    return refused;
  };
  const percent = usedPercent(entitlement);
  const kind = entitlement.kind;

  return (
    <Stack>
      <OfflineNotice copy={copy} missing={false} />
      <Group justify="space-between">
        <Group>
          <Title order={1} size="h2">
            {entitlement.name}
          </Title>
          <StatusBadge data-testid="entitlement-status" variant="outline" tone={STATUS_TONE[entitlement.status] ?? 'neutral'}>
            {t(`status.${entitlement.status}`)}
          </StatusBadge>
        </Group>
        <Group>
          <Anchor component={Link} to="/entitlements">
            {t('record.back')}
          </Anchor>
          {open && access.canUpdate && (
            <Button variant="outline" color="red.9" onClick={() => setCancelling(true)}>
              {t('record.cancel')}
            </Button>
          )}
          {access.canDelete && (
            <Button color="red.9" variant="outline" onClick={() => setDeleting(true)}>
              {t('record.delete')}
            </Button>
          )}
        </Group>
      </Group>
      <Paper withBorder p="md">
        <Stack gap={6}>
          <Text fw={600} data-testid="entitlement-left">
            <LeftText entitlement={entitlement} />
          </Text>
          {percent !== null && (
            <>
              <Progress value={percent} color={percent >= 80 ? 'orange.8' : 'blue.8'} aria-label={t('record.usedOf', { used: amountText(entitlement.used), allowance: amountText(entitlement.allowance) })} />
              <Text size="sm">{t('record.usedOf', { used: amountText(entitlement.used), allowance: amountText(entitlement.allowance) })}</Text>
            </>
          )}
        </Stack>
      </Paper>
      <RecordFields
        copy={copy}
        recordType="Entitlement"
        columns={2}
        builtInReadOnly={!open}
        customFields={{ values: entitlement.customFields, onSave: save }}
        groups={[
          {
            id: 'details',
            title: t('common:recordGroups.details'),
            fields: [
              { field: 'name', label: t('fields.name'), value: entitlement.name, editor: { kind: 'text' }, save: (v) => save({ name: v }) },
              { field: 'kind', label: t('fields.kind'), value: t(`kind.${kind}`) },
              // Unlimited: no allowance to give.
              ...(kind !== 'UNLIMITED'
                ? [
                    {
                      field: 'allowance',
                      label: t('fields.allowance'),
                      value: amountText(entitlement.allowance) ?? '',
                      editor: { kind: 'number' as const },
                      save: async (v: string) => {
                        const problem = allowanceProblem(kind, v);
                        return problem ? t(`problem.${problem}`) : save({ allowance: v });
                      },
                    },
                  ]
                : []),
              { field: 'slaPolicy', label: t('fields.slaPolicy'), value: entitlement.slaPolicy?.id ?? '', display: entitlement.slaPolicy?.name ?? t('new.noPolicy'), editor: { kind: 'select', options: slaPolicies, clearable: true }, save: (v) => save({ slaPolicyId: v || null }) },
              { field: 'channels', label: t('fields.channels'), value: entitlement.channels.length ? entitlement.channels.map((c) => t(`channel.${c}`)).join(', ') : t('list.allChannels') },
              { field: 'ticketCount', label: t('fields.ticketCount'), value: String(entitlement.ticketCount) },
            ],
          },
          {
            id: 'dates',
            title: t('common:recordGroups.dates'),
            fields: [
              { field: 'startDate', label: t('fields.startDate'), value: entitlement.startDate, display: format.date(entitlement.startDate), editor: { kind: 'date' }, save: (v) => save({ startDate: v || null }) },
              { field: 'endDate', label: t('fields.endDate'), value: entitlement.endDate, display: format.date(entitlement.endDate), editor: { kind: 'date' }, save: (v) => save({ endDate: v || null }) },
            ],
          },
          {
            id: 'customer',
            title: t('common:recordGroups.customer'),
            fields: [
              {
                field: 'company',
                label: t('fields.company'),
                value: entitlement.company?.name ?? '',
                display: entitlement.company ? (
                  <Anchor component={Link} to={`/customers/companies/${encodeURIComponent(entitlement.company.id)}`} size="sm">
                    {entitlement.company.name}
                  </Anchor>
                ) : undefined,
              },
              { field: 'contact', label: t('fields.contact'), value: entitlement.contact?.fullName ?? '' },
              {
                field: 'contract',
                label: t('fields.contract'),
                value: entitlement.contract ? `C-${entitlement.contract.number} ${entitlement.contract.title}` : '',
                display: entitlement.contract ? (
                  <Anchor component={Link} to={`/contracts/${encodeURIComponent(entitlement.contract.id)}`} size="sm">
                    C-{entitlement.contract.number} {entitlement.contract.title}
                  </Anchor>
                ) : undefined,
              },
              { field: 'owner', label: t('fields.owner'), value: entitlement.owner?.id ?? '', display: entitlement.owner?.fullName ?? '—', editor: { kind: 'select', options: owners, clearable: true }, save: (v) => save({ ownerId: v || null }) },
            ],
          },
        ]}
      />
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          {t('record.usage')}
        </Title>
        {entitlement.usage.length === 0 ? (
          <Text size="sm">{t('record.noUsage')}</Text>
        ) : (
          <Table data-testid="entitlement-usage">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('record.when')}</Table.Th>
                <Table.Th>{t('record.ticket')}</Table.Th>
                <Table.Th>{t('record.amount')}</Table.Th>
                <Table.Th>{t('record.by')}</Table.Th>
                <Table.Th>{t('record.note')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entitlement.usage.map((use) => (
                <Table.Tr key={use.id}>
                  <Table.Td>{format.dateTime(use.at)}</Table.Td>
                  <Table.Td>
                    {use.ticket ? (
                      <Anchor component={Link} to={`/service/tickets/${encodeURIComponent(use.ticket.id)}`} size="sm">
                        {use.ticket.subject}
                      </Anchor>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                  <Table.Td>{amountText(use.amount)}</Table.Td>
                  <Table.Td>{use.by?.fullName ?? t('record.system')}</Table.Td>
                  <Table.Td>{use.note || '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      <RecordChanges ns="entitlements" history={entitlement.history} />
      <RecordPanels recordType="Entitlement" recordId={entitlement.id} />
      {cancelling && (
        <ConfirmAction
          title={t('record.cancelTitle')}
          message={t('record.cancelMessage', { name: entitlement.name })}
          confirmLabel={t('record.cancelConfirm')}
          onClose={() => setCancelling(false)}
          onConfirm={async () => {
            const result = await cancel({ input: { id: entitlement.id } });
            const refused = result.error?.message ?? result.data?.cancelEntitlement.errors[0]?.message;
            if (refused) notifications.show({ color: 'red', message: refused });
            reload();
          }}
        />
      )}
      {deleting && (
        <ConfirmAction
          title={t('record.deleteTitle')}
          message={t('record.deleteMessage', { name: entitlement.name })}
          confirmLabel={t('record.delete')}
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            const result = await remove({ input: { id: entitlement.id } });
            if (!result.error && !result.data?.deleteEntitlement.errors.length) {
              notifyWithUndo({
                message: t('record.deleted'),
                undo: async () => ((await restore({ input: { id: entitlement.id } })).data?.restoreEntitlement.entitlement ? 1 : 0),
              });
              navigate('/entitlements');
            }
          }}
        />
      )}
    </Stack>
  );
}
