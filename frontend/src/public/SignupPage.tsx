import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { handoffUrl } from '../auth/handoff';
import { AuthLayout } from '../components/AuthLayout';
import { graphql } from '../gql/public';
import { fieldErrors } from '../graphql/client';
import type { SiteInfo } from '../site';
import { suggestSubdomain, workspaceHost } from './subdomain';

const SignUpDocument = graphql(`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      token
      tenant {
        name
        subdomain
        url
      }
      errors {
        field
        message
        code
      }
    }
  }
`);

const SubdomainAvailabilityDocument = graphql(`
  query SubdomainAvailability($subdomain: String!) {
    subdomainAvailability(subdomain: $subdomain) {
      available
      errors {
        message
      }
    }
  }
`);

/** Signup on the public site; on success the browser goes to the new workspace, signed in. */
export function SignupPage({ site, redirect = (url: string) => window.location.assign(url) }: { site: SiteInfo; redirect?: (url: string) => void }) {
  const { t } = useTranslation();
  const [values, setValues] = useState({ companyName: '', subdomain: '', fullName: '', email: '', password: '' });
  const [subdomainEdited, setSubdomainEdited] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [{ fetching }, signUp] = useMutation(SignUpDocument);
  const [debouncedSubdomain] = useDebouncedValue(values.subdomain, 400);
  const [availability] = useQuery({
    query: SubdomainAvailabilityDocument,
    variables: { subdomain: debouncedSubdomain },
    pause: debouncedSubdomain.length < 3,
  });
  const check = debouncedSubdomain === values.subdomain ? availability.data?.subdomainAvailability : undefined;

  const set = (field: keyof typeof values) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setValues((v) => {
      const next = { ...v, [field]: value };
      if (field === 'companyName' && !subdomainEdited) next.subdomain = suggestSubdomain(value);
      return next;
    });
    if (field === 'subdomain') setSubdomainEdited(true);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await signUp({ input: values });
    const payload = result.data?.signUp;
    if (!payload) {
      setErrors({ _form: t(result.error?.networkError ? 'errors.network' : 'errors.generic') });
      return;
    }
    if (payload.errors.length || !payload.tenant || !payload.token) {
      setErrors(fieldErrors(payload.errors));
      return;
    }
    redirect(handoffUrl(payload.tenant.url, payload.token));
  };

  const subdomainError = errors.subdomain ?? (check && !check.available ? check.errors.map((e) => e.message).join(' ') : undefined);
  return (
    <AuthLayout title={t('signup.title')} subtitle={t('signup.subtitle')}>
      <form onSubmit={submit} noValidate aria-busy={fetching}>
        <Stack>
          {errors._form && (
            <Alert color="red" role="alert">
              {errors._form}
            </Alert>
          )}
          <TextInput label={t('signup.companyName')} required autoComplete="organization" value={values.companyName} onChange={set('companyName')} error={errors.companyName} autoFocus />
          <TextInput
            label={t('signup.subdomain')}
            required
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            value={values.subdomain}
            onChange={set('subdomain')}
            error={subdomainError}
            description={t('signup.subdomainHint', { url: workspaceHost(values.subdomain, site.baseDomain, site.port) })}
            rightSection={check?.available ? <Text size="xs" c="teal.9" aria-live="polite">✓</Text> : undefined}
            rightSectionWidth={28}
          />
          <TextInput label={t('signup.fullName')} required autoComplete="name" value={values.fullName} onChange={set('fullName')} error={errors.fullName} />
          <TextInput label={t('signup.email')} type="email" required autoComplete="email" value={values.email} onChange={set('email')} error={errors.email} />
          <PasswordInput
            label={t('signup.password')}
            required
            autoComplete="new-password"
            description={t('signup.passwordHint')}
            value={values.password}
            onChange={set('password')}
            error={errors.password}
          />
          <Button type="submit" loading={fetching} fullWidth>
            {fetching ? t('signup.submitting') : t('signup.submit')}
          </Button>
          <Text size="sm" ta="center">
            {t('signup.haveAccount')}{' '}
            <Anchor component={Link} to="/login">
              {t('signup.logIn')}
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthLayout>
  );
}
