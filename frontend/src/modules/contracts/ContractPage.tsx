import { Anchor, Button, Group, Loader, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { ConfirmAction, notifyWithUndo } from '../../components/ConfirmAction';
import { ListError } from '../../components/list/ListError';
import { RecordChanges } from '../../components/record/RecordChanges';
import { StatusHistory } from '../../components/record/StatusHistory';
import { RecordFields } from '../../components/record/RecordFields';
import { useFieldAccess } from '../../components/record/fieldAccess';
import { useWantsCustomFields } from '../../components/record/customFields';
import { RecordPanels } from '../../components/record/RecordPanels';
import { OfflineNotice } from '../../offline/OfflineNotice';
import { useSavedNode } from '../../offline/useSavedRecord';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { moneyField, useCurrencies } from '../../components/record/money';
import { BILLING, contractPath } from './logic';
import {
  ActivateContractDocument,
  ContractDocument,
  DeleteContractDocument,
  RenewContractDocument,
  RestoreContractDocument,
  TerminateContractDocument,
  UpdateContractDocument,
} from './operations';
import { useContractOptions } from './options';
import { StatusBadge } from '../../components/StatusBadge';

/** /contracts/:id — one contract: fields edited in place, status actions (activate, terminate, renew), its renewals and history. */
export function ContractPage() {
  const { t } = useTranslation('contracts');
  const format = useFormat();
  const currencies = useCurrencies();
  const navigate = useNavigate();
  const access = useFieldAccess('Contract');
  const { owners } = useContractOptions();
  const id = decodeURIComponent(useParams().id ?? '');
  const withCustomFields = useWantsCustomFields('Contract');
  const [{ data, fetching, error }, refetch] = useQuery({ query: ContractDocument, variables: { id, withCustomFields } });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  useLiveRecords(['Contract'], reload);
  const [, update] = useMutation(UpdateContractDocument);
  const [, activate] = useMutation(ActivateContractDocument);
  const [, terminate] = useMutation(TerminateContractDocument);
  const [, renew] = useMutation(RenewContractDocument);
  const [, remove] = useMutation(DeleteContractDocument);
  const [, restore] = useMutation(RestoreContractDocument);
  const [deleting, setDeleting] = useState(false);
  const { copy, node: contract, waiting } = useSavedNode({ recordType: 'Contract', id, data, fetching, error, name: (n) => `${n.number} ${n.title}`, onReconnect: reload });
  if (waiting) return <Loader role="status" aria-label="…" />;
  if (!contract) return copy.offline ? <OfflineNotice copy={copy} missing /> : <ListError error={error ?? new Error(t('record.notFound'))} onRetry={reload} />;

  const open = contract.status === 'DRAFT' || contract.status === 'ACTIVE';
  const save = async (input: Record<string, unknown>) => {
    const result = await update({ input: { id: contract.id, ...input } as never });
    const refused = result.error?.message ?? result.data?.updateContract.errors[0]?.message ?? null;
    if (!refused) reload();
    return refused;
  };
  const refusedBy = (refused: string | undefined) => {
    if (refused) notifications.show({ color: 'red', message: refused });
    reload();
  };
  const onActivate = async () => {
    const result = await activate({ input: { id: contract.id } });
    refusedBy(result.error?.message ?? result.data?.activateContract.errors[0]?.message);
  };
  const onTerminate = async () => {
    const reason = window.prompt(t('record.terminateReason'));
    if (reason === null) return;
    const result = await terminate({ input: { id: contract.id, reason } });
    refusedBy(result.error?.message ?? result.data?.terminateContract.errors[0]?.message);
  };
  const onRenew = async () => {
    const result = await renew({ input: { id: contract.id } });
    const refused = result.error?.message ?? result.data?.renewContract.errors[0]?.message;
    const renewal = result.data?.renewContract.renewal;
    refusedBy(refused);
    if (renewal) navigate(contractPath(renewal.id));
  };
  const billing = BILLING.map((b) => ({ value: b, label: t(`billing.${b}`) }));

  return (
    <Stack>
      <OfflineNotice copy={copy} missing={false} />
      <Group justify="space-between">
        <Group>
          <Title order={1} size="h2">
            {t('name', { number: contract.number })} {contract.title}
          </Title>
          <StatusBadge data-testid="contract-status" variant="outline" tone={contract.status === 'ACTIVE' ? 'info' : 'neutral'}>
            {t(`status.${contract.status}`)}
          </StatusBadge>
        </Group>
        <Group>
          <Anchor component={Link} to="/contracts">
            {t('record.back')}
          </Anchor>
          {contract.status === 'DRAFT' && <Button onClick={() => void onActivate()}>{t('record.activate')}</Button>}
          {contract.status === 'ACTIVE' && (
            <>
              <Button onClick={() => void onRenew()}>{t('record.renew')}</Button>
              <Button variant="outline" color="red.9" onClick={() => void onTerminate()}>
                {t('record.terminate')}
              </Button>
            </>
          )}
          {access.canDelete && (
            <Button color="red.9" variant="outline" onClick={() => setDeleting(true)}>
              {t('record.delete')}
            </Button>
          )}
        </Group>
      </Group>
      {(contract.renewedFrom || contract.renewal) && (
        <Group gap="md">
          {contract.renewedFrom && (
            <Anchor component={Link} to={contractPath(contract.renewedFrom.id)}>
              {t('record.renewalOf', { number: contract.renewedFrom.number })}
            </Anchor>
          )}
          {contract.renewal && (
            <Anchor component={Link} to={contractPath(contract.renewal.id)}>
              {t('record.renewedBy', { number: contract.renewal.number })}
            </Anchor>
          )}
        </Group>
      )}
      <RecordFields
        copy={copy}
        recordType="Contract"
        columns={2}
        readOnly={!open}
        customFields={{ values: contract.customFields, onSave: save }}
        groups={[
          {
            id: 'details',
            title: t('common:recordGroups.details'),
            fields: [
              { field: 'title', label: t('fields.title'), value: contract.title, editor: { kind: 'text' }, save: (v) => save({ title: v }) },
              moneyField(format, { field: 'value', label: t('fields.value'), money: contract.value, currencies, save: (value) => save({ value }) }),
              { field: 'billingFrequency', label: t('fields.billingFrequency'), value: contract.billingFrequency, display: t(`billing.${contract.billingFrequency}`), editor: { kind: 'select', options: billing }, save: (v) => save({ billingFrequency: v }) },
              { field: 'terms', label: t('fields.terms'), value: contract.terms, editor: { kind: 'text' }, save: (v) => save({ terms: v }) },
              ...(contract.endReason ? [{ field: 'endReason', label: t('fields.endReason'), value: contract.endReason }] : []),
            ],
          },
          {
            id: 'dates',
            title: t('common:recordGroups.dates'),
            fields: [
              { field: 'startDate', label: t('fields.startDate'), value: contract.startDate, display: format.date(contract.startDate), editor: { kind: 'date' }, save: (v) => save({ startDate: v || null }) },
              { field: 'endDate', label: t('fields.endDate'), value: contract.endDate, display: format.date(contract.endDate), editor: { kind: 'date' }, save: (v) => save({ endDate: v || null }) },
              {
                field: 'autoRenew',
                label: t('fields.autoRenew'),
                value: contract.autoRenew ? 'yes' : 'no',
                display: contract.autoRenew ? '✓' : '—',
                editor: { kind: 'select', options: [{ value: 'yes', label: '✓' }, { value: 'no', label: '—' }] },
                save: (v) => save({ autoRenew: v === 'yes' }),
              },
              { field: 'renewalNoticeDays', label: t('fields.renewalNoticeDays'), value: String(contract.renewalNoticeDays), editor: { kind: 'number' }, save: (v) => save({ renewalNoticeDays: Number(v) }) },
              { field: 'renewalReminderDate', label: t('fields.renewalReminderDate'), value: format.date(contract.renewalReminderDate) },
            ],
          },
          {
            id: 'customer',
            title: t('common:recordGroups.customer'),
            fields: [
              {
                field: 'company',
                label: t('fields.company'),
                value: contract.company?.name ?? '',
                display: contract.company ? (
                  <Anchor component={Link} to={`/customers/companies/${encodeURIComponent(contract.company.id)}`} size="sm">
                    {contract.company.name}
                  </Anchor>
                ) : undefined,
              },
              { field: 'owner', label: t('fields.owner'), value: contract.owner?.id ?? '', display: contract.owner?.fullName ?? '—', editor: { kind: 'select', options: owners, clearable: true }, save: (v) => save({ ownerId: v || null }) },
              {
                field: 'deal',
                label: t('fields.deal'),
                value: contract.deal?.title ?? '',
                display: contract.deal ? (
                  <Anchor component={Link} to={`/sales/deals/${encodeURIComponent(contract.deal.id)}`} size="sm">
                    {contract.deal.title}
                  </Anchor>
                ) : undefined,
              },
              { field: 'order', label: t('fields.order'), value: contract.order ? `O-${contract.order.number}` : '' },
            ],
          },
        ]}
      />
      <StatusHistory changes={contract.statusHistory} status={(value) => t(`status.${value}`)} />
      <RecordChanges ns="contracts" history={contract.history} />
      <RecordPanels recordType="Contract" recordId={contract.id} />
      {deleting && (
        <ConfirmAction
          title={t('record.deleteTitle')}
          message={t('record.deleteMessage', { title: contract.title })}
          confirmLabel={t('record.delete')}
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            const result = await remove({ input: { id: contract.id } });
            if (!result.error && !result.data?.deleteContract.errors.length) {
              notifyWithUndo({
                message: t('record.deleted'),
                undo: async () => ((await restore({ input: { id: contract.id } })).data?.restoreContract.contract ? 1 : 0),
              });
              navigate('/contracts');
            }
          }}
        />
      )}
    </Stack>
  );
}
