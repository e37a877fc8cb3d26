import { Alert, Group, Loader, Paper, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CombinedError, OperationResult } from 'urql';

import { errorCodes, fieldErrors } from '../../graphql/client';
import i18n from '../../i18n';

type WithErrors = { errors: readonly { field?: string | null; message: string }[] };

/**
 * A mutation's outcome as form errors: `{}` when it worked, else messages keyed by field
 * (`_form` for the whole input, or a network / unexpected failure).
 */
export function outcome<T>(
  result: OperationResult<T>,
  pick: (data: T) => WithErrors | null | undefined,
  t: (key: string) => string,
): Record<string, string> {
  const payload = result.data ? pick(result.data) : null;
  if (!payload) {
    // Refused before it ran because the workspace is unpaid: say so, not "something went wrong".
    if (errorCodes(result.error).includes('PAYMENT_REQUIRED')) return { _form: t('common:errors.paymentRequired') };
    // `common:`: the caller's `t` may be a module's namespace, where these keys do not live.
    return { _form: t(result.error?.networkError ? 'common:errors.network' : 'common:errors.generic') };
  }
  return fieldErrors(payload.errors);
}

export function Section({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Title order={2} size="h4">
          {title}
        </Title>
        {actions}
      </Group>
      {children}
    </Paper>
  );
}

/** Loading / error states of a section's query. */
export function QueryState({ fetching, error }: { fetching: boolean; error?: CombinedError }) {
  const { t } = useTranslation();
  if (error)
    return (
      <Alert color="red" role="alert">
        {error.graphQLErrors[0]?.message ?? t('errors.generic')}
      </Alert>
    );
  if (fetching) return <Loader size="sm" role="status" aria-label={t('access:common.loading')} />;
  return null;
}

export function FormError({ errors }: { errors: Record<string, string> }) {
  if (!errors._form) return null;
  return (
    <Alert color="red" role="alert">
      {errors._form}
    </Alert>
  );
}

/** Role choices for a Select: built-in roles translated, custom roles by name; never "owner" unless allowed. */
export function roleOptions(
  roles: readonly { key: string; name: string; isBuiltIn: boolean }[],
  t: (key: string, options?: Record<string, unknown>) => string,
  { includeOwner = true }: { includeOwner?: boolean } = {},
) {
  return roles
    .filter((r) => includeOwner || r.key !== 'owner')
    .map((r) => ({ value: r.key, label: r.isBuiltIn ? t(`common:roles.${r.key}`, { defaultValue: r.name }) : r.name }));
}

export { isAdmin } from '../../auth/session';

/** A destructive text button (revoke, delete): red text dark enough for WCAG AA on white. */
export const danger = { variant: 'subtle', color: 'red', c: 'red.9' } as const;

/** A short toast whose close button is labelled (axe: button-name). */
export function toast({ message, color }: { message: string; color?: string }) {
  notifications.show({ message, color, autoClose: 4000, closeButtonProps: { 'aria-label': i18n.t('app.close') } });
}
