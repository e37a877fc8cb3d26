import { Button, Code, Group, Modal, MultiSelect, Select, Stack, Switch, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { Fragment, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';

import { ConfirmAction } from '../../components/ConfirmAction';
import { ListError } from '../../components/list/ListError';
import { LoadMore } from '../../components/list/ListParts';
import { ShownOnce } from '../../components/ShownOnce';
import { useCursorList } from '../../components/list/useCursorList';
import type { WebhookDeliveriesQuery, WebhookEndpointsQuery } from '../../gql/tenant/graphql';
import { useFormat } from '../../locale';
import { FormError, QueryState, Section, danger, outcome, toast } from '../access/common';
import {
  CreateWebhookEndpointDocument,
  DeleteWebhookEndpointDocument,
  RedeliverWebhookDocument,
  RotateWebhookSecretDocument,
  UpdateWebhookEndpointDocument,
  WebhookDeliveriesDocument,
  WebhookEndpointsDocument,
} from './operations';
import { StatusBadge, type Tone } from '../../components/StatusBadge';

type Endpoint = WebhookEndpointsQuery['webhookEndpoints']['edges'][number]['node'];
type Delivery = WebhookDeliveriesQuery['webhookDeliveries']['edges'][number]['node'];

const STATUS_TONES: Record<string, Tone> = { SUCCEEDED: 'positive', FAILED: 'negative', RETRYING: 'warning', PENDING: 'neutral' };

/** Settings → Webhooks (owners and admins): endpoints, their secret (shown once) and the delivery log. */
export function WebhooksSection() {
  const { t } = useTranslation('integrations');
  const [{ data, fetching, error }, refetch] = useQuery({ query: WebhookEndpointsDocument });
  const [secret, setSecret] = useState<string | null>(null);
  const [editing, setEditing] = useState<Endpoint | null>(null);
  const [confirming, setConfirming] = useState<{ kind: 'rotate' | 'delete'; endpoint: Endpoint } | null>(null);
  const [logOf, setLogOf] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [, rotate] = useMutation(RotateWebhookSecretDocument);
  const [, remove] = useMutation(DeleteWebhookEndpointDocument);
  const reload = () => refetch({ requestPolicy: 'network-only' });

  const endpoints = data?.webhookEndpoints.edges.map((e) => e.node) ?? [];
  const eventTypes = data?.webhookEventTypes ?? [];

  const confirm = async () => {
    if (!confirming) return;
    const { kind, endpoint } = confirming;
    if (kind === 'rotate') {
      const result = await rotate({ input: { id: endpoint.id } });
      const found = outcome(result, (d) => d.rotateWebhookSecret, t);
      setErrors(found);
      if (!Object.keys(found).length) setSecret(result.data?.rotateWebhookSecret.secret ?? null);
    } else {
      const found = outcome(await remove({ input: { id: endpoint.id } }), (d) => d.deleteWebhookEndpoint, t);
      setErrors(found);
      if (!Object.keys(found).length) {
        toast({ message: t('deleted') });
        if (logOf === endpoint.id) setLogOf(null);
      }
    }
    reload();
  };

  return (
    <Stack>
      <Section title={t('title')}>
        <Stack>
          <Text size="sm">{t('intro')}</Text>
          <EndpointForm
            eventTypes={eventTypes}
            onCreated={(value) => {
              setSecret(value);
              reload();
            }}
          />
          {secret && (
            <ShownOnce
              title={t('secretTitle')}
              value={secret}
              label={t('secret')}
              testId="webhook-secret"
              copyLabel={t('copy')}
              copiedLabel={t('copied')}
              closeLabel={t('cancel')}
              onClose={() => setSecret(null)}
            />
          )}
          <FormError errors={errors} />
          <QueryState fetching={fetching && !data} error={error} />
          {data && endpoints.length === 0 && <Text size="sm">{t('none')}</Text>}
          {endpoints.length > 0 && (
            <Table.ScrollContainer minWidth={720}>
              <Table verticalSpacing="xs" data-testid="webhooks-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('url')}</Table.Th>
                    <Table.Th>{t('events')}</Table.Th>
                    <Table.Th>{t('status')}</Table.Th>
                    <Table.Th>{t('secret')}</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>{t('actions')}</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {endpoints.map((endpoint) => (
                    <Table.Tr key={endpoint.id} data-testid="webhook-row">
                      <Table.Td>
                        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                          {endpoint.url}
                        </Text>
                        {endpoint.description && (
                          <Text size="xs" c="dimmed">
                            {endpoint.description}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs">{endpoint.eventTypes.join(', ')}</Text>
                      </Table.Td>
                      <Table.Td>
                        <StatusBadge variant="outline" tone={endpoint.enabled ? 'positive' : 'neutral'}>
                          {endpoint.enabled ? t('on') : t('off')}
                        </StatusBadge>
                        {endpoint.consecutiveFailures > 0 && (
                          <Text size="xs" c="red.9">
                            {t('failing', { count: endpoint.consecutiveFailures })}
                          </Text>
                        )}
                        {endpoint.disabledReason && <Text size="xs">{endpoint.disabledReason}</Text>}
                      </Table.Td>
                      <Table.Td>
                        <Code>{endpoint.secretHint}</Code>
                      </Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Button size="xs" variant="default" aria-label={t('showLogLabel', { url: endpoint.url })} onClick={() => setLogOf(endpoint.id)}>
                            {t('showLog')}
                          </Button>
                          <Button size="xs" variant="subtle" aria-label={t('editLabel', { url: endpoint.url })} onClick={() => setEditing(endpoint)}>
                            {t('edit')}
                          </Button>
                          <Button size="xs" variant="subtle" aria-label={t('rotateLabel', { url: endpoint.url })} onClick={() => setConfirming({ kind: 'rotate', endpoint })}>
                            {t('rotate')}
                          </Button>
                          <Button size="xs" {...danger} aria-label={t('deleteLabel', { url: endpoint.url })} onClick={() => setConfirming({ kind: 'delete', endpoint })}>
                            {t('delete')}
                          </Button>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>
      </Section>
      {endpoints.length > 0 && <DeliveryLog endpoints={endpoints} endpointId={logOf} onEndpoint={setLogOf} />}
      {editing && (
        <EditEndpoint
          endpoint={editing}
          eventTypes={eventTypes}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            toast({ message: t('saved') });
            reload();
          }}
        />
      )}
      {confirming && (
        <ConfirmAction
          title={t(confirming.kind === 'rotate' ? 'rotateTitle' : 'deleteTitle')}
          message={t(confirming.kind === 'rotate' ? 'rotateMessage' : 'deleteMessage')}
          confirmLabel={t(confirming.kind === 'rotate' ? 'rotate' : 'delete')}
          onConfirm={confirm}
          onClose={() => setConfirming(null)}
        />
      )}
    </Stack>
  );
}

function EndpointForm({ eventTypes, onCreated }: { eventTypes: readonly string[]; onCreated: (secret: string) => void }) {
  const { t } = useTranslation('integrations');
  const [{ fetching }, create] = useMutation(CreateWebhookEndpointDocument);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create({ input: { url: url.trim(), description: description.trim() || null, eventTypes: events } });
    const found = outcome(result, (d) => d.createWebhookEndpoint, t);
    setErrors(found);
    if (Object.keys(found).length) return;
    setUrl('');
    setDescription('');
    setEvents([]);
    onCreated(result.data?.createWebhookEndpoint.secret ?? '');
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="xs">
        <Group align="flex-start" wrap="wrap">
          <TextInput label={t('url')} description={t('urlHelp')} required value={url} onChange={(e) => setUrl(e.currentTarget.value)} error={errors.url} w={340} />
          <TextInput label={t('description')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={errors.description} w={220} />
        </Group>
        <MultiSelect
          label={t('events')}
          placeholder={events.length ? undefined : t('eventsPlaceholder')}
          data={[...eventTypes]}
          value={events}
          onChange={setEvents}
          searchable
          required
          error={errors.eventTypes}
          maw={560}
        />
        <FormError errors={errors} />
        <Group>
          <Button type="submit" loading={fetching}>
            {t('add')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function EditEndpoint({ endpoint, eventTypes, onClose, onSaved }: { endpoint: Endpoint; eventTypes: readonly string[]; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation('integrations');
  const [{ fetching }, update] = useMutation(UpdateWebhookEndpointDocument);
  const [url, setUrl] = useState(endpoint.url);
  const [description, setDescription] = useState(endpoint.description);
  const [events, setEvents] = useState<string[]>([...endpoint.eventTypes]);
  const [enabled, setEnabled] = useState(endpoint.enabled);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = outcome(await update({ input: { id: endpoint.id, url: url.trim(), description, eventTypes: events, enabled } }), (d) => d.updateWebhookEndpoint, t);
    setErrors(found);
    if (!Object.keys(found).length) onSaved();
  };

  return (
    <Modal opened onClose={onClose} title={t('editTitle')} closeButtonProps={{ 'aria-label': t('cancel') }}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label={t('url')} required value={url} onChange={(e) => setUrl(e.currentTarget.value)} error={errors.url} />
          <TextInput label={t('description')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={errors.description} />
          <MultiSelect label={t('events')} data={[...eventTypes]} value={events} onChange={setEvents} searchable required error={errors.eventTypes} />
          <Switch label={t('enabled')} checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
          <FormError errors={errors} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('cancel')}
            </Button>
            <Button type="submit" loading={fetching}>
              {t('save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Every delivery (or one endpoint's), newest first: status, response code, duration, attempts; redeliver. */
function DeliveryLog({ endpoints, endpointId, onEndpoint }: { endpoints: Endpoint[]; endpointId: string | null; onEndpoint: (id: string | null) => void }) {
  const { t } = useTranslation('integrations');
  const format = useFormat();
  const [open, setOpen] = useState<string | null>(null);
  const [, redeliver] = useMutation(RedeliverWebhookDocument);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const list = useCursorList<WebhookDeliveriesQuery, Delivery>({
    query: WebhookDeliveriesDocument as Parameters<typeof useCursorList<WebhookDeliveriesQuery, Delivery>>[0]['query'],
    variables: { endpointId },
    pick: (d: WebhookDeliveriesQuery) => d.webhookDeliveries,
    pageSize: 50,
    context: { additionalTypenames: ['WebhookDelivery'] },
  });
  const chosen = endpoints.find((e) => e.id === endpointId);

  const again = async (delivery: Delivery) => {
    const found = outcome(await redeliver({ input: { id: delivery.id } }), (d) => d.redeliverWebhook, t);
    setErrors(found);
    if (!Object.keys(found).length) toast({ message: t('redelivered') });
    list.reload();
  };

  return (
    <Section
      title={chosen ? t('logFor', { url: chosen.url }) : t('log')}
      actions={
        <Group gap="xs">
          <Select
            aria-label={t('log')}
            data={[{ value: '', label: t('allEndpoints') }, ...endpoints.map((e) => ({ value: e.id, label: e.url }))]}
            value={endpointId ?? ''}
            onChange={(value) => onEndpoint(value || null)}
            allowDeselect={false}
            w={260}
          />
          <Button size="xs" variant="default" onClick={() => list.reload()}>
            {t('refresh')}
          </Button>
        </Group>
      }
    >
      <Stack>
        <FormError errors={errors} />
        <ListError error={list.error} onRetry={() => list.reload()} />
        {list.loaded && list.rows.length === 0 && <Text size="sm">{t('noDeliveries')}</Text>}
        {list.rows.length > 0 && (
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="xs" data-testid="webhook-deliveries">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('event')}</Table.Th>
                  <Table.Th>{t('status')}</Table.Th>
                  <Table.Th>{t('code')}</Table.Th>
                  <Table.Th>{t('duration')}</Table.Th>
                  <Table.Th>{t('attempts')}</Table.Th>
                  <Table.Th>{t('when')}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t('actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.rows.map((delivery) => (
                  <Fragment key={delivery.id}>
                    <Table.Tr data-testid="webhook-delivery">
                      <Table.Td>
                        <Code>{delivery.eventType}</Code>
                      </Table.Td>
                      <Table.Td>
                        <StatusBadge variant="outline" tone={STATUS_TONES[delivery.status] ?? 'neutral'}>
                          {t(`statuses.${delivery.status}`)}
                        </StatusBadge>
                      </Table.Td>
                      <Table.Td data-testid="response-code">{delivery.responseCode ?? t('noAnswer')}</Table.Td>
                      <Table.Td>{delivery.durationMs == null ? '' : t('ms', { value: delivery.durationMs })}</Table.Td>
                      <Table.Td>{delivery.attempts}</Table.Td>
                      <Table.Td>{format.relative(delivery.createdAt)}</Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Button
                            size="xs"
                            variant="subtle"
                            aria-expanded={open === delivery.id}
                            aria-label={t('detailsLabel', { event: delivery.eventType })}
                            onClick={() => setOpen(open === delivery.id ? null : delivery.id)}
                          >
                            {t('details')}
                          </Button>
                          <Button size="xs" variant="default" aria-label={t('redeliverLabel', { event: delivery.eventType })} onClick={() => again(delivery)}>
                            {t('redeliver')}
                          </Button>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                    {open === delivery.id && (
                      <Table.Tr>
                        <Table.Td colSpan={7}>
                          <DeliveryDetails delivery={delivery} />
                        </Table.Td>
                      </Table.Tr>
                    )}
                  </Fragment>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <LoadMore shown={list.rows.length} total={list.totalCount} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onLoadMore={list.loadMore} />
      </Stack>
    </Section>
  );
}

// Long bodies wrap inside the row instead of widening the table.
const WRAPPED = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' } as const;

/** The payload indented for reading (it is sent compact); anything not JSON as it is. */
function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function DeliveryDetails({ delivery }: { delivery: Delivery }) {
  const { t } = useTranslation('integrations');
  const format = useFormat();
  return (
    <Stack gap="xs" data-testid="webhook-delivery-details">
      {delivery.nextAttemptAt && delivery.status === 'RETRYING' && <Text size="sm">{t('nextAttempt', { when: format.relative(delivery.nextAttemptAt) })}</Text>}
      {delivery.attemptLog.map((a) => (
        <Text size="sm" key={a.number}>
          {t('attempt', { number: a.number })}
          {a.manual ? ` (${t('manual')})` : ''}: {a.responseCode ?? t('noAnswer')} · {t('ms', { value: a.durationMs })} · {format.dateTime(a.at)}
          {a.error ? ` · ${a.error}` : ''}
        </Text>
      ))}
      <Text size="sm" fw={600}>
        {t('responseBody')}
      </Text>
      <Code block style={WRAPPED}>
        {delivery.responseBody || delivery.error || '—'}
      </Code>
      <Text size="sm" fw={600}>
        {t('payload')}
      </Text>
      <Code block style={WRAPPED}>
        {pretty(delivery.body)}
      </Code>
    </Stack>
  );
}
