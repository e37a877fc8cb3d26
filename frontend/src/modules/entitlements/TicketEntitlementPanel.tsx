import { Anchor, Button, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { ListError } from '../../components/list/ListError';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import type { RecordPanelProps } from '../types';
import { STATUS_TONE } from './EntitlementPage';
import { LeftText } from './EntitlementsPage';
import { entitlementPath, hoursProblem } from './logic';
import { LinkTicketEntitlementDocument, RecordEntitlementHoursDocument, TicketEntitlementDocument, UnlinkTicketEntitlementDocument } from './operations';
import { StatusBadge } from '../../components/StatusBadge';

/**
 * On a ticket's page (a `recordPanels` entry): the entitlement it is worked under and what is left of it,
 * or that the customer is not entitled; link it to one of the customer's active entitlements, unlink it
 * (what it used is given back), and log hours on an hours entitlement.
 */
export function TicketEntitlementPanel({ recordId, readOnly }: RecordPanelProps) {
  const { t } = useTranslation('entitlements');
  const format = useFormat();
  const [{ data, error }, refetch] = useQuery({ query: TicketEntitlementDocument, variables: { ticketId: recordId } });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  useLiveRecords(['Entitlement'], reload);
  useLiveRecords(['Ticket'], reload, { ids: [recordId] });
  const [, link] = useMutation(LinkTicketEntitlementDocument);
  const [, unlink] = useMutation(UnlinkTicketEntitlementDocument);
  const [, logHours] = useMutation(RecordEntitlementHoursDocument);
  const [choice, setChoice] = useState('');
  const [hours, setHours] = useState('');
  const [note, setNote] = useState('');
  const [hoursError, setHoursError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const state = data?.ticketEntitlement;
  if (!state) return error ? <ListError error={error} onRetry={reload} /> : null;

  const current = state.entitlement;
  const others = state.available.filter((e) => e.id !== current?.id);
  const refused = (result: { error?: { message: string }; data?: unknown }, errors: { message: string }[] | undefined) => {
    const message = result.error?.message ?? errors?.[0]?.message;
    if (message) notifications.show({ color: 'red', message });
    return Boolean(message);
  };
  const onLink = async () => {
    setBusy(true);
    const result = await link({ input: { ticketId: recordId, entitlementId: choice || others[0].id } });
    setBusy(false);
    if (!refused(result, result.data?.linkTicketEntitlement.errors)) setChoice('');
    reload();
  };
  const onUnlink = async () => {
    setBusy(true);
    const result = await unlink({ input: { ticketId: recordId } });
    setBusy(false);
    refused(result, result.data?.unlinkTicketEntitlement.errors);
    reload();
  };
  const onLogHours = async () => {
    const problem = hoursProblem(hours, current?.remaining);
    if (problem) return setHoursError(t(`problem.${problem}`));
    setBusy(true);
    const result = await logHours({ input: { ticketId: recordId, hours: hours.trim(), note: note.trim() || null } });
    setBusy(false);
    const errors = result.data?.recordEntitlementHours.errors;
    const message = result.error?.message ?? errors?.[0]?.message ?? null;
    setHoursError(message);
    if (!message) {
      setHours('');
      setNote('');
      notifications.show({ message: t('panel.hoursLogged') });
    }
    reload();
  };

  return (
    <Paper withBorder p="md" radius="md" data-testid="ticket-entitlement">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('panel.ticket')}
        </Title>
        {current ? (
          <Stack gap={4}>
            <Group gap="sm">
              <Text size="sm">
                {t('panel.entitledUnder')}:{' '}
                <Anchor component={Link} to={entitlementPath(current.id)} data-testid="ticket-entitlement-name">
                  {current.name}
                </Anchor>
              </Text>
              <StatusBadge variant="outline" tone={STATUS_TONE[current.status] ?? 'neutral'}>
                {t(`status.${current.status}`)}
              </StatusBadge>
            </Group>
            <Text size="sm" fw={600} data-testid="ticket-entitlement-left">
              <LeftText entitlement={current} />
            </Text>
            <Text size="xs" c="gray.7">
              {state.linkedBy ? t('panel.linkedBy', { name: state.linkedBy.fullName }) : t('panel.linkedOnArrival')}
              {state.linkedAt ? ` · ${format.dateTime(state.linkedAt)}` : ''}
            </Text>
            {!readOnly && (
              <Group>
                <Button size="xs" variant="outline" color="red.9" loading={busy} onClick={() => void onUnlink()}>
                  {t('panel.unlink')}
                </Button>
              </Group>
            )}
          </Stack>
        ) : (
          <Text size="sm" data-testid="not-entitled">
            {state.entitled ? '—' : t('panel.notEntitled')}
          </Text>
        )}
        {current?.kind === 'HOURS' && current.status === 'ACTIVE' && !readOnly && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void onLogHours();
            }}
          >
            <Group align="flex-start">
              <TextInput label={t('panel.hours')} inputMode="decimal" w={140} value={hours} error={hoursError} onChange={(e) => (setHours(e.currentTarget.value), setHoursError(null))} />
              <TextInput label={t('panel.hoursNote')} value={note} maxLength={200} onChange={(e) => setNote(e.currentTarget.value)} />
              <Button type="submit" mt={25} size="sm" variant="light" loading={busy} disabled={!hours.trim()}>
                {t('panel.logHours')}
              </Button>
            </Group>
          </form>
        )}
        {!readOnly &&
          (others.length ? (
            <Group align="flex-end">
              <NativeSelect
                label={t('panel.linkTo')}
                value={choice || others[0].id}
                onChange={(e) => setChoice(e.currentTarget.value)}
                data={others.map((e) => ({ value: e.id, label: `${e.name} (${t(`kind.${e.kind}`)})` }))}
              />
              <Button size="sm" variant="light" loading={busy} onClick={() => void onLink()}>
                {t('panel.link')}
              </Button>
            </Group>
          ) : (
            !current && <Text size="sm">{t('panel.noneAvailable')}</Text>
          ))}
      </Stack>
    </Paper>
  );
}
