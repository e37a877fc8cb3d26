import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation } from 'urql';

import { handoffUrl } from '../auth/handoff';
import { AuthLayout } from '../components/AuthLayout';
import { graphql } from '../gql/public';
import type { PublicLogInMutation } from '../gql/public/graphql';
import { fieldErrors } from '../graphql/client';

const PublicLogInDocument = graphql(`
  mutation PublicLogIn($input: LogInInput!) {
    logIn(input: $input) {
      token
      memberships {
        role
        tenant {
          name
          subdomain
          url
        }
      }
      errors {
        field
        message
        code
      }
    }
  }
`);

type Membership = PublicLogInMutation['logIn']['memberships'][number];

/** Log in on the public site: find your workspaces, then continue into one of them, signed in. */
export function PublicLoginPage({ redirect = (url: string) => window.location.assign(url) }: { redirect?: (url: string) => void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  // Two-step sign-in: the server answers `otp_required` until the authenticator code comes along.
  const [otpCode, setOtpCode] = useState('');
  const [askOtp, setAskOtp] = useState(false);
  const [choice, setChoice] = useState<{ token: string; memberships: Membership[] } | null>(null);
  const [{ fetching }, logIn] = useMutation(PublicLogInDocument);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await logIn({ input: askOtp ? { email, password, otpCode } : { email, password } });
    if (result.data?.logIn.errors.some((e) => e.code === 'otp_required')) setAskOtp(true);
    const payload = result.data?.logIn;
    if (!payload) return setErrors({ _form: t('errors.generic') });
    if (payload.errors.length || !payload.token) return setErrors(fieldErrors(payload.errors));
    if (payload.memberships.length === 1) return redirect(handoffUrl(payload.memberships[0].tenant.url, payload.token));
    setErrors(payload.memberships.length ? {} : { _form: t('login.noWorkspace') });
    setChoice({ token: payload.token, memberships: payload.memberships });
  };

  if (choice && choice.memberships.length > 1) {
    return (
      <AuthLayout title={t('login.chooseWorkspace')}>
        <Stack>
          {choice.memberships.map((m) => (
            <UnstyledButton
              key={m.tenant.subdomain}
              onClick={() => redirect(handoffUrl(m.tenant.url, choice.token))}
              p="sm"
              style={{ border: '1px solid var(--mantine-color-gray-4)', borderRadius: 8 }}
            >
              <Text fw={600}>{m.tenant.name}</Text>
              <Text size="sm">{m.tenant.url}</Text>
            </UnstyledButton>
          ))}
        </Stack>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={t('login.titleGeneric')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {errors._form && (
            <Alert color="red" role="alert">
              {errors._form}
            </Alert>
          )}
          <TextInput label={t('login.email')} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={errors.email} autoFocus />
          <PasswordInput label={t('login.password')} autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={errors.password} />
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
            {' · '}
            <Anchor component={Link} to="/find-workspace">
              {t('account.findLink')}
            </Anchor>
          </Text>
          <Text size="sm" ta="center">
            {t('login.noAccount')}{' '}
            <Anchor component={Link} to="/">
              {t('login.signUp')}
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthLayout>
  );
}
