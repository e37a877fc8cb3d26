import { Anchor, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation } from 'urql';

import { AccountRequestForm } from '../components/AccountRequestForm';
import { AuthLayout } from '../components/AuthLayout';
import { graphql } from '../gql/tenant';

const RequestPasswordResetDocument = graphql(`
  mutation TenantRequestPasswordReset($input: RequestPasswordResetInput!) {
    requestPasswordReset(input: $input) {
      ok
      errors {
        ...UserErrorParts
      }
    }
  }
`);

/** /forgot-password on a workspace's host: a reset link into this workspace, by email. */
export function ForgotPasswordPage() {
  const { t, i18n } = useTranslation();
  const [, request] = useMutation(RequestPasswordResetDocument);
  return (
    <AuthLayout title={t('account.forgotTitle')} subtitle={t('account.forgotSubtitle')}>
      <AccountRequestForm
        submitLabel={t('account.sendLink')}
        sentMessage={(email) => t('account.linkSent', { email })}
        send={async ({ email }) => (await request({ input: { email, language: i18n.language } })).data?.requestPasswordReset ?? null}
        footer={
          <Text size="sm" ta="center">
            <Anchor component={Link} to="/login">
              {t('account.backToLogin')}
            </Anchor>
          </Text>
        }
      />
    </AuthLayout>
  );
}
