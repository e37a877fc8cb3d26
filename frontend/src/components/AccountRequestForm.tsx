import { Alert, Button, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { fieldErrors } from '../graphql/client';

export interface AccountRequestAnswer {
  ok: boolean;
  errors: readonly { field?: string | null; message: string; code: string }[];
}

/**
 * An email form of the signed-out pages (forgot password, find my workspace). The server answers the
 * same whatever the address, so after sending the form only says where to look.
 */
export function AccountRequestForm({
  send,
  sentMessage,
  submitLabel,
  withWorkspace = false,
  footer,
}: {
  send: (input: { email: string; workspace?: string }) => Promise<AccountRequestAnswer | null>;
  sentMessage: (email: string) => string;
  submitLabel: string;
  withWorkspace?: boolean;
  footer?: ReactNode;
}) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [workspace, setWorkspace] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const answer = await send(withWorkspace ? { email, workspace } : { email });
    setBusy(false);
    if (!answer) return setErrors({ _form: t('errors.generic') });
    if (!answer.ok) return setErrors(fieldErrors(answer.errors));
    setErrors({});
    setSent(true);
  };

  if (sent) {
    return (
      <Stack>
        <Alert color="green" role="status">
          {sentMessage(email)}
        </Alert>
        {footer}
      </Stack>
    );
  }
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {errors._form && (
          <Alert color="red" role="alert">
            {errors._form}
          </Alert>
        )}
        <TextInput
          label={t('login.email')}
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={errors.email}
          autoFocus
        />
        {withWorkspace && (
          <TextInput
            label={t('account.workspace')}
            description={t('account.workspaceHint')}
            required
            value={workspace}
            onChange={(e) => setWorkspace(e.currentTarget.value)}
            error={errors.workspace}
          />
        )}
        <Button type="submit" loading={busy} fullWidth>
          {submitLabel}
        </Button>
        {footer}
      </Stack>
    </form>
  );
}
