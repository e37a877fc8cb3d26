import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { fakeClient, renderWith } from '../test/render';
import { SignupPage } from './SignupPage';

const site = { site: 'public' as const, baseDomain: 'localhost', port: '8000', scheme: 'http' };

async function fill(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByLabelText(/Company name/), 'Globex Corp');
  await user.type(screen.getByLabelText(/Your name/), 'Hank Scorpio');
  await user.type(screen.getByLabelText(/Work email/), 'hank@globex.example.com');
  await user.type(screen.getByLabelText(/^Password/), 'a-strong-password-2026');
}

describe('SignupPage', () => {
  it('suggests the address, signs up and goes to the workspace with the hand-off token', async () => {
    const user = userEvent.setup();
    const redirect = vi.fn();
    const { client, calls } = fakeClient((query) =>
      query.includes('signUp')
        ? {
            data: {
              signUp: {
                token: 'tok',
                tenant: { name: 'Globex Corp', subdomain: 'globex-corp', url: 'http://globex-corp.localhost:8000' },
                errors: [],
              },
            },
          }
        : { data: { subdomainAvailability: { available: true, errors: [] } } },
    );
    renderWith(<SignupPage site={site} redirect={redirect} />, { client });
    await fill(user);
    expect(screen.getByLabelText(/Workspace address/)).toHaveValue('globex-corp');
    expect(screen.getByText('Your workspace will be at globex-corp.localhost:8000')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Create workspace' }));

    await waitFor(() => expect(redirect).toHaveBeenCalledWith('http://globex-corp.localhost:8000/#handoff=tok'));
    const signUp = calls.find((c) => c.query.includes('signUp'))!;
    expect(signUp.variables).toEqual({
      input: {
        companyName: 'Globex Corp',
        subdomain: 'globex-corp',
        fullName: 'Hank Scorpio',
        email: 'hank@globex.example.com',
        password: 'a-strong-password-2026',
      },
    });
  });

  it('shows each field’s error from the server next to the field', async () => {
    const user = userEvent.setup();
    const redirect = vi.fn();
    const { client } = fakeClient((query) =>
      query.includes('signUp')
        ? {
            data: {
              signUp: {
                token: null,
                tenant: null,
                errors: [
                  { field: 'subdomain', message: '"globex-corp" is taken.', code: 'taken' },
                  { field: 'password', message: 'This password is too common.', code: 'weak_password' },
                ],
              },
            },
          }
        : { data: { subdomainAvailability: { available: true, errors: [] } } },
    );
    renderWith(<SignupPage site={site} redirect={redirect} />, { client });
    await fill(user);
    await user.click(screen.getByRole('button', { name: 'Create workspace' }));

    expect(await screen.findByText('"globex-corp" is taken.')).toBeInTheDocument();
    expect(screen.getByText('This password is too common.')).toBeInTheDocument();
    expect(screen.getByLabelText(/Workspace address/)).toHaveAttribute('aria-invalid', 'true');
    expect(redirect).not.toHaveBeenCalled();
  });
});
