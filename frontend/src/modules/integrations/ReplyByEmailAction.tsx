import { Alert, Button, Group, Stack, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';

import { outcome, toast } from '../access/common';
import type { RecordPanelProps } from '../types';
import { InboxChannelsDocument, ReplyByEmailDocument } from './operations';

/** Which timeline entries can be answered: e-mails that came in through the workspace's e-mail inbox (`channel`),
 *  not ones a member logged by hand (nothing to reply to: the server refuses those too). */
export const isInboundEmail = (record: Record<string, unknown>) =>
  record.kind === 'EMAIL' && record.direction === 'INBOUND' && record.channel === 'EMAIL_INBOX';

/** "Reply by e-mail" on an inbound e-mail of a record's timeline (a `recordActions` entry), while the
 *  workspace's e-mail inbox is on: a small form; the reply goes out in the mail's thread and is logged
 *  on the contact's timeline (the record page refetches on the new interaction). */
export function ReplyByEmailAction({ recordId, readOnly }: RecordPanelProps) {
  const { t } = useTranslation('integrations');
  const [{ data }] = useQuery({ query: InboxChannelsDocument, pause: readOnly });
  const [{ fetching }, reply] = useMutation(ReplyByEmailDocument);
  const [open, setOpen] = useState(false);
  const [body, setBody] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  if (readOnly || !data?.inboxChannels?.email) return null;

  if (!open)
    return (
      <Button size="xs" variant="light" onClick={() => setOpen(true)}>
        {t('reply.open')}
      </Button>
    );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = outcome(await reply({ input: { interactionId: recordId, body } }), (d) => d.replyByEmail, t);
    setErrors(found);
    if (Object.keys(found).length) return;
    setBody('');
    setOpen(false);
    toast({ message: t('reply.sent') });
  };
  const problem = errors.interactionId ?? errors._form;

  return (
    <form onSubmit={submit} noValidate data-testid="reply-by-email" style={{ flex: 1 }}>
      <Stack gap="xs">
        <Textarea label={t('reply.body')} autosize minRows={3} maxLength={50000} value={body} onChange={(e) => setBody(e.currentTarget.value)} error={errors.body} data-autofocus />
        {problem && (
          <Alert color="red" role="alert">
            {problem}
          </Alert>
        )}
        <Group gap="xs">
          <Button type="submit" size="xs" loading={fetching}>
            {t('reply.send')}
          </Button>
          <Button size="xs" variant="default" onClick={() => setOpen(false)}>
            {t('reply.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
