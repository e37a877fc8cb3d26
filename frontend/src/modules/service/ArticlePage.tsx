import { Alert, Anchor, Badge, Button, Group, Loader, NativeSelect, Paper, SegmentedControl, Stack, Table, Text, Textarea, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { ConfirmAction, notifyWithUndo } from '../../components/ConfirmAction';
import { ListError } from '../../components/list/ListError';
import { Markdown } from '../../components/Markdown';
import { useWantsCustomFields } from '../../components/record/customFields';
import { RecordFields, type CustomFieldsChange } from '../../components/record/RecordFields';
import { useFieldAccess } from '../../components/record/fieldAccess';
import type { ArticleStatus } from '../../gql/tenant/graphql';
import { OfflineNotice } from '../../offline/OfflineNotice';
import { useSavedNode } from '../../offline/useSavedRecord';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import { ArticleStatusBadge } from './ArticlesPage';
import {
  ArticleDocument,
  ArticleTicketsDocument,
  DeleteArticleDocument,
  LinkArticleDocument,
  RestoreArticleDocument,
  RestoreArticleVersionDocument,
  UpdateArticleDocument,
} from './operations';
import { refusal } from './parts';

interface Draft {
  title: string;
  category: string;
  body: string;
}

/** The fields of the draft that differ from what is saved (what "Save" sends). */
export function changedFields(saved: Draft, draft: Draft): Partial<Draft> {
  const out: Partial<Draft> = {};
  for (const key of ['title', 'category', 'body'] as const) if (draft[key] !== saved[key]) out[key] = draft[key];
  return out;
}

/**
 * /service/articles/:id — the editor: title, category and Markdown text (with a preview) edited as one
 * versioned draft, laid out with the article's other fields by the role's layout; versions, publishing,
 * linked tickets.
 */
export function ArticlePage() {
  const { t } = useTranslation('service');
  const format = useFormat();
  const navigate = useNavigate();
  const id = decodeURIComponent(useParams().id ?? '');
  const withCustomFields = useWantsCustomFields('Article');
  const [{ data, fetching, error }, refetch] = useQuery({ query: ArticleDocument, variables: { id, withCustomFields } });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  useLiveRecords(['Article'], reload, { ids: [id] });
  const access = useFieldAccess('Article');
  const [, update] = useMutation(UpdateArticleDocument);
  const [, restoreVersion] = useMutation(RestoreArticleVersionDocument);
  const [, remove] = useMutation(DeleteArticleDocument);
  const [, restore] = useMutation(RestoreArticleDocument);
  const { copy, node: article, waiting } = useSavedNode({ recordType: 'Article', id, data, fetching, error, name: (n) => String(n.title ?? ''), onReconnect: reload });
  const saved: Draft = { title: article?.title ?? '', category: article?.category ?? '', body: article?.body ?? '' };
  const [draft, setDraft] = useState<Draft>(saved);
  const [loadedVersion, setLoadedVersion] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  // The draft follows the saved article when it first loads and whenever a new version is saved.
  const stamp = article ? `${article.id}:${article.version}` : null;
  useEffect(() => {
    if (stamp && stamp !== loadedVersion) {
      setDraft(saved);
      setLoadedVersion(stamp);
    }
  }, [stamp]);

  if (waiting) return <Loader role="status" aria-label="…" />;
  if (!article) return copy.offline ? <OfflineNotice copy={copy} missing /> : <ListError error={error ?? new Error(t('kb.notFound'))} onRetry={reload} />;
  const readOnly = !access.canUpdate;
  const changes = changedFields(saved, draft);
  const dirty = Object.keys(changes).length > 0;

  const send = async (input: Record<string, unknown>) => {
    const result = await update({ input: { id: article.id, ...input } });
    const found = result.data?.updateArticle.errors ?? [];
    const byField: Record<string, string> = {};
    for (const e of found) byField[e.field ?? '_form'] = e.message;
    if (result.error) byField._form = result.error.message;
    setErrors(byField);
    if (!Object.keys(byField).length) {
      reload();
      return result.data?.updateArticle.article ?? null;
    }
    return null;
  };
  // A custom field saves on its own, its error shown next to it (not with the text's errors).
  const saveCustom = async (change: CustomFieldsChange) => {
    const result = await update({ input: { id: article.id, ...change } });
    const refused = result.error?.message ?? result.data?.updateArticle.errors[0]?.message ?? null;
    if (!refused) reload();
    return refused;
  };
  const save = async () => {
    const done = await send(changes);
    if (!done) return;
    setNotice(t('kb.saved', { version: done.version }));
    // The draft already holds what this version saved: the reload that brings it must not overwrite
    // what was typed since (a slow answer used to reset the editor to the saved text).
    setLoadedVersion(`${article.id}:${done.version}`);
  };
  const setStatus = async (status: ArticleStatus) => {
    const done = await send({ status });
    if (done) setNotice(t(`kb.now.${status}`));
  };
  const bringBack = async (version: number) => {
    const result = await restoreVersion({ input: { articleId: article.id, version } });
    const refused = refusal(result, result.data?.restoreArticleVersion.errors);
    setErrors(refused ? { _form: refused } : {});
    if (!refused) {
      setNotice(t('kb.restored', { from: version, version: result.data?.restoreArticleVersion.article?.version }));
      reload();
    }
  };
  const set = (key: keyof Draft) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setDraft((d) => ({ ...d, [key]: value }));
  };

  return (
    <Stack>
      <OfflineNotice copy={copy} missing={false} />
      <Group justify="space-between">
        <Group gap="sm">
          <Title order={1} size="h2" data-testid="article-title">
            {article.title}
          </Title>
          <ArticleStatusBadge status={article.status} />
          <Badge variant="default" tt="none">
            {t('kb.versionBadge', { version: article.version })}
          </Badge>
        </Group>
        <Group>
          <Anchor component={Link} to="/service/articles">
            {t('kb.back')}
          </Anchor>
          {article.status === 'PUBLISHED' && (
            <Anchor href={`/help/${encodeURIComponent(article.slug)}`} target="_blank" rel="noopener">
              {t('kb.helpPage')}
            </Anchor>
          )}
          {access.canDelete && (
            <Button color="red.9" variant="outline" onClick={() => setDeleting(true)}>
              {t('ticket.delete')}
            </Button>
          )}
        </Group>
      </Group>

      {/* Title, category and text are the versioned draft: edited in place where the role's layout puts them,
          kept together by "Save" as a new version; the rest of the article follows as the layout has it. */}
      <RecordFields
        copy={copy}
        recordType="Article"
        columns={2}
        readOnly={readOnly}
        customFields={{ values: article.customFields, onSave: saveCustom }}
        groups={[
          {
            id: 'content',
            title: t('kb.content'),
            fields: [
              {
                field: 'title',
                label: t('fields.title'),
                value: article.title,
                control: <TextInput aria-label={t('fields.title')} value={draft.title} onChange={set('title')} error={errors.title} required />,
              },
              {
                field: 'category',
                label: t('fields.category'),
                value: article.category,
                control: <TextInput aria-label={t('fields.category')} value={draft.category} onChange={set('category')} error={errors.category} />,
              },
              {
                field: 'body',
                label: t('fields.body'),
                value: article.body,
                display: article.body.trim() ? <Markdown source={article.body} headingLevel={3} /> : undefined,
                control: <BodyEditor value={draft.body} onChange={set('body')} error={errors.body} />,
              },
            ],
          },
          {
            id: 'details',
            title: t('common:recordGroups.details'),
            fields: [
              { field: 'status', label: t('fields.status'), value: article.status, display: t(`articleStatus.${article.status}`) },
              { field: 'version', label: t('fields.version'), value: String(article.version) },
              { field: 'slug', label: t('fields.slug'), value: article.slug },
              { field: 'author', label: t('fields.author'), value: article.author?.fullName ?? '' },
            ],
          },
          {
            id: 'dates',
            title: t('common:recordGroups.dates'),
            fields: [
              { field: 'publishedAt', label: t('fields.publishedAt'), value: article.publishedAt ? format.dateTime(article.publishedAt) : '' },
              { field: 'updatedAt', label: t('fields.updatedAt'), value: format.dateTime(article.updatedAt) },
            ],
          },
        ]}
      />

      {(!readOnly || errors._form || notice) && (
        <Paper withBorder p="md">
          <Stack gap="sm">
            {!readOnly && (
              <Group>
                <Button onClick={() => void save()} disabled={!dirty}>
                  {t('kb.save')}
                </Button>
                {article.status !== 'PUBLISHED' ? (
                  <Button color="teal.9" onClick={() => void setStatus('PUBLISHED')} disabled={dirty}>
                    {t('kb.publish')}
                  </Button>
                ) : (
                  <Button variant="light" onClick={() => void setStatus('DRAFT')}>
                    {t('kb.unpublish')}
                  </Button>
                )}
                {article.status !== 'ARCHIVED' && (
                  <Button variant="subtle" onClick={() => void setStatus('ARCHIVED')}>
                    {t('kb.archive')}
                  </Button>
                )}
                {dirty && (
                  <Text size="sm" c="gray.8">
                    {t('kb.unsaved')}
                  </Text>
                )}
              </Group>
            )}
            {errors._form && (
              <Alert color="red" role="alert">
                {errors._form}
              </Alert>
            )}
            {notice && (
              <Text size="sm" role="status" data-testid="article-notice">
                {notice}
              </Text>
            )}
          </Stack>
        </Paper>
      )}

      <LinkedTickets articleId={article.id} tickets={article.tickets} canLink={!readOnly} onChanged={reload} />

      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          {t('kb.versions')}
        </Title>
        <Table data-testid="article-versions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('fields.version')}</Table.Th>
              <Table.Th>{t('fields.title')}</Table.Th>
              <Table.Th>{t('kb.editor')}</Table.Th>
              <Table.Th>{t('ticket.when')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('kb.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {article.versions.map((v) => (
              <Table.Tr key={v.version} data-testid="article-version">
                <Table.Td>{v.version}</Table.Td>
                <Table.Td>{v.title}</Table.Td>
                <Table.Td>{v.editor?.fullName ?? '—'}</Table.Td>
                <Table.Td>{format.dateTime(v.createdAt)}</Table.Td>
                <Table.Td>
                  {v.version === article.version ? (
                    <Text size="sm">{t('kb.current')}</Text>
                  ) : (
                    !readOnly && (
                      <Button size="compact-sm" variant="default" onClick={() => void bringBack(v.version)}>
                        {t('kb.restore', { version: v.version })}
                      </Button>
                    )
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>

      {deleting && (
        <ConfirmAction
          title={t('kb.deleteTitle')}
          message={t('kb.deleteMessage', { title: article.title })}
          confirmLabel={t('ticket.delete')}
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            const result = await remove({ input: { id: article.id } });
            if (!result.error && !result.data?.deleteArticle.errors.length) {
              notifyWithUndo({
                message: t('kb.deleted'),
                undo: async () => ((await restore({ input: { id: article.id } })).data?.restoreArticle.article ? 1 : 0),
              });
              navigate('/service/articles');
            }
          }}
        />
      )}
    </Stack>
  );
}

/** The article's Markdown text, written or previewed (the draft's, before it is saved). */
function BodyEditor({ value, onChange, error }: { value: string; onChange: (e: { currentTarget: { value: string } }) => void; error?: string }) {
  const { t } = useTranslation('service');
  const [mode, setMode] = useState<'write' | 'preview'>('write');
  return (
    <Stack gap="xs">
      <SegmentedControl
        aria-label={t('kb.editorMode')}
        value={mode}
        onChange={(v) => setMode(v as 'write' | 'preview')}
        data={[
          { value: 'write', label: t('kb.write') },
          { value: 'preview', label: t('kb.preview') },
        ]}
        w="fit-content"
      />
      {mode === 'write' ? (
        <Textarea aria-label={t('fields.body')} description={t('kb.markdownHelp')} value={value} onChange={onChange} error={error} autosize minRows={8} />
      ) : (
        <Paper withBorder p="sm" data-testid="article-preview" aria-label={t('kb.preview')} role="region">
          {value.trim() ? <Markdown source={value} headingLevel={3} /> : <Text size="sm">{t('kb.emptyBody')}</Text>}
        </Paper>
      )}
    </Stack>
  );
}

/** The tickets an article answers: open one, unlink it, or find another by its words and link it. */
function LinkedTickets({ articleId, tickets, canLink, onChanged }: { articleId: string; tickets: readonly { id: string; subject: string; status: string }[]; canLink: boolean; onChanged: () => void }) {
  const { t } = useTranslation('service');
  const [term, setTerm] = useState('');
  const [chosen, setChosen] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [{ data }] = useQuery({ query: ArticleTicketsDocument, variables: { search: term.trim() || null }, pause: !canLink });
  const [, link] = useMutation(LinkArticleDocument);
  const change = async (ticketId: string, linked: boolean) => {
    const result = await link({ input: { articleId, ticketId, linked } });
    setError(refusal(result, result.data?.linkArticle.errors));
    setChosen('');
    onChanged();
  };
  const linked = new Set(tickets.map((x) => x.id));
  const options = (data?.tickets.edges ?? []).filter((e) => !linked.has(e.node.id)).map((e) => ({ value: e.node.id, label: e.node.subject }));
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        {t('kb.tickets')}
      </Title>
      <Stack gap="xs" data-testid="linked-tickets">
        {!tickets.length && <Text size="sm">{t('kb.noTickets')}</Text>}
        {tickets.map((x) => (
          <Group key={x.id} gap="xs">
            <Anchor component={Link} to={`/service/tickets/${encodeURIComponent(x.id)}`} size="sm">
              {x.subject}
            </Anchor>
            <Badge size="xs" variant="default" tt="none">
              {t(`status.${x.status}`)}
            </Badge>
            {canLink && (
              <Button size="compact-xs" variant="subtle" color="red.9" onClick={() => void change(x.id, false)} aria-label={t('kb.unlinkTicket', { subject: x.subject })}>
                ✕
              </Button>
            )}
          </Group>
        ))}
        {canLink && (
          <Group align="flex-end">
            <TextInput label={t('kb.findTicket')} value={term} onChange={(e) => setTerm(e.currentTarget.value)} />
            <NativeSelect label={t('kb.ticketToLink')} value={chosen} onChange={(e) => setChosen(e.currentTarget.value)} data={[{ value: '', label: '—' }, ...options]} />
            <Button variant="default" disabled={!chosen} onClick={() => void change(chosen, true)}>
              {t('ticket.link')}
            </Button>
          </Group>
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
