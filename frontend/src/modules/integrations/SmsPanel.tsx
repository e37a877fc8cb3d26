import { Alert, Button, Group, Paper, Stack, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';

import { outcome, toast } from '../access/common';
import type { RecordPanelProps } from '../types';
import { InboxChannelsDocument, SendSmsDocument } from './operations';

/** "Send a text" on a contact (a `recordPanels` entry), when the workspace's SMS number is on.
 *  The text is logged on the contact's timeline; the server refuses without the contact's consent. */
export function SmsPanel({ recordId, readOnly }: RecordPanelProps) {
  const { t } = useTranslation('integrations');
  const [{ data }] = useQuery({ query: InboxChannelsDocument, pause: readOnly });
  const [{ fetching }, send] = useMutation(SendSmsDocument);
  const [body, setBody] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  if (readOnly || !data?.inboxChannels?.sms) return null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = outcome(await send({ input: { contactId: recordId, body } }), (d) => d.sendSms, t);
    setErrors(found);
    if (Object.keys(found).length) return;
    setBody('');
    toast({ message: t('smsPanel.sent') });
  };
  const problem = errors.contactId ?? errors._form;

  return (
    <Paper withBorder p="md" radius="md" data-testid="sms-panel">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('smsPanel.title')}
          </Title>
          <Textarea label={t('smsPanel.body')} autosize minRows={2} maxLength={1600} value={body} onChange={(e) => setBody(e.currentTarget.value)} error={errors.body} />
          {problem && (
            <Alert color="red" role="alert">
              {problem}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={fetching}>
              {t('smsPanel.send')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
