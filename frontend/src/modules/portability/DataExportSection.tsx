import { Anchor, Button, Progress, Stack, Table, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useSubscription } from 'urql';

import { LiveNotificationsDocument } from '../../live/live';
import { FormError, outcome, QueryState, Section, toast } from '../access/common';
import { StartWorkspaceExportDocument, WorkspaceExportsDocument } from './operations';

const POLL_MS = 3000;
const RUNNING = new Set(['QUEUED', 'RUNNING']);

function size(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Settings → Data export (owners and admins): start a full export, follow its progress, download the zip. */
export function DataExportSection() {
  const { t, i18n } = useTranslation('portability');
  const [{ data, fetching, error }, refetch] = useQuery({ query: WorkspaceExportsDocument, requestPolicy: 'cache-and-network' });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const [{ fetching: starting }, start] = useMutation(StartWorkspaceExportDocument);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const exports = data?.workspaceExports ?? [];
  const running = exports.some((e) => RUNNING.has(e.status));

  // Live: the export tells whoever started it (`workspace_export_progress`, `..._finished`); a poll covers a socket that is down.
  const [{ data: live }] = useSubscription({ query: LiveNotificationsDocument, pause: !running });
  const note = live?.notifications;
  const seen = useRef<string | null>(null);
  useEffect(() => {
    if (!note || seen.current === note.id || !note.kind.startsWith('workspace_export_')) return;
    seen.current = note.id;
    reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [note]);
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [running]);

  const onStart = async () => {
    const found = outcome(await start({}), (d) => d.startWorkspaceExport, t);
    setErrors(found);
    if (!Object.keys(found).length) {
      toast({ message: t('started') });
      reload();
    }
  };
  const when = (value: string) => new Date(value).toLocaleString(i18n.language);

  return (
    <Section
      title={t('title')}
      actions={
        <Button onClick={onStart} loading={starting} disabled={running}>
          {t('start')}
        </Button>
      }
    >
      <Stack>
        <Text size="sm">{t('intro')}</Text>
        <FormError errors={errors} />
        {!data ? (
          <QueryState fetching={fetching} error={error} />
        ) : exports.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('empty')}
          </Text>
        ) : (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('columns.started')}</Table.Th>
                <Table.Th>{t('columns.status')}</Table.Th>
                <Table.Th>{t('columns.coverage')}</Table.Th>
                <Table.Th>{t('columns.result')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {exports.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{when(e.createdAt)}</Table.Td>
                  <Table.Td>{t(`status.${e.status}`)}</Table.Td>
                  <Table.Td>{t(`coverage.${e.coverage}`)}</Table.Td>
                  <Table.Td>
                    {RUNNING.has(e.status) ? (
                      <Stack gap={4}>
                        <Progress
                          value={e.totalRecords ? (100 * e.processedRecords) / e.totalRecords : 0}
                          aria-label={t('progress', { done: e.processedRecords, total: e.totalRecords })}
                        />
                        <Text size="xs">{t('progress', { done: e.processedRecords, total: e.totalRecords })}</Text>
                      </Stack>
                    ) : e.downloadUrl ? (
                      <Stack gap={2}>
                        <Anchor href={e.downloadUrl}>{t('download', { size: size(e.fileSize) })}</Anchor>
                        <Text size="xs" c="dimmed">
                          {t('files', { count: e.attachmentFiles })} · {e.expiresAt ? t('expires', { when: when(e.expiresAt) }) : null}
                        </Text>
                      </Stack>
                    ) : (
                      <Text size="sm">{e.errorMessage ?? ''}</Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Section>
  );
}
