import { useState } from 'react';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';

import type { SiteInfo } from '../site';
import { FindWorkspacePage, PublicForgotPasswordPage } from './PublicAccountPages';
import { PublicLoginPage } from './PublicLoginPage';
import { SignupPage } from './SignupPage';

/** The public site (base domain): signup and login. No workspace data lives here. */
export function PublicApp({ site }: { site: SiteInfo }) {
  const [router] = useState(() =>
    createBrowserRouter([
    { path: '/', element: <SignupPage site={site} /> },
    { path: '/signup', element: <SignupPage site={site} /> },
    { path: '/login', element: <PublicLoginPage /> },
    { path: '/forgot-password', element: <PublicForgotPasswordPage /> },
    { path: '/find-workspace', element: <FindWorkspacePage /> },
      { path: '*', element: <Navigate to="/" replace /> },
    ]),
  );
  return <RouterProvider router={router} />;
}
