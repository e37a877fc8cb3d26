import { Alert, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useClient, useMutation } from 'urql';

import { StartSessionDocument, useSession } from '../../auth/session';
import { AuthLayout } from '../../components/AuthLayout';
import { FormError, outcome } from './common';
import { AcceptInvitationDocument } from './operations';

/**
 * /accept-invitation?token=… — the single-use link of an invitation email. The invitee picks
 * a name and password (or gives their existing password); the answer's token becomes a session.
 */
export function AcceptInvitationPage() {
  const { t } = useTranslation('access');
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const client = useClient();
  const { refresh } = useSession();
  const navigate = useNavigate();
  const [fullName, setFullName] = useState('');
  const [password, setPassword] = useState('');
  const [otpCode, setOtpCode] = useState('');
  const [askOtp, setAskOtp] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [{ fetching }, accept] = useMutation(AcceptInvitationDocument);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await accept({ input: { token, password, fullName, otpCode: askOtp ? otpCode : null } });
    const found = outcome(result, (d) => d.acceptInvitation, t);
    if (result.data?.acceptInvitation.errors.some((e) => e.code === 'otp_required')) setAskOtp(true);
    setErrors(found);
    const bearer = result.data?.acceptInvitation.token;
    if (Object.keys(found).length || !bearer) return;
    // Trade the one-time token for this browser's session cookie (the token is revoked).
    await client.mutation(StartSessionDocument, {}, { fetchOptions: { headers: { Authorization: `Bearer ${bearer}` } } }).toPromise();
    const session = await refresh();
    if (session.status === 'signed-in') navigate('/', { replace: true });
  };

  return (
    <AuthLayout title={t('accept.titleGeneric')} subtitle={window.location.host}>
      {!token ? (
        <Alert color="red" role="alert">
          {t('accept.missingToken')}
        </Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm">{t('accept.intro')}</Text>
            <FormError errors={{ _form: errors._form ?? errors.token ?? '' }} />
            <TextInput
              label={t('accept.fullName')}
              autoComplete="name"
              value={fullName}
              onChange={(e) => setFullName(e.currentTarget.value)}
              error={errors.fullName}
              autoFocus
            />
            <PasswordInput
              label={t('accept.password')}
              autoComplete="new-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={errors.password}
            />
            {askOtp && (
              <TextInput
                label={t('accept.otp')}
                inputMode="numeric"
                autoComplete="one-time-code"
                value={otpCode}
                onChange={(e) => setOtpCode(e.currentTarget.value)}
                error={errors.otpCode}
              />
            )}
            <Button type="submit" loading={fetching} fullWidth>
              {t('accept.submit')}
            </Button>
          </Stack>
        </form>
      )}
    </AuthLayout>
  );
}
