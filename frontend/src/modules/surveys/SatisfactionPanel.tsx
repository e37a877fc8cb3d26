import { Alert, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';

import { isAdmin, useSession } from '../../auth/session';
import { useFormat } from '../../locale';
import type { RecordPanelProps } from '../types';
import { ContactSurveysDocument, SendNpsSurveyDocument } from './operations';

/** A contact's surveys and answers, on their page; owners and admins send an NPS survey from here. */
export function SatisfactionPanel({ recordId, readOnly }: RecordPanelProps) {
  const { t } = useTranslation('surveys');
  const format = useFormat();
  const { state } = useSession();
  const [{ data, error }, reload] = useQuery({ query: ContactSurveysDocument, variables: { contact: recordId } });
  const [{ fetching }, send] = useMutation(SendNpsSurveyDocument);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const canSend = !readOnly && state.status === 'signed-in' && isAdmin(state.me.role);
  const surveys = (data?.surveys.edges ?? []).map((e) => e.node);

  const sendNps = async () => {
    const result = await send({ input: { contactIds: [recordId] } });
    const payload = result.data?.sendNpsSurvey;
    if (payload && payload.errors.length === 0) {
      setNotice({ ok: true, text: t('panel.sent') });
      reload({ requestPolicy: 'network-only' });
    } else {
      setNotice({ ok: false, text: payload?.errors[0]?.message ?? t('common:errors.generic') });
    }
  };

  return (
    <Paper withBorder p="md" radius="md" data-testid="satisfaction-panel">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t('panel.title')}
          </Title>
          {canSend && (
            <Button size="xs" variant="light" onClick={sendNps} loading={fetching}>
              {t('panel.sendNps')}
            </Button>
          )}
        </Group>
        {notice && (
          <Alert color={notice.ok ? 'green' : 'red'} role={notice.ok ? 'status' : 'alert'}>
            {notice.text}
          </Alert>
        )}
        {error && !data && <Text size="sm">{t('common:errors.generic')}</Text>}
        {data && surveys.length === 0 && <Text size="sm">{t('panel.empty')}</Text>}
        {surveys.map((s) => (
          <Stack key={s.id} gap={2}>
            <Group gap="xs">
              <Badge variant="light">{s.kind}</Badge>
              <Text size="sm" fw={600}>
                {s.score == null ? t('panel.waiting') : t('panel.score', { score: s.score })}
              </Text>
              <Text size="xs" c="dimmed">
                {format.date(s.respondedAt ?? s.sentAt)}
              </Text>
            </Group>
            {s.ticket && <Text size="xs">{s.ticket.subject}</Text>}
            {s.comment && <Text size="sm">“{s.comment}”</Text>}
          </Stack>
        ))}
      </Stack>
    </Paper>
  );
}
