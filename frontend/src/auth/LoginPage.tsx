import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { useMutation } from 'urql';

import { AuthLayout } from '../components/AuthLayout';
import { graphql } from '../gql/tenant';
import { fieldErrors } from '../graphql/client';
import { useSession } from './session';

const LogInDocument = graphql(`
  mutation TenantLogIn($input: LogInInput!) {
    logIn(input: $input) {
      me {
        email
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

/** Log in to this workspace: the server starts a session (HttpOnly cookie). */
export function LoginPage() {
  const { t } = useTranslation();
  const { state, refresh } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const arrival = location.state as { from?: string; ended?: boolean } | null;
  const next = arrival?.from ?? '/';
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  // Two-step sign-in: the server answers `otp_required` until the authenticator code comes along.
  const [otpCode, setOtpCode] = useState('');
  const [askOtp, setAskOtp] = useState(false);
  const [{ fetching }, logIn] = useMutation(LogInDocument);

  if (state.status === 'signed-in') return <Navigate to={next} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await logIn({ input: askOtp ? { email, password, otpCode } : { email, password } });
    if (result.data?.logIn.errors.some((e) => e.code === 'otp_required')) setAskOtp(true);
    const payload = result.data?.logIn;
    if (!payload) {
      setErrors({ _form: t(result.error?.networkError ? 'errors.network' : 'errors.generic') });
      return;
    }
    if (payload.errors.length) {
      setErrors(fieldErrors(payload.errors));
      return;
    }
    setErrors({});
    const session = await refresh();
    if (session.status === 'signed-in') navigate(next, { replace: true });
  };

  const publicSite = publicSiteUrl();
  return (
    <AuthLayout title={t('login.titleGeneric')} subtitle={window.location.host}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {arrival?.ended && !errors._form && (
            <Alert color="blue.8" role="alert">
              <Text size="sm" fw={700}>
                {t('login.endedTitle')}
              </Text>
              <Text size="sm">{t('login.ended')}</Text>
            </Alert>
          )}
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
          <PasswordInput
            label={t('login.password')}
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={errors.password}
          />
          {askOtp && (
            <TextInput
              label={t('login.otp')}
              description={t('login.otpHint')}
              inputMode="numeric"
              autoComplete="one-time-code"
              value={otpCode}
              onChange={(e) => setOtpCode(e.currentTarget.value)}
              error={errors.otpCode}
              autoFocus
            />
          )}
          <Button type="submit" loading={fetching} fullWidth>
            {t('login.submit')}
          </Button>
          <Text size="sm" ta="center">
            <Anchor component={Link} to="/forgot-password">
              {t('account.forgotLink')}
            </Anchor>
          </Text>
          {publicSite && (
            <Text size="sm" ta="center">
              {t('login.noAccount')} <Anchor href={publicSite}>{t('login.signUp')}</Anchor>
            </Text>
          )}
        </Stack>
      </form>
    </AuthLayout>
  );
}

/** The public site (signup) of this workspace's host: `acme.example.com` → `example.com`. */
export function publicSiteUrl(location: Location = window.location): string | null {
  const labels = location.hostname.split('.');
  if (labels.length < 2) return null;
  return `${location.protocol}//${labels.slice(1).join('.')}${location.port ? `:${location.port}` : ''}/`;
}
