import { ActionIcon, Alert, Anchor, Box, Button, FileButton, Group, Modal, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';

import { ConfirmAction, notifyWithUndo } from '../../components/ConfirmAction';
import { IconDownload, IconPaperclip, IconTrash } from '../../components/icons';
import { ListError } from '../../components/list/ListError';
import { useCursorList } from '../../components/list/useCursorList';
import type { RecordAttachmentsQuery } from '../../gql/tenant/graphql';
import { useLiveRecords } from '../../live/live';
import { useFormat } from '../../locale';
import type { RecordPanelProps } from '../types';
import { DeleteAttachmentDocument, RecordAttachmentsDocument, RestoreAttachmentDocument } from './operations';
import { formatSize, previewKind, samePath, uploadFile, type UploadError } from './upload';

type Attachment = NonNullable<RecordAttachmentsQuery['attachments']>['edges'][number]['node'];

// Download links live 5 minutes (ATTACHMENT_URL_TTL_SECONDS): the list asks for fresh ones before that.
const REFRESH_LINKS_MS = 4 * 60 * 1000;

interface Sending {
  key: string;
  name: string;
  percent: number;
}

interface Refusal {
  name: string;
  error: UploadError;
}

/** The files of one record, on its page (a `recordPanels` entry): upload (button or drop), preview, download, delete. */
export function AttachmentPanel({ recordId, readOnly }: RecordPanelProps) {
  const { t } = useTranslation('attachments');
  const list = useCursorList<RecordAttachmentsQuery, Attachment>({
    query: RecordAttachmentsDocument as Parameters<typeof useCursorList<RecordAttachmentsQuery, Attachment>>[0]['query'],
    variables: { record: recordId },
    pick: (d) => d.attachments,
    pageSize: 50,
  });
  useLiveRecords(['Attachment'], list.reload);
  const { reload } = list;
  useEffect(() => {
    const timer = window.setInterval(reload, REFRESH_LINKS_MS);
    return () => window.clearInterval(timer);
  }, [reload]);
  const [sending, setSending] = useState<Sending[]>([]);
  const [refused, setRefused] = useState<Refusal[]>([]);
  const [dragging, setDragging] = useState(false);
  const [previewing, setPreviewing] = useState<Attachment | null>(null);

  const send = async (files: File[]) => {
    setRefused([]);
    const problems: Refusal[] = [];
    for (const file of files) {
      const key = `${file.name}-${Date.now()}-${Math.random()}`;
      setSending((now) => [...now, { key, name: file.name, percent: 0 }]);
      const outcome = await uploadFile(recordId, file, (percent) =>
        setSending((now) => now.map((s) => (s.key === key ? { ...s, percent } : s))),
      );
      setSending((now) => now.filter((s) => s.key !== key));
      if (!outcome.ok) problems.push(...outcome.errors.map((error) => ({ name: file.name, error })));
    }
    setRefused(problems);
    reload();
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    if (readOnly) return;
    const files = Array.from(event.dataTransfer.files);
    if (files.length) void send(files);
  };

  return (
    <Paper withBorder p="md" radius="md" data-testid="attachment-panel">
      <Stack>
        <Title order={2} size="h4">
          {t('panel.title')}
          {list.totalCount !== undefined ? ` (${list.totalCount})` : ''}
        </Title>
        {!readOnly && (
          <Box
            data-testid="attachment-dropzone"
            onDragOver={(event) => {
              event.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
            p="md"
            style={{
              border: `2px dashed ${dragging ? 'var(--mantine-color-blue-6)' : 'var(--mantine-color-gray-5)'}`,
              borderRadius: 'var(--mantine-radius-md)',
              background: dragging ? 'var(--mantine-color-blue-0)' : undefined,
            }}
          >
            <Group justify="space-between" wrap="wrap">
              <Text size="sm">{t('panel.drop')}</Text>
              <FileButton onChange={(files) => files.length && void send(files)} multiple>
                {(props) => (
                  <Button {...props} variant="default" leftSection={<IconPaperclip size={16} />}>
                    {t('panel.upload')}
                  </Button>
                )}
              </FileButton>
            </Group>
          </Box>
        )}
        {sending.map((s) => (
          <Stack key={s.key} gap={4} data-testid="attachment-progress">
            <Text size="xs">{t('panel.sending', { name: s.name, percent: s.percent })}</Text>
            <Progress value={s.percent} aria-label={t('panel.sending', { name: s.name, percent: s.percent })} />
          </Stack>
        ))}
        {refused.length > 0 && (
          <Alert color="red" title={t('panel.refused')} data-testid="attachment-errors">
            <Stack gap={2}>
              {refused.map((r, i) => (
                <Text size="sm" key={i}>
                  {r.name}: {t(`errors.${r.error.code}`, { defaultValue: r.error.message || t('errors.network') })}
                </Text>
              ))}
            </Stack>
          </Alert>
        )}
        <ListError error={list.error} />
        {list.loaded && list.rows.length === 0 && <Text size="sm">{t('panel.empty')}</Text>}
        {list.rows.map((attachment) => (
          <AttachmentLine key={attachment.id} attachment={attachment} readOnly={readOnly} onChanged={reload} onPreview={() => setPreviewing(attachment)} />
        ))}
      </Stack>
      {previewing && <Preview attachment={previewing} onClose={() => setPreviewing(null)} />}
    </Paper>
  );
}

function AttachmentLine({ attachment, readOnly, onChanged, onPreview }: { attachment: Attachment; readOnly?: boolean; onChanged: () => void; onPreview: () => void }) {
  const { t, i18n } = useTranslation('attachments');
  const format = useFormat();
  const [, remove] = useMutation(DeleteAttachmentDocument);
  const [, restore] = useMutation(RestoreAttachmentDocument);
  const [asking, setAsking] = useState(false);
  const canPreview = previewKind(attachment.contentType) !== null && attachment.previewUrl;
  const who = attachment.uploadedBy?.fullName || attachment.uploadedBy?.email;
  return (
    <Group justify="space-between" wrap="nowrap" data-testid="attachment" data-name={attachment.fileName}>
      <Stack gap={0} style={{ minWidth: 0 }}>
        {canPreview ? (
          <Anchor component="button" type="button" size="sm" fw={600} onClick={onPreview} aria-label={t('item.preview', { name: attachment.fileName })} style={{ textAlign: 'left' }}>
            {attachment.fileName}
          </Anchor>
        ) : (
          <Text size="sm" fw={600}>
            {attachment.fileName}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {[formatSize(attachment.size, i18n.language), t(`type.${typeLabel(attachment.contentType)}`), who, format.dateTime(attachment.createdAt)].filter(Boolean).join(' · ')}
        </Text>
      </Stack>
      <Group gap={4} wrap="nowrap">
        <ActionIcon component="a" href={samePath(attachment.downloadUrl)} download={attachment.fileName} variant="subtle" aria-label={t('item.download', { name: attachment.fileName })}>
          <IconDownload size={16} />
        </ActionIcon>
        {!readOnly && (
          <ActionIcon variant="subtle" color="red.9" aria-label={t('item.delete', { name: attachment.fileName })} onClick={() => setAsking(true)}>
            <IconTrash size={16} />
          </ActionIcon>
        )}
      </Group>
      {asking && (
        <ConfirmAction
          title={t('item.deleteTitle')}
          message={t('item.deleteMessage', { name: attachment.fileName })}
          confirmLabel={t('item.deleteConfirm')}
          onClose={() => setAsking(false)}
          onConfirm={async () => {
            const result = await remove({ input: { id: attachment.id } });
            if (result.data?.deleteAttachment.errors.length === 0) {
              onChanged();
              notifyWithUndo({
                message: t('item.deleted', { name: attachment.fileName }),
                undo: async () => {
                  const back = await restore({ input: { id: attachment.id } });
                  onChanged();
                  return back.data?.restoreAttachment.errors.length === 0 ? 1 : 0;
                },
              });
            }
          }}
        />
      )}
    </Group>
  );
}

/** A picture or a PDF shown in a dialog, from its preview link. */
function Preview({ attachment, onClose }: { attachment: Attachment; onClose: () => void }) {
  const { t } = useTranslation('attachments');
  const kind = previewKind(attachment.contentType);
  const url = samePath(attachment.previewUrl ?? attachment.downloadUrl);
  return (
    <Modal opened onClose={onClose} title={attachment.fileName} size="xl" closeButtonProps={{ 'aria-label': t('preview.close') }}>
      <Stack data-testid="attachment-preview">
        {kind === 'image' && <img src={url} alt={attachment.fileName} style={{ maxWidth: '100%', maxHeight: '70vh', objectFit: 'contain' }} />}
        {kind === 'pdf' && <iframe src={url} title={attachment.fileName} style={{ width: '100%', height: '70vh', border: 0 }} />}
        <Group justify="flex-end">
          <Button component="a" href={samePath(attachment.downloadUrl)} download={attachment.fileName} variant="default" leftSection={<IconDownload size={16} />}>
            {t('preview.download')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The kind of file, for the list's line: a few named ones, else "file". */
export function typeLabel(contentType: string): string {
  if (contentType.startsWith('image/')) return 'image';
  if (contentType === 'application/pdf') return 'pdf';
  if (contentType === 'text/csv') return 'csv';
  if (contentType.startsWith('text/')) return 'text';
  if (contentType.includes('wordprocessingml') || contentType === 'application/msword') return 'document';
  if (contentType.includes('spreadsheetml')) return 'spreadsheet';
  if (contentType.includes('presentationml')) return 'slides';
  if (contentType === 'application/zip') return 'archive';
  return 'file';
}
