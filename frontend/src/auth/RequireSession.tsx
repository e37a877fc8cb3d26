import { Alert, Button, Center, Loader, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';

import { WorkspaceFormatsProvider } from '../locale';
import { useSession } from './session';

/** Pages of the workspace: signed-in members only; others go to /login and come back after. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { state, refresh } = useSession();
  const location = useLocation();
  const { t } = useTranslation();
  if (state.status === 'loading') {
    return (
      <Center mih="100dvh">
        <Loader role="status" aria-label="Loading" />
      </Center>
    );
  }
  if (state.status === 'signed-out') {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search, ended: state.ended === true }} />;
  }
  if (state.status === 'error') {
    return (
      <Center mih="100dvh" p="md">
        <Stack>
          <Alert color="red" role="alert">
            {t('errors.network')}
          </Alert>
          <Button onClick={() => void refresh()}>{t('errors.retry')}</Button>
        </Stack>
      </Center>
    );
  }
  const { locale, currency, timeZone } = state.tenant;
  return <WorkspaceFormatsProvider value={{ locale, currency, timeZone }}>{children}</WorkspaceFormatsProvider>;
}
