import { Anchor, Button, Group, Loader, Paper, Stack, Table, TextInput, Title } from '@mantine/core';
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
import { moneyText } from '../../components/record/money';
import { RESOLUTIONS } from './logic';
import { DeleteReturnRequestDocument, MoveReturnRequestDocument, RestoreReturnRequestDocument, ReturnRequestDocument, UpdateReturnRequestDocument } from './operations';
import { useReturnOptions } from './options';
import { useWantsCustomFields } from '../../components/record/customFields';
import { StatusBadge } from '../../components/StatusBadge';

const FINAL = ['REFUNDED', 'REPLACED', 'CLOSED', 'REJECTED'];

/** /returns/:id — one return: what comes back, fields edited in place, its status moves (refunding credits the invoice), history. */
export function ReturnPage() {
  const { t } = useTranslation('returns');
  const format = useFormat();
  const navigate = useNavigate();
  const access = useFieldAccess('ReturnRequest');
  const { owners, reasons } = useReturnOptions();
  const id = decodeURIComponent(useParams().id ?? '');
  const withCustomFields = useWantsCustomFields('ReturnRequest');
  const [{ data, fetching, error }, refetch] = useQuery({ query: ReturnRequestDocument, variables: { id, withCustomFields } });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  useLiveRecords(['ReturnRequest'], reload);
  const [, update] = useMutation(UpdateReturnRequestDocument);
  const [, move] = useMutation(MoveReturnRequestDocument);
  const [, remove] = useMutation(DeleteReturnRequestDocument);
  const [, restore] = useMutation(RestoreReturnRequestDocument);
  const [note, setNote] = useState('');
  const [moving, setMoving] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const { copy, node: request, waiting } = useSavedNode({ recordType: 'ReturnRequest', id, data, fetching, error, name: (n) => String(n.number ?? ''), onReconnect: reload });
  if (waiting) return <Loader role="status" aria-label="…" />;
  if (!request) return copy.offline ? <OfflineNotice copy={copy} missing /> : <ListError error={error ?? new Error(t('record.notFound'))} onRetry={reload} />;

  const name = t('name', { number: request.number });
  const open = !FINAL.includes(request.status);
  const save = async (input: Record<string, unknown>) => {
    const result = await update({ input: { id: request.id, ...input } as never });
    const refused = result.error?.message ?? result.data?.updateReturnRequest.errors[0]?.message ?? null;
    if (!refused) reload();
    return refused;
  };
  const onMove = async (status: string) => {
    setMoving(true);
    const result = await move({ input: { id: request.id, status: status as never, note: note || null } });
    setMoving(false);
    const refused = result.error?.message ?? result.data?.moveReturnRequest.errors[0]?.message;
    if (refused) notifications.show({ color: 'red', message: refused });
    else setNote('');
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
          <StatusBadge data-testid="return-status" variant="outline" tone={open ? 'info' : 'neutral'}>
            {t(`status.${request.status}`)}
          </StatusBadge>
        </Group>
        <Group>
          <Anchor component={Link} to="/returns">
            {t('record.back')}
          </Anchor>
          {access.canDelete && (
            <Button color="red.9" variant="outline" onClick={() => setDeleting(true)}>
              {t('record.delete')}
            </Button>
          )}
        </Group>
      </Group>
      {request.nextStatuses.length > 0 && (
        <Group align="flex-end" data-testid="return-moves">
          <TextInput label={t('record.noteOptional')} value={note} maxLength={200} onChange={(e) => setNote(e.currentTarget.value)} />
          {request.nextStatuses.map((status) => (
            <Button key={status} loading={moving} variant={status === 'REJECTED' || status === 'CLOSED' ? 'outline' : 'filled'} color={status === 'REJECTED' ? 'red.9' : undefined} onClick={() => void onMove(status)}>
              {t(`move.${status}`)}
            </Button>
          ))}
        </Group>
      )}
      <RecordFields
        copy={copy}
        recordType="ReturnRequest"
        columns={2}
        builtInReadOnly={!open}
        customFields={{ values: request.customFields, onSave: save }}
        groups={[
          {
            id: 'details',
            title: t('common:recordGroups.details'),
            fields: [
              { field: 'reason', label: t('fields.reason'), value: request.reason, editor: { kind: 'select', options: reasons }, save: (v) => save({ reason: v }) },
              {
                field: 'resolution',
                label: t('fields.resolution'),
                value: request.resolution,
                display: t(`resolution.${request.resolution}`),
                editor: { kind: 'select', options: RESOLUTIONS.map((r) => ({ value: r, label: t(`resolution.${r}`) })) },
                save: (v) => save({ resolution: v }),
              },
              { field: 'notes', label: t('fields.notes'), value: request.notes, editor: { kind: 'text' }, save: (v) => save({ notes: v }) },
            ],
          },
          {
            id: 'amounts',
            title: t('common:recordGroups.amounts'),
            fields: [
              { field: 'refundAmount', label: t('fields.refundAmount'), value: moneyText(format, request.refundAmount), display: <span data-testid="refund-amount">{moneyText(format, request.refundAmount)}</span> },
              {
                field: 'creditNote',
                label: t('fields.creditNote'),
                value: request.creditNote?.displayNumber ?? '',
                display: (
                  <span data-testid="credit-note">
                    {request.creditNote ? (
                      <Anchor component={Link} to={`/invoices/${encodeURIComponent(request.creditNote.id)}`} size="sm">
                        {request.creditNote.displayNumber} ({moneyText(format, request.creditNote.total)})
                      </Anchor>
                    ) : (
                      '—'
                    )}
                  </span>
                ),
              },
            ],
          },
          {
            id: 'customer',
            title: t('common:recordGroups.customer'),
            fields: [
              {
                field: 'company',
                label: t('fields.company'),
                value: request.company?.name ?? '',
                display: request.company ? (
                  <Anchor component={Link} to={`/customers/companies/${encodeURIComponent(request.company.id)}`} size="sm">
                    {request.company.name}
                  </Anchor>
                ) : undefined,
              },
              { field: 'order', label: t('fields.order'), value: request.order ? `O-${request.order.number}` : '' },
              { field: 'owner', label: t('fields.owner'), value: request.owner?.id ?? '', display: request.owner?.fullName ?? '—', editor: { kind: 'select', options: owners, clearable: true }, save: (v) => save({ ownerId: v || null }) },
            ],
          },
        ]}
      />
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          {t('fields.lines')}
        </Title>
        <Table data-testid="return-lines">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('fields.description')}</Table.Th>
              <Table.Th>{t('fields.quantity')}</Table.Th>
              <Table.Th>{t('fields.ordered')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {request.lines.map((line) => (
              <Table.Tr key={line.id}>
                <Table.Td>{line.orderLine.description || line.orderLine.product.name}</Table.Td>
                <Table.Td>{Number(line.quantity)}</Table.Td>
                <Table.Td>{Number(line.orderLine.quantity)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <StatusHistory changes={request.statusHistory} status={(value) => t(`status.${value}`)} />
      <RecordChanges ns="returns" history={request.history} />
      <RecordPanels recordType="ReturnRequest" recordId={request.id} />
      {deleting && (
        <ConfirmAction
          title={t('record.deleteTitle')}
          message={t('record.deleteMessage', { name })}
          confirmLabel={t('record.delete')}
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            const result = await remove({ input: { id: request.id } });
            if (!result.error && !result.data?.deleteReturnRequest.errors.length) {
              notifyWithUndo({
                message: t('record.deleted'),
                undo: async () => ((await restore({ input: { id: request.id } })).data?.restoreReturnRequest.returnRequest ? 1 : 0),
              });
              navigate('/returns');
            }
          }}
        />
      )}
    </Stack>
  );
}
