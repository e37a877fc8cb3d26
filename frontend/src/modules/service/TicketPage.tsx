import { Alert, Anchor, Badge, Button, Group, Loader, NativeSelect, Paper, SegmentedControl, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { ConfirmAction, notifyWithUndo } from '../../components/ConfirmAction';
import { ListError } from '../../components/list/ListError';
import { useSearchTerm } from '../../components/list/useSearchTerm';
import { camelCase, HistoryList } from '../../components/record/HistoryList';
import { RecordFields } from '../../components/record/RecordFields';
import { useWantsCustomFields } from '../../components/record/customFields';
import { RecordPanels } from '../../components/record/RecordPanels';
import { useFieldAccess } from '../../components/record/fieldAccess';
import type { TicketStatus } from '../../gql/tenant/graphql';
import { OfflineNotice } from '../../offline/OfflineNotice';
import { useSavedNode } from '../../offline/useSavedRecord';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { useDeskClock } from './clock';
import {
  AddTicketMessageDocument,
  ArticlesDocument,
  AssignTicketDocument,
  ChangeTicketStatusDocument,
  DeleteTicketDocument,
  LinkArticleDocument,
  RestoreTicketDocument,
  TicketDocument,
  TicketSurveysDocument,
  UpdateTicketDocument,
} from './operations';
import { CHANNELS, LiveBreachFlag, KINDS, PRIORITIES, PriorityBadge, refusal, StatusBadge, TargetLine, useMembers, useProducts } from './parts';

/** The label of a move: reopening a resolved ticket is "Reopen", every other move is named by where it goes. */
export function moveLabelKey(from: string, to: string): string {
  return from === 'RESOLVED' && to === 'IN_PROGRESS' ? 'move.reopen' : `move.${to}`;
}

/**
 * The moves to offer: what the lifecycle allows now (the server says which), less "assigned" while
 * nobody holds the ticket (taking or assigning it does that).
 */
export function offeredMoves(allowed: readonly string[], hasAssignee: boolean): string[] {
  return allowed.filter((s) => s !== 'ASSIGNED' || hasAssignee);
}

/** /service/tickets/:id — one ticket: fields edited in place, its moves, assignment, the conversation, articles, history. */
export function TicketPage() {
  const { t } = useTranslation('service');
  const format = useFormat();
  const navigate = useNavigate();
  const id = decodeURIComponent(useParams().id ?? '');
  const withCustomFields = useWantsCustomFields('Ticket');
  const [{ data, fetching, error }, refetch] = useQuery({ query: TicketDocument, variables: { id, withCustomFields } });
  const desk = useDeskClock();
  const reload = () => (refetch({ requestPolicy: 'network-only' }), desk.refresh());
  useLiveRecords(['Ticket'], reload, { ids: [id] });
  const access = useFieldAccess('Ticket');
  const members = useMembers();
  const [, update] = useMutation(UpdateTicketDocument);
  const [, assign] = useMutation(AssignTicketDocument);
  const [, changeStatus] = useMutation(ChangeTicketStatusDocument);
  const [, remove] = useMutation(DeleteTicketDocument);
  const [, restore] = useMutation(RestoreTicketDocument);
  const [moveError, setMoveError] = useState<string | null>(null);
  const [assignee, setAssignee] = useState('');
  const [deleting, setDeleting] = useState(false);
  const [composer, setComposer] = useState<Composer>({ kind: 'PUBLIC', body: '' });
  const { copy, node: ticket, waiting } = useSavedNode({ recordType: 'Ticket', id, data, fetching, error, name: (n) => String(n.subject ?? ''), onReconnect: reload });
  const products = useProducts(ticket?.product);
  if (waiting) return <Loader role="status" aria-label="…" />;
  if (!ticket) return copy.offline ? <OfflineNotice copy={copy} missing /> : <ListError error={error ?? new Error(t('ticket.notFound'))} onRetry={reload} />;

  const save = async (input: Record<string, unknown>) => {
    const result = await update({ input: { id: ticket.id, ...input } });
    const refused = refusal(result, result.data?.updateTicket.errors);
    if (!refused) reload();
    return refused;
  };
  const move = async (status: string) => {
    const result = await changeStatus({ input: { ticketId: ticket.id, status: status as TicketStatus } });
    const errors = result.data?.changeTicketStatus.errors;
    setMoveError(result.error ? result.error.message : errors?.length ? `${errors[0].message} (${errors[0].code})` : null);
    reload();
  };
  // The status field's edit: the same move, its refusal returned to the field instead of the panel.
  const moveStatus = async (status: string) => {
    const result = await changeStatus({ input: { ticketId: ticket.id, status: status as TicketStatus } });
    const errors = result.data?.changeTicketStatus.errors;
    const refused = result.error ? result.error.message : errors?.length ? `${errors[0].message} (${errors[0].code})` : null;
    if (!refused) reload();
    return refused;
  };
  const give = async (assigneeId: string | null) => {
    const result = await assign({ input: { ticketId: ticket.id, assigneeId } });
    const errors = result.data?.assignTicket.errors;
    setMoveError(result.error ? result.error.message : errors?.length ? `${errors[0].message} (${errors[0].code})` : null);
    reload();
  };
  const choices = (group: string, values: readonly string[]) => values.map((v) => ({ value: v, label: t(`${group}.${v}`) }));
  const moves = offeredMoves(ticket.allowedStatuses, Boolean(ticket.assignee));

  return (
    <Stack>
      <OfflineNotice copy={copy} missing={false} />
      <Group justify="space-between">
        <Group gap="sm">
          <Title order={1} size="h2" data-testid="ticket-title">
            {ticket.subject}
          </Title>
          <PriorityBadge priority={ticket.priority} />
          <LiveBreachFlag ticket={ticket} offset={desk.offset} />
        </Group>
        <Group>
          <Anchor component={Link} to="/service/tickets">
            {t('ticket.back')}
          </Anchor>
          {access.canDelete && (
            <Button color="red.9" variant="outline" onClick={() => setDeleting(true)}>
              {t('ticket.delete')}
            </Button>
          )}
        </Group>
      </Group>

      <Paper withBorder p="md">
        <Stack gap="xs">
          <Title order={2} size="h4">
            {t('ticket.move')}
          </Title>
          <Group data-testid="ticket-moves">
            {moves.length ? (
              moves.map((to) => (
                <Button key={to} variant="light" onClick={() => void move(to)} disabled={!access.canUpdate}>
                  {t(moveLabelKey(ticket.status, to))}
                </Button>
              ))
            ) : (
              <Text size="sm">{t('ticket.noMoves')}</Text>
            )}
          </Group>
          <Group align="flex-end">
            {!ticket.assignee && access.canUpdate && (
              <Button variant="default" onClick={() => void give(null)}>
                {t('ticket.take')}
              </Button>
            )}
            {access.canUpdate && (
              <>
                <NativeSelect
                  label={t('ticket.assignTo')}
                  value={assignee}
                  onChange={(e) => setAssignee(e.currentTarget.value)}
                  data={[{ value: '', label: '—' }, ...members]}
                />
                <Button variant="default" disabled={!assignee} onClick={() => void give(assignee)}>
                  {t('ticket.assign')}
                </Button>
              </>
            )}
          </Group>
          {moveError && (
            <Alert color="red" role="alert" title={t('ticket.refused')} data-testid="move-error">
              {moveError}
            </Alert>
          )}
        </Stack>
      </Paper>

      <RecordFields
        copy={copy}
        recordType="Ticket"
        columns={2}
        customFields={{ values: ticket.customFields, onSave: save }}
        groups={[
          {
            id: 'details',
            title: t('ticket.details'),
            fields: [
              { field: 'subject', label: t('fields.subject'), value: ticket.subject, editor: { kind: 'text' }, save: (v) => save({ subject: v }) },
              // The lifecycle's moves only (offeredMoves); a refused one says why next to the field, with its code.
              {
                field: 'status',
                label: t('fields.status'),
                value: ticket.status,
                display: <StatusBadge status={ticket.status} />,
                editor: { kind: 'select', options: choices('status', [ticket.status, ...moves]) },
                readOnly: !moves.length || !access.canUpdate,
                save: async (v) => (v === ticket.status ? null : moveStatus(v)),
              },
              { field: 'category', label: t('fields.category'), value: ticket.category, editor: { kind: 'text' }, save: (v) => save({ category: v }) },
              { field: 'priority', label: t('fields.priority'), value: ticket.priority, editor: { kind: 'select', options: choices('priority', PRIORITIES) }, save: (v) => save({ priority: v }) },
              { field: 'kind', label: t('fields.kind'), value: ticket.kind, editor: { kind: 'select', options: choices('kind', KINDS) }, save: (v) => save({ kind: v }) },
              { field: 'channel', label: t('fields.channel'), value: ticket.channel, editor: { kind: 'select', options: choices('channel', CHANNELS) }, save: (v) => save({ channel: v }) },
              { field: 'description', label: t('fields.description'), value: ticket.description, editor: { kind: 'text' }, save: (v) => save({ description: v }) },
            ],
          },
          {
            id: 'customer',
            title: t('common:recordGroups.customer'),
            fields: [
              {
                field: 'company',
                label: t('fields.company'),
                value: ticket.company?.name ?? '',
                display: ticket.company ? (
                  <Anchor component={Link} to={`/customers/companies/${encodeURIComponent(ticket.company.id)}`} size="sm">
                    {ticket.company.name}
                  </Anchor>
                ) : undefined,
              },
              {
                field: 'product',
                label: t('fields.product'),
                value: ticket.product?.id ?? '',
                editor: { kind: 'select', options: products, clearable: true },
                save: (v) => save({ productId: v || null }),
              },
              // Changed by "Assign" above (it notifies the assignee), not in place.
              { field: 'assignee', label: t('fields.assignee'), value: ticket.assignee ? ticket.assignee.fullName || ticket.assignee.email : t('queue.unassigned') },
              { field: 'team', label: t('fields.team'), value: ticket.team?.name ?? '' },
            ],
          },
          {
            id: 'dates',
            title: t('common:recordGroups.dates'),
            fields: [
              {
                field: 'firstResponseDueAt',
                label: t('sla.firstResponse'),
                value: ticket.firstResponseDueAt ?? '',
                display: <TargetLine target="firstResponse" dueAt={ticket.firstResponseDueAt} doneAt={ticket.firstRespondedAt} status={ticket.status} offset={desk.offset} formatDue={format.dateTime} />,
              },
              {
                field: 'resolutionDueAt',
                label: t('sla.resolution'),
                value: ticket.resolutionDueAt ?? '',
                display: <TargetLine target="resolution" dueAt={ticket.resolutionDueAt} doneAt={ticket.resolvedAt} status={ticket.status} offset={desk.offset} formatDue={format.dateTime} />,
              },
              { field: 'createdAt', label: t('fields.createdAt'), value: format.dateTime(ticket.createdAt) },
            ],
          },
        ]}
      />

      <RecordPanels recordType="Ticket" recordId={ticket.id} readOnly={!access.canUpdate || ticket.status === 'ARCHIVED'} />

      <Conversation
        ticketId={ticket.id}
        messages={ticket.messages}
        archived={ticket.status === 'ARCHIVED'}
        canWrite={access.canUpdate}
        onSent={reload}
        composer={composer}
        setComposer={setComposer}
      />

      <RelatedArticles
        ticketId={ticket.id}
        articles={ticket.articles}
        canLink={access.canUpdate}
        onChanged={reload}
        onInsert={
          access.canUpdate && ticket.status !== 'ARCHIVED'
            ? (text) => setComposer((c) => ({ kind: 'PUBLIC', body: insertLine(c.kind === 'PUBLIC' ? c.body : '', text) }))
            : undefined
        }
      />

      <SatisfactionSurvey ticketId={ticket.id} />

      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          {t('ticket.transitions')}
        </Title>
        <Table data-testid="ticket-transitions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('ticket.when')}</Table.Th>
              <Table.Th>{t('ticket.from')}</Table.Th>
              <Table.Th>{t('ticket.to')}</Table.Th>
              <Table.Th>{t('ticket.by')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {ticket.transitions.map((step, i) => (
              <Table.Tr key={i}>
                <Table.Td>{format.dateTime(step.createdAt)}</Table.Td>
                <Table.Td>{step.fromStatus ? t(`status.${step.fromStatus}`) : '—'}</Table.Td>
                <Table.Td>{t(`status.${step.toStatus}`)}</Table.Td>
                <Table.Td>{step.actor?.fullName ?? t('ticket.system')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>

      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          {t('ticket.history')}
        </Title>
        <HistoryList
          items={ticket.history.edges.map((e) => e.node)}
          label={(field) => t(`fields.${camelCase(field)}`, { defaultValue: field })}
          value={(field, raw) => {
            if (typeof raw !== 'string' || !raw) return null;
            const group = field === 'status' ? 'status' : field === 'priority' ? 'priority' : field === 'kind' ? 'kind' : field === 'channel' ? 'channel' : null;
            if (group) return t(`${group}.${raw.toUpperCase()}`, { defaultValue: raw });
            if (field === 'assignee') return members.find((m) => m.value === (/^\d+$/.test(raw) ? btoa(`User:${raw}`) : raw))?.label ?? null;
            return null;
          }}
        />
      </Paper>

      {deleting && (
        <ConfirmAction
          title={t('ticket.deleteTitle')}
          message={t('ticket.deleteMessage', { subject: ticket.subject })}
          confirmLabel={t('ticket.delete')}
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            const result = await remove({ input: { id: ticket.id } });
            if (!result.error && !result.data?.deleteTicket.errors.length) {
              notifyWithUndo({
                message: t('ticket.deleted'),
                undo: async () => ((await restore({ input: { id: ticket.id } })).data?.restoreTicket.ticket ? 1 : 0),
              });
              navigate('/service/tickets');
            }
          }}
        />
      )}
    </Stack>
  );
}

interface Message {
  id: string;
  body: string;
  visibility: string;
  createdAt: string;
  author?: { fullName: string; email: string } | null;
}

interface Composer {
  kind: 'PUBLIC' | 'INTERNAL';
  body: string;
}

/** The composer's text with `line` added on a line of its own (after what is written so far). */
export function insertLine(body: string, line: string): string {
  const trimmed = body.replace(/\s+$/, '');
  return trimmed ? `${trimmed}\n${line}` : line;
}

/** Replies to the customer and internal notes, told apart by colour, border and a label; and the composer. */
function Conversation({
  ticketId,
  messages,
  archived,
  canWrite,
  onSent,
  composer,
  setComposer,
}: {
  ticketId: string;
  messages: readonly Message[];
  archived: boolean;
  canWrite: boolean;
  onSent: () => void;
  composer: Composer;
  setComposer: (next: Composer | ((c: Composer) => Composer)) => void;
}) {
  const { t } = useTranslation('service');
  const format = useFormat();
  const { kind, body } = composer;
  const setKind = (next: Composer['kind']) => setComposer((c) => ({ ...c, kind: next }));
  const setBody = (next: string) => setComposer((c) => ({ ...c, body: next }));
  const [error, setError] = useState<string | null>(null);
  const [{ fetching }, add] = useMutation(AddTicketMessageDocument);
  const send = async () => {
    const result = await add({ input: { ticketId, body, visibility: kind } });
    const refused = refusal(result, result.data?.addTicketMessage.errors);
    setError(refused);
    if (!refused) {
      setBody('');
      onSent();
    }
  };
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        {t('ticket.conversation')}
      </Title>
      <Stack gap="sm" data-testid="conversation">
        {!messages.length && <Text size="sm">{t('ticket.noMessages')}</Text>}
        {messages.map((m) => {
          const note = m.visibility === 'INTERNAL';
          return (
            <Paper
              key={m.id}
              p="sm"
              radius="sm"
              withBorder
              data-testid={note ? 'internal-note' : 'public-reply'}
              bg={note ? 'yellow.0' : 'blue.0'}
              style={{ borderInlineStart: `4px ${note ? 'dashed var(--mantine-color-yellow-8)' : 'solid var(--mantine-color-blue-7)'}` }}
            >
              <Group gap="xs" mb={4}>
                <Badge size="sm" variant="filled" color={note ? 'grape.9' : 'blue.8'} tt="none">
                  {note ? t('ticket.note') : t('ticket.reply')}
                </Badge>
                <Text size="xs" c="gray.8">
                  {m.author ? m.author.fullName || m.author.email : t('ticket.system')} · {format.dateTime(m.createdAt)}
                </Text>
              </Group>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {m.body}
              </Text>
            </Paper>
          );
        })}
        {canWrite && !archived && (
          <Stack gap="xs">
            <SegmentedControl
              aria-label={t('ticket.conversation')}
              value={kind}
              onChange={(v) => setKind(v as 'PUBLIC' | 'INTERNAL')}
              data={[
                { value: 'PUBLIC', label: t('ticket.reply') },
                { value: 'INTERNAL', label: t('ticket.note') },
              ]}
              w="fit-content"
            />
            <Textarea label={kind === 'PUBLIC' ? t('ticket.replyLabel') : t('ticket.noteLabel')} value={body} onChange={(e) => setBody(e.currentTarget.value)} autosize minRows={3} error={error} />
            <Group>
              <Button onClick={send} disabled={!body.trim()} loading={fetching}>
                {kind === 'PUBLIC' ? t('ticket.send') : t('ticket.addNote')}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

/** An article's address on the public help page, as a customer opens it from a reply. */
export function helpLink(slug: string, origin = window.location.origin): string {
  return `${origin}/help/${encodeURIComponent(slug)}`;
}

interface LinkedArticle {
  id: string;
  title: string;
  slug: string;
  status: string;
}

/**
 * Related articles: those linked to the ticket (open, unlink, put a published one's link into the reply),
 * and a full-text search of the knowledge base to link another.
 */
function RelatedArticles({
  ticketId,
  articles,
  canLink,
  onChanged,
  onInsert,
}: {
  ticketId: string;
  articles: readonly LinkedArticle[];
  canLink: boolean;
  onChanged: () => void;
  onInsert?: (text: string) => void;
}) {
  const { t } = useTranslation('service');
  const search = useSearchTerm(300, 'ticket.articleSearch');
  const [{ data, fetching }] = useQuery({
    query: ArticlesDocument,
    variables: { first: 10, filter: null, orderBy: null, search: search.term || null },
    pause: !canLink || !search.term,
  });
  const [, link] = useMutation(LinkArticleDocument);
  const [error, setError] = useState<string | null>(null);
  const change = async (articleId: string, linked: boolean) => {
    const result = await link({ input: { articleId, ticketId, linked } });
    setError(refusal(result, result.data?.linkArticle.errors));
    onChanged();
  };
  const linked = new Set(articles.map((a) => a.id));
  const found = search.term ? (data?.articles.edges ?? []).map((e) => e.node) : [];
  const insert = (a: LinkedArticle) => onInsert?.(`${a.title}: ${helpLink(a.slug)}`);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="related-articles-title">
      <Title order={2} size="h4" mb="sm" id="related-articles-title">
        {t('ticket.articles')}
      </Title>
      <Stack gap="xs" data-testid="linked-articles">
        {!articles.length && <Text size="sm">{t('ticket.noArticles')}</Text>}
        {articles.map((a) => (
          <Group key={a.id} gap="xs" data-testid="linked-article">
            <Anchor component={Link} to={`/service/articles/${encodeURIComponent(a.id)}`} size="sm">
              {a.title}
            </Anchor>
            <Badge size="xs" variant="default" tt="none">
              {t(`articleStatus.${a.status}`)}
            </Badge>
            {onInsert && a.status === 'PUBLISHED' && (
              <Button size="compact-xs" variant="light" onClick={() => insert(a)} aria-label={t('ticket.insertLinkOf', { title: a.title })}>
                {t('ticket.insertLink')}
              </Button>
            )}
            {canLink && (
              <Button size="compact-xs" variant="subtle" color="red.9" onClick={() => void change(a.id, false)} aria-label={t('ticket.unlink', { title: a.title })}>
                ✕
              </Button>
            )}
          </Group>
        ))}
        {canLink && (
          <Stack gap={4}>
            <TextInput
              label={t('ticket.findArticle')}
              value={search.value}
              onChange={(e) => search.setValue(e.currentTarget.value)}
              onKeyDown={(e) => e.key === 'Enter' && search.commit()}
              maw={360}
            />
            {search.term && !fetching && !found.length && <Text size="sm">{t('kb.empty')}</Text>}
            <Stack gap={4} data-testid="article-results">
              {found.map((a) => (
                <Group key={a.id} gap="xs" data-testid="article-result">
                  <Text size="sm">{a.title}</Text>
                  <Badge size="xs" variant="default" tt="none">
                    {t(`articleStatus.${a.status}`)}
                  </Badge>
                  {linked.has(a.id) ? (
                    <Text size="xs" c="gray.8">
                      {t('ticket.alreadyLinked')}
                    </Text>
                  ) : (
                    <Button size="compact-xs" variant="default" onClick={() => void change(a.id, true)} aria-label={t('ticket.linkNamed', { title: a.title })}>
                      {t('ticket.link')}
                    </Button>
                  )}
                </Group>
              ))}
            </Stack>
          </Stack>
        )}
        {error && (
          <Text size="sm" c="red.9" role="alert">
            {error}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

/** The ticket's CSAT survey, for members who may read it: not sent, waiting (until when), expired, or the answer. */
function SatisfactionSurvey({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation('service');
  const format = useFormat();
  const access = useFieldAccess('Survey');
  const [{ data }] = useQuery({ query: TicketSurveysDocument, variables: { ticket: ticketId }, pause: access.loading || !access.canRead });
  if (access.loading || !access.canRead) return null;
  const survey = data?.surveys.edges.map((e) => e.node).find((s) => s.kind === 'CSAT');
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="csat-title">
      <Title order={2} size="h4" mb="sm" id="csat-title">
        {t('csat.title')}
      </Title>
      <div data-testid="csat">
        {!data ? null : !survey ? (
          <Text size="sm">{t('csat.none')}</Text>
        ) : survey.respondedAt ? (
          <Stack gap={4}>
            <Text size="sm" data-testid="csat-state">
              {t('csat.answered', { score: survey.score, date: format.dateTime(survey.respondedAt) })}
            </Text>
            {survey.comment && (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                “{survey.comment}”
              </Text>
            )}
          </Stack>
        ) : (
          <Text size="sm" data-testid="csat-state">
            {new Date(survey.expiresAt) < new Date()
              ? t('csat.expired', { date: format.dateTime(survey.expiresAt) })
              : t('csat.waiting', { sent: format.dateTime(survey.sentAt), date: format.dateTime(survey.expiresAt) })}
          </Text>
        )}
      </div>
    </Paper>
  );
}

