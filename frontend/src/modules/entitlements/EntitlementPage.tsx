import { Anchor, Button, Group, Loader, Paper, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { ConfirmAction, notifyWithUndo } from '../../components/ConfirmAction';
import { ListError } from '../../components/list/ListError';
import { RecordChanges } from '../../components/record/RecordChanges';
import { InlineField } from '../../components/record/InlineField';
import { useFieldAccess } from '../../components/record/fieldAccess';
import { RecordPanels } from '../../components/record/RecordPanels';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { LeftText } from './EntitlementsPage';
import { allowanceProblem, amountText, usedPercent } from './logic';
import { CancelEntitlementDocument, DeleteEntitlementDocument, EntitlementDocument, RestoreEntitlementDocument, UpdateEntitlementDocument } from './operations';
import { useEntitlementOptions } from './options';
import { CustomFieldsPanel, useWantsCustomFields } from '../../components/record/CustomFieldsPanel';
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
  const entitlement = data?.node?.__typename === 'Entitlement' ? data.node : null;
  if (fetching && !data) return <Loader role="status" aria-label="…" />;
  if (!entitlement) return <ListError error={error ?? new Error(t('record.notFound'))} onRetry={reload} />;

  const open = entitlement.status !== 'CANCELLED';
  const readOnly = (field: string) => !open || access.readOnly(field);
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
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <InlineField label={t('fields.name')} value={entitlement.name} editor={{ kind: 'text' }} readOnly={readOnly('name')} onSave={(v) => save({ name: v })} />
          <Text size="sm">
            {t('fields.company')}:{' '}
            {entitlement.company ? (
              <Anchor component={Link} to={`/customers/companies/${encodeURIComponent(entitlement.company.id)}`}>
                {entitlement.company.name}
              </Anchor>
            ) : (
              '—'
            )}
          </Text>
          <Text size="sm">
            {t('fields.kind')}: {t(`kind.${kind}`)}
          </Text>
          {kind !== 'UNLIMITED' && (
            <InlineField
              label={t('fields.allowance')}
              value={amountText(entitlement.allowance) ?? ''}
              editor={{ kind: 'number' }}
              readOnly={readOnly('allowance')}
              onSave={async (v) => {
                const problem = allowanceProblem(kind, v);
                return problem ? t(`problem.${problem}`) : save({ allowance: v });
              }}
            />
          )}
          <InlineField label={t('fields.startDate')} value={entitlement.startDate} display={format.date(entitlement.startDate)} editor={{ kind: 'date' }} readOnly={readOnly('startDate')} onSave={(v) => save({ startDate: v || null })} />
          <InlineField label={t('fields.endDate')} value={entitlement.endDate} display={format.date(entitlement.endDate)} editor={{ kind: 'date' }} readOnly={readOnly('endDate')} onSave={(v) => save({ endDate: v || null })} />
          <InlineField
            label={t('fields.slaPolicy')}
            value={entitlement.slaPolicy?.id ?? ''}
            display={entitlement.slaPolicy?.name ?? t('new.noPolicy')}
            editor={{ kind: 'select', options: slaPolicies, clearable: true }}
            readOnly={readOnly('slaPolicy')}
            onSave={(v) => save({ slaPolicyId: v || null })}
          />
          <InlineField
            label={t('fields.owner')}
            value={entitlement.owner?.id ?? ''}
            display={entitlement.owner?.fullName ?? '—'}
            editor={{ kind: 'select', options: owners, clearable: true }}
            readOnly={readOnly('owner')}
            onSave={(v) => save({ ownerId: v || null })}
          />
          <Text size="sm">
            {t('fields.channels')}: {entitlement.channels.length ? entitlement.channels.map((c) => t(`channel.${c}`)).join(', ') : t('list.allChannels')}
          </Text>
          {entitlement.contract && (
            <Text size="sm">
              {t('fields.contract')}:{' '}
              <Anchor component={Link} to={`/contracts/${encodeURIComponent(entitlement.contract.id)}`}>
                C-{entitlement.contract.number} {entitlement.contract.title}
              </Anchor>
            </Text>
          )}
          {entitlement.contact && (
            <Text size="sm">
              {t('fields.contact')}: {entitlement.contact.fullName}
            </Text>
          )}
          <Text size="sm">
            {t('fields.ticketCount')}: {entitlement.ticketCount}
          </Text>
        </SimpleGrid>
      </Paper>
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
      <CustomFieldsPanel recordType="Entitlement" values={entitlement.customFields} onSave={save} />
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
