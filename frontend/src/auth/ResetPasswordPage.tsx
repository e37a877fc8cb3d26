import { Alert, Anchor, Button, PasswordInput, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useMutation } from 'urql';

import { AuthLayout } from '../components/AuthLayout';
import { graphql } from '../gql/tenant';
import { fieldErrors } from '../graphql/client';
import { useSession } from './session';

const ResetPasswordDocument = graphql(`
  mutation TenantResetPassword($input: ResetPasswordInput!) {
    resetPassword(input: $input) {
      ok
      errors {
        ...UserErrorParts
      }
    }
  }
`);

/** /reset-password?token=… from the emailed link: choose a new password; every session then ends. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const { refresh } = useSession();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  const [{ fetching }, reset] = useMutation(ResetPasswordDocument);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (password !== repeat) return setErrors({ repeat: t('account.mismatch') });
    const result = await reset({ input: { token, newPassword: password } });
    const payload = result.data?.resetPassword;
    if (!payload) return setErrors({ _form: t('errors.generic') });
    if (!payload.ok) {
      const byField = fieldErrors(payload.errors);
      // A bad link is the whole form's problem: the token is not something the user typed.
      if (byField.token) byField._form = [byField._form, byField.token].filter(Boolean).join(' ');
      return setErrors(byField);
    }
    setErrors({});
    setDone(true);
    void refresh(); // this browser's own session ended too
  };

  const backToLogin = (
    <Text size="sm" ta="center">
      <Anchor component={Link} to="/login">
        {t('account.backToLogin')}
      </Anchor>
      {' · '}
      <Anchor component={Link} to="/forgot-password">
        {t('account.newLink')}
      </Anchor>
    </Text>
  );

  return (
    <AuthLayout title={t('account.resetTitle')}>
      {done ? (
        <Stack>
          <Alert color="green" role="status">
            {t('account.resetDone')}
          </Alert>
          <Button component={Link} to="/login" fullWidth>
            {t('login.submit')}
          </Button>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            {(errors._form || !token) && (
              <Alert color="red" role="alert">
                {errors._form ?? t('account.noToken')}
              </Alert>
            )}
            <PasswordInput
              label={t('account.newPassword')}
              description={t('signup.passwordHint')}
              autoComplete="new-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={errors.newPassword}
              autoFocus
            />
            <PasswordInput
              label={t('account.repeatPassword')}
              autoComplete="new-password"
              required
              value={repeat}
              onChange={(e) => setRepeat(e.currentTarget.value)}
              error={errors.repeat}
            />
            <Button type="submit" loading={fetching} disabled={!token} fullWidth>
              {t('account.setPassword')}
            </Button>
            {backToLogin}
          </Stack>
        </form>
      )}
    </AuthLayout>
  );
}
