import { useState } from 'react';
import { createBrowserRouter, RouterProvider, ScrollRestoration } from 'react-router';

import { ForgotPasswordPage } from './auth/ForgotPasswordPage';
import { LoginPage } from './auth/LoginPage';
import { ResetPasswordPage } from './auth/ResetPasswordPage';
import { RequireSession } from './auth/RequireSession';
import { SessionProvider } from './auth/session';
import { registry } from './modules';
import { NotFoundPage } from './modules/platform/NotFoundPage';
import { AppShell } from './shell/AppShell';
import { NotificationsProvider } from './shell/notifications';

/** A tenant's workspace: /login, and every module's pages inside the app shell. */
export function TenantApp() {
  const [router] = useState(() =>
    createBrowserRouter([
      { path: '/login', element: <LoginPage /> },
      { path: '/forgot-password', element: <ForgotPasswordPage /> },
      { path: '/reset-password', element: <ResetPasswordPage /> },
      ...registry.publicRoutes,
      {
        path: '/',
        element: (
          <RequireSession>
            {/* Back and Forward return to where the page was scrolled (lists keep their rows: useEntryState). */}
            <ScrollRestoration />
            <AppShell />
          </RequireSession>
        ),
        children: [...registry.routes, { path: '*', element: <NotFoundPage /> }],
      },
    ]),
  );
  return (
    <SessionProvider>
      <NotificationsProvider>
        <RouterProvider router={router} />
      </NotificationsProvider>
    </SessionProvider>
  );
}
