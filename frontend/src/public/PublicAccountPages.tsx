import { Anchor, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation } from 'urql';

import { AccountRequestForm } from '../components/AccountRequestForm';
import { AuthLayout } from '../components/AuthLayout';
import { graphql } from '../gql/public';

const PublicRequestPasswordResetDocument = graphql(`
  mutation PublicRequestPasswordReset($input: RequestPasswordResetInput!) {
    requestPasswordReset(input: $input) {
      ok
      errors {
        field
        message
        code
      }
    }
  }
`);

const FindWorkspacesDocument = graphql(`
  mutation FindWorkspaces($input: FindWorkspacesInput!) {
    findWorkspaces(input: $input) {
      ok
      errors {
        field
        message
        code
      }
    }
  }
`);

function LoginLink() {
  const { t } = useTranslation();
  return (
    <Text size="sm" ta="center">
      <Anchor component={Link} to="/login">
        {t('account.backToLogin')}
      </Anchor>
    </Text>
  );
}

/** /forgot-password on the public site: the workspace's address is asked for too (links go into one). */
export function PublicForgotPasswordPage() {
  const { t, i18n } = useTranslation();
  const [, request] = useMutation(PublicRequestPasswordResetDocument);
  return (
    <AuthLayout title={t('account.forgotTitle')} subtitle={t('account.forgotSubtitle')}>
      <AccountRequestForm
        withWorkspace
        submitLabel={t('account.sendLink')}
        sentMessage={(email) => t('account.linkSent', { email })}
        send={async ({ email, workspace }) =>
          (await request({ input: { email, workspace: workspace?.trim().toLowerCase(), language: i18n.language } })).data
            ?.requestPasswordReset ?? null
        }
        footer={<LoginLink />}
      />
    </AuthLayout>
  );
}

/** /find-workspace: the addresses of your workspaces, by email (the page never says whether there are any). */
export function FindWorkspacePage() {
  const { t, i18n } = useTranslation();
  const [, find] = useMutation(FindWorkspacesDocument);
  return (
    <AuthLayout title={t('account.findTitle')} subtitle={t('account.findSubtitle')}>
      <AccountRequestForm
        submitLabel={t('account.findSubmit')}
        sentMessage={(email) => t('account.findSent', { email })}
        send={async ({ email }) => (await find({ input: { email, language: i18n.language } })).data?.findWorkspaces ?? null}
        footer={<LoginLink />}
      />
    </AuthLayout>
  );
}
