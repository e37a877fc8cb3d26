import { Anchor, Button, Group, Loader, Stack, TextInput, Title } from '@mantine/core';
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
import { RecordPanels } from '../../components/record/RecordPanels';
import { OfflineNotice } from '../../offline/OfflineNotice';
import { useSavedNode } from '../../offline/useSavedRecord';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { moneyField, moneyText } from '../../components/record/money';
import { CLAIM_KINDS } from './logic';
import { ClaimDocument, DeleteClaimDocument, MoveClaimDocument, RestoreClaimDocument, UpdateClaimDocument } from './operations';
import { useReturnOptions } from './options';
import { useWantsCustomFields } from '../../components/record/customFields';
import { StatusBadge } from '../../components/StatusBadge';

const UNDECIDED = ['SUBMITTED', 'UNDER_REVIEW'];

/** /returns/claims/:id — one claim: fields edited in place until decided, its moves (a partial approval asks how much), history. */
export function ClaimPage() {
  const { t } = useTranslation('returns');
  const format = useFormat();
  const navigate = useNavigate();
  const access = useFieldAccess('Claim');
  const { owners } = useReturnOptions();
  const id = decodeURIComponent(useParams().id ?? '');
  const withCustomFields = useWantsCustomFields('Claim');
  const [{ data, fetching, error }, refetch] = useQuery({ query: ClaimDocument, variables: { id, withCustomFields } });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  useLiveRecords(['Claim'], reload);
  const [, update] = useMutation(UpdateClaimDocument);
  const [, move] = useMutation(MoveClaimDocument);
  const [, remove] = useMutation(DeleteClaimDocument);
  const [, restore] = useMutation(RestoreClaimDocument);
  const [note, setNote] = useState('');
  const [granted, setGranted] = useState('');
  const [deleting, setDeleting] = useState(false);
  const { copy, node: claim, waiting } = useSavedNode({ recordType: 'Claim', id, data, fetching, error, name: (n) => String(n.number ?? ''), onReconnect: reload });
  if (waiting) return <Loader role="status" aria-label="…" />;
  if (!claim) return copy.offline ? <OfflineNotice copy={copy} missing /> : <ListError error={error ?? new Error(t('record.claimNotFound'))} onRetry={reload} />;

  const name = t('claimName', { number: claim.number });
  const save = async (input: Record<string, unknown>) => {
    const result = await update({ input: { id: claim.id, ...input } as never });
    const refused = result.error?.message ?? result.data?.updateClaim.errors[0]?.message ?? null;
    if (!refused) reload();
    return refused;
  };
  const onMove = async (status: string) => {
    const amountApproved = status === 'PARTIALLY_APPROVED' ? granted || null : null;
    const result = await move({ input: { id: claim.id, status: status as never, note: note || null, amountApproved } });
    const refused = result.error?.message ?? result.data?.moveClaim.errors[0]?.message;
    if (refused) notifications.show({ color: 'red', message: refused });
    else {
      setNote('');
      setGranted('');
    }
    reload();
  };

  return (
    <Stack>
      <OfflineNotice copy={copy} missing={false} />
      <Group justify="space-between">
        <Group>
          <Title order={1} size="h2">
            {name}
          </Title>
          <StatusBadge data-testid="claim-status" variant="outline" tone={claim.nextStatuses.length ? 'info' : 'neutral'}>
            {t(`claimStatus.${claim.status}`)}
          </StatusBadge>
        </Group>
        <Group>
          <Anchor component={Link} to="/returns/claims">
            {t('record.backClaims')}
          </Anchor>
          {access.canDelete && (
            <Button color="red.9" variant="outline" onClick={() => setDeleting(true)}>
              {t('record.delete')}
            </Button>
          )}
        </Group>
      </Group>
      {claim.nextStatuses.length > 0 && (
        <Group align="flex-end" data-testid="claim-moves">
          <TextInput label={t('record.noteOptional')} value={note} maxLength={200} onChange={(e) => setNote(e.currentTarget.value)} />
          {claim.nextStatuses.includes('PARTIALLY_APPROVED') && <TextInput label={t('record.amountPrompt')} inputMode="decimal" w={160} value={granted} onChange={(e) => setGranted(e.currentTarget.value)} />}
          {claim.nextStatuses.map((status) => (
            <Button key={status} variant={status === 'REJECTED' ? 'outline' : 'filled'} color={status === 'REJECTED' ? 'red.9' : undefined} disabled={status === 'PARTIALLY_APPROVED' && !granted} onClick={() => void onMove(status)}>
              {t(`move.${status}`)}
            </Button>
          ))}
        </Group>
      )}
      <RecordFields
        copy={copy}
        recordType="Claim"
        columns={2}
        builtInReadOnly={!UNDECIDED.includes(claim.status)}
        customFields={{ values: claim.customFields, onSave: save }}
        groups={[
          {
            id: 'details',
            title: t('common:recordGroups.details'),
            fields: [
              { field: 'kind', label: t('fields.kind'), value: claim.kind, display: t(`kind.${claim.kind}`), editor: { kind: 'select', options: CLAIM_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) })) }, save: (v) => save({ kind: v }) },
              { field: 'description', label: t('fields.description'), value: claim.description, editor: { kind: 'text' }, save: (v) => save({ description: v }) },
            ],
          },
          {
            id: 'amounts',
            title: t('common:recordGroups.amounts'),
            fields: [
              moneyField(format, { field: 'amountClaimed', label: t('fields.amountClaimed'), money: claim.amountClaimed, currency: claim.currency, save: (money) => save({ amountClaimed: money?.amount ?? null }) }),
              { field: 'amountApproved', label: t('fields.amountApproved'), value: moneyText(format, claim.amountApproved), display: <span data-testid="amount-approved">{moneyText(format, claim.amountApproved)}</span> },
            ],
          },
          {
            id: 'customer',
            title: t('common:recordGroups.customer'),
            fields: [
              {
                field: 'company',
                label: t('fields.company'),
                value: claim.company?.name ?? '',
                display: claim.company ? (
                  <Anchor component={Link} to={`/customers/companies/${encodeURIComponent(claim.company.id)}`} size="sm">
                    {claim.company.name}
                  </Anchor>
                ) : undefined,
              },
              { field: 'order', label: t('fields.order'), value: claim.order ? `O-${claim.order.number}` : '' },
              { field: 'warranty', label: t('fields.warranty'), value: claim.warranty?.serialNumber ?? '' },
              { field: 'owner', label: t('fields.owner'), value: claim.owner?.id ?? '', display: claim.owner?.fullName ?? '—', editor: { kind: 'select', options: owners, clearable: true }, save: (v) => save({ ownerId: v || null }) },
            ],
          },
        ]}
      />
      <StatusHistory changes={claim.statusHistory} status={(value) => t(`claimStatus.${value}`)} />
      <RecordChanges ns="returns" history={claim.history} />
      <RecordPanels recordType="Claim" recordId={claim.id} />
      {deleting && (
        <ConfirmAction
          title={t('record.deleteClaimTitle')}
          message={t('record.deleteMessage', { name })}
          confirmLabel={t('record.delete')}
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            const result = await remove({ input: { id: claim.id } });
            if (!result.error && !result.data?.deleteClaim.errors.length) {
              notifyWithUndo({
                message: t('record.claimDeleted'),
                undo: async () => ((await restore({ input: { id: claim.id } })).data?.restoreClaim.claim ? 1 : 0),
              });
              navigate('/returns/claims');
            }
          }}
        />
      )}
    </Stack>
  );
}
