import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { Route, Routes } from 'react-router';
import { beforeEach, describe, expect, it } from 'vitest';

import { resetHandoffForTests, SessionProvider, useSession } from '../../auth/session';
import { decodeQrSvg } from '../../test/qr';
import { chooseOption, fakeClient, renderWith, testTenant, type Answer } from '../../test/render';
import i18n from '../../i18n';
import '..'; // registers the module's strings
import { AcceptInvitationPage } from './AcceptInvitationPage';
import { ApiKeysSection } from './ApiKeysSection';
import { InvitationsSection } from './InvitationsSection';
import { fieldRuleInputsOf, permissionsOf, recordTypesOf, RolesSection, sensitiveFieldsOf } from './RolesSection';
import { SecuritySection } from './SecuritySection';
import { UsersSection } from './UsersSection';

const TOTP_URI = 'otpauth://totp/Globex:hank%40globex.example.com?secret=JBSWY3DPEHPK3PXP&issuer=Globex';
const ME = { email: 'hank@globex.example.com', fullName: 'Hank Scorpio', role: 'owner' };
const TENANT = testTenant();
const ROLES = [
  { key: 'owner', name: 'Owner', description: '', isBuiltIn: true, permissions: [{ recordType: 'Company', action: 'READ', scope: 'ALL' }], fieldRules: [] },
  {
    key: 'sales',
    name: 'Sales',
    description: 'Built-in role.',
    isBuiltIn: true,
    permissions: [{ recordType: 'Contact', action: 'READ', scope: 'OWN' }],
    // Built-in roles list a rule for every sensitive field: the editor learns the fields from them.
    fieldRules: [
      { recordType: 'Company', field: 'credit_limit', rule: 'READ_ONLY' },
      { recordType: 'Contact', field: 'emails', rule: 'READ_ONLY' },
      { recordType: 'Contact', field: 'birthday', rule: 'READ_ONLY' },
    ],
  },
  {
    key: 'custom:1',
    name: 'Auditor',
    description: 'Reads all',
    isBuiltIn: false,
    permissions: [{ recordType: '*', action: 'READ', scope: 'ALL' }],
    fieldRules: [{ recordType: 'Contact', field: 'birthday', rule: 'HIDDEN' }],
  },
];
const member = (n: number, extra: Record<string, unknown> = {}) => ({
  id: `M${n}`,
  userId: n,
  isActive: true,
  email: n === 1 ? ME.email : `p${n}@globex.example.com`,
  fullName: n === 1 ? ME.fullName : `Person ${n}`,
  role: n === 1 ? 'owner' : 'sales',
  roleName: n === 1 ? 'Owner' : 'Sales',
  createdAt: '2026-01-02T10:00:00Z',
  ...extra,
});
const ok = (name: string, extra: Record<string, unknown> = {}) => ({ data: { [name]: { errors: [], ...extra } } });

/** A signed-in page: the Session query answers ME; everything else goes to `respond`. */
function signedIn(ui: ReactElement, respond: (query: string, variables: Record<string, unknown>) => Answer, route = '/') {
  const fake = fakeClient((query, variables) =>
    query.includes('query Session') ? { data: { me: ME, currentTenant: TENANT } } : respond(query, variables),
  );
  renderWith(<SessionProvider>{ui}</SessionProvider>, { client: fake.client, route });
  return fake;
}

const choose = chooseOption;

function WhenSignedIn({ children }: { children: ReactElement }) {
  const { state } = useSession();
  return state.status === 'signed-in' ? children : <p>status: {state.status}</p>;
}

describe('access settings', { timeout: 20_000 }, () => {
  beforeEach(() => {
    resetHandoffForTests();
    window.history.replaceState(null, '', '/');
  });

  it('lists members and changes a role', async () => {
    const user = userEvent.setup();
    const { calls } = signedIn(
      <WhenSignedIn>
        <UsersSection />
      </WhenSignedIn>,
      (query) => {
        if (query.includes('changeUserRole')) return ok('changeUserRole', { member: { id: 'M2', role: 'manager', roleName: 'Manager' } });
        return { data: { users: { totalCount: 2, edges: [{ node: member(1) }, { node: member(2) }] }, roles: ROLES } };
      },
    );
    const row = await screen.findByTestId('member-p2@globex.example.com');
    expect(within(row).getByText('Person 2')).toBeInTheDocument();
    expect(screen.getByText('2 members')).toBeInTheDocument();
    // You cannot change your own role here.
    expect(screen.getByRole('textbox', { name: 'Role of Hank Scorpio' })).toBeDisabled();
    await choose(user, within(row).getByRole('textbox', { name: 'Role of Person 2' }), 'Auditor');
    await waitFor(() => expect(calls.some((c) => c.query.includes('changeUserRole'))).toBe(true));
    expect(calls.find((c) => c.query.includes('changeUserRole'))!.variables).toEqual({ input: { memberId: 'M2', role: 'custom:1' } });
  });

  it('invites by email and shows the server’s refusal on the field', async () => {
    const user = userEvent.setup();
    const { calls } = signedIn(
      <WhenSignedIn>
        <InvitationsSection />
      </WhenSignedIn>,
      (query, variables) => {
        if (query.includes('inviteUser')) {
          const email = (variables.input as { email: string }).email;
          return email.includes('@')
            ? ok('inviteUser', { invitation: { id: 'I1', email } })
            : { data: { inviteUser: { invitation: null, errors: [{ field: 'email', message: 'Enter a valid email address.', code: 'invalid' }] } } };
        }
        return { data: { invitations: { edges: [] }, roles: ROLES, teams: { edges: [] } } };
      },
    );
    expect(await screen.findByText('No pending invitations.')).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: /Email address/ }), 'nope');
    await user.click(screen.getByRole('button', { name: 'Send invitation' }));
    expect(await screen.findByText('Enter a valid email address.')).toBeInTheDocument();
    await user.clear(screen.getByRole('textbox', { name: /Email address/ }));
    await user.type(screen.getByRole('textbox', { name: /Email address/ }), 'new@globex.example.com');
    await user.click(screen.getByRole('button', { name: 'Send invitation' }));
    await waitFor(() => expect(screen.getByRole('textbox', { name: /Email address/ })).toHaveValue(''));
    const sent = calls.filter((c) => c.query.includes('inviteUser')).at(-1)!;
    expect(sent.variables).toEqual({ input: { email: 'new@globex.example.com', role: 'sales', teamIds: [] } });
  });

  it('shows a new API key once', async () => {
    const user = userEvent.setup();
    signedIn(
      <WhenSignedIn>
        <ApiKeysSection />
      </WhenSignedIn>,
      (query) => {
        if (query.includes('createApiKey')) return ok('createApiKey', { key: 'crm_secret_123', apiKey: { id: 'K1' } });
        return { data: { apiKeys: { edges: [] }, roles: ROLES } };
      },
    );
    await user.type(await screen.findByRole('textbox', { name: /Key name/ }), 'Zapier');
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    expect(await screen.findByTestId('new-api-key')).toHaveTextContent('crm_secret_123');
    expect(screen.getByText('Copy this key now: it is not shown again.')).toBeInTheDocument();
  });

  it('edits a custom role’s grants per record type', async () => {
    expect(recordTypesOf(ROLES as never)).toEqual(['*', 'Company', 'Contact']);
    expect(permissionsOf({ '*|READ': 'ALL', 'Company|DELETE': 'OWN' })).toEqual([
      { recordType: '*', action: 'READ', scope: 'ALL' },
      { recordType: 'Company', action: 'DELETE', scope: 'OWN' },
    ]);
    const user = userEvent.setup();
    const { calls } = signedIn(
      <WhenSignedIn>
        <RolesSection />
      </WhenSignedIn>,
      (query) => (query.includes('createRole') ? ok('createRole', { role: { key: 'custom:2' } }) : { data: { roles: ROLES } }),
    );
    await user.click(await screen.findByRole('button', { name: 'New role' }));
    await user.type(await screen.findByRole('textbox', { name: /Name/ }), 'Closer');
    await choose(user, screen.getByRole('textbox', { name: 'Update Company' }), 'Team');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(calls.some((c) => c.query.includes('createRole'))).toBe(true));
    expect(calls.find((c) => c.query.includes('createRole'))!.variables).toEqual({
      input: {
        name: 'Closer',
        description: '',
        permissions: [
          { recordType: '*', action: 'READ', scope: 'ALL' },
          { recordType: 'Company', action: 'UPDATE', scope: 'TEAM' },
        ],
        fieldRules: [],
      },
    });
  });

  it('edits a custom role’s field rules: defaults shown, saved through the mutation, server errors shown', async () => {
    expect(sensitiveFieldsOf(ROLES as never)).toEqual(['Company|credit_limit', 'Contact|birthday', 'Contact|emails']);
    expect(fieldRuleInputsOf({ 'Contact|emails': 'HIDDEN' })).toEqual([{ recordType: 'Contact', field: 'emails', rule: 'HIDDEN' }]);
    const user = userEvent.setup();
    let refuse = true;
    const { calls } = signedIn(
      <WhenSignedIn>
        <RolesSection />
      </WhenSignedIn>,
      (query) => {
        if (!query.includes('updateRole')) return { data: { roles: ROLES } };
        if (refuse) {
          refuse = false;
          return { data: { updateRole: { role: null, errors: [{ field: 'fieldRules', message: '"emails: hidden" is not allowed.', code: 'invalid' }] } } };
        }
        return ok('updateRole', { role: { key: 'custom:1' } });
      },
    );
    await user.click(await screen.findByRole('button', { name: 'Edit' }));
    const rules = await screen.findByTestId('field-rules');
    expect(within(rules).getByRole('textbox', { name: 'Rule for Company Credit limit' })).toHaveValue('Visible and editable');
    expect(within(rules).getByRole('textbox', { name: 'Rule for Contact Birthday' })).toHaveValue('Hidden');
    await choose(user, within(rules).getByRole('textbox', { name: 'Rule for Contact Emails' }), 'Hidden');
    await choose(user, within(rules).getByRole('textbox', { name: 'Rule for Contact Birthday' }), 'Visible and editable');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('"emails: hidden" is not allowed.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(calls.filter((c) => c.query.includes('updateRole'))).toHaveLength(2));
    expect(calls.filter((c) => c.query.includes('updateRole'))[1].variables).toEqual({
      input: {
        key: 'custom:1',
        name: 'Auditor',
        description: 'Reads all',
        permissions: [{ recordType: '*', action: 'READ', scope: 'ALL' }],
        fieldRules: [{ recordType: 'Contact', field: 'emails', rule: 'HIDDEN' }],
      },
    });
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('shows a built-in role’s field rules read-only', async () => {
    const user = userEvent.setup();
    signedIn(
      <WhenSignedIn>
        <RolesSection />
      </WhenSignedIn>,
      () => ({ data: { roles: ROLES } }),
    );
    await user.click((await screen.findAllByRole('button', { name: 'View' }))[1]);
    const rules = await screen.findByTestId('field-rules');
    expect(within(rules).getAllByText('Read-only')).toHaveLength(3);
    expect(within(rules).queryByRole('textbox')).not.toBeInTheDocument();
  });

  it('in Chinese, built-in role descriptions, record types and field names are Chinese', async () => {
    await i18n.changeLanguage('zh-CN');
    try {
      const user = userEvent.setup();
      const roles = ROLES.map((r) => (r.key === 'sales' ? { ...r, permissions: [...r.permissions, { recordType: 'ContactGroup', action: 'READ', scope: 'OWN' }] } : r));
      signedIn(
        <WhenSignedIn>
          <RolesSection />
        </WhenSignedIn>,
        () => ({ data: { roles } }),
      );
      const table = await screen.findByTestId('roles-table');
      expect(table).toHaveTextContent('处理自己的客户');
      expect(table).not.toHaveTextContent('Built-in role');
      await user.click((await screen.findAllByRole('button', { name: '查看' }))[1]);
      const dialog = await screen.findByRole('dialog');
      for (const type of ['联系人', '联系人分组', '公司']) expect(within(dialog).getAllByText(type).length).toBeGreaterThan(0);
      expect(within(dialog).getByText('信用额度')).toBeInTheDocument();
      expect(within(dialog).queryByText('ContactGroup')).not.toBeInTheDocument();
      expect(within(dialog).queryByText('Company')).not.toBeInTheDocument();
    } finally {
      await i18n.changeLanguage('en');
    }
  });

  it('sets up two-step sign-in with a code and lists sessions', async () => {
    const user = userEvent.setup();
    let enabled = false;
    const { calls } = signedIn(
      <WhenSignedIn>
        <SecuritySection />
      </WhenSignedIn>,
      (query) => {
        if (query.includes('setUpTwoFactor')) return ok('setUpTwoFactor', { secret: 'JBSWY3DPEHPK3PXP', provisioningUri: TOTP_URI });
        if (query.includes('confirmTwoFactor')) {
          enabled = true;
          return ok('confirmTwoFactor', { ok: true });
        }
        return {
          data: {
            twoFactorEnabled: enabled,
            mySessions: [
              {
                id: 'S1',
                kind: 'session',
                createdAt: '2026-01-02T10:00:00Z',
                lastUsedAt: new Date(Date.now() - 3 * 60_000).toISOString(),
                userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X)',
                device: { browser: 'Mobile Safari 17', operatingSystem: 'iOS 17.2', model: 'iPhone' },
                ipAddress: '203.0.113.7',
                workspace: 'globex',
                current: true,
              },
              {
                id: 'S2',
                kind: 'token',
                createdAt: '2026-01-01T10:00:00Z',
                lastUsedAt: null,
                userAgent: 'python-httpx/0.27',
                device: { browser: null, operatingSystem: null, model: null },
                ipAddress: null,
                workspace: null,
                current: false,
              },
            ],
          },
        };
      },
    );
    expect(await screen.findByText('This browser')).toBeInTheDocument();
    // Device in words (not the raw user agent), where from, and how long ago it was used.
    const rows = within(screen.getByTestId('sessions-table')).getAllByRole('row').slice(1);
    expect(within(rows[0]).getByTestId('session-device')).toHaveTextContent('Mobile Safari 17 on iOS 17.2 · iPhone');
    expect(within(rows[0]).getByTestId('session-place')).toHaveTextContent('203.0.113.7');
    expect(rows[0]).toHaveTextContent('3 minutes ago');
    expect(within(rows[1]).getByTestId('session-device')).toHaveTextContent('Unknown device');
    expect(within(rows[1]).getByTestId('session-place')).toHaveTextContent('—');
    expect(screen.getAllByRole('button', { name: /Sign out the/ })).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Set up two-step sign-in' }));
    expect(await screen.findByTestId('totp-secret')).toHaveTextContent('JBSWY3DPEHPK3PXP');
    const qr = screen.getByRole('img', { name: 'QR code for your authenticator app' }) as unknown as SVGSVGElement;
    expect(decodeQrSvg(qr)).toBe(TOTP_URI);
    await user.type(screen.getByRole('textbox', { name: 'Authenticator code' }), '123456');
    await user.click(screen.getByRole('button', { name: 'Turn on' }));
    expect(await screen.findByTestId('two-factor-status')).toHaveTextContent('On');
    expect(calls.find((c) => c.query.includes('confirmTwoFactor'))!.variables).toEqual({ input: { code: '123456' } });
  });

  it('accepts an invitation and trades its token for a session', async () => {
    const user = userEvent.setup();
    let started = false;
    const { client, calls } = fakeClient((query) => {
      if (query.includes('acceptInvitation')) return ok('acceptInvitation', { token: 'tok-9' });
      if (query.includes('startSession')) {
        started = true;
        return ok('startSession', { me: { email: 'new@globex.example.com' } });
      }
      return started
        ? { data: { me: { ...ME, email: 'new@globex.example.com', role: 'sales' }, currentTenant: TENANT } }
        : { errors: [{ message: 'Sign in', extensions: { code: 'UNAUTHENTICATED' } }] };
    });
    renderWith(
      <SessionProvider>
        <Routes>
          <Route path="/accept-invitation" element={<AcceptInvitationPage />} />
          <Route path="/" element={<p>workspace home</p>} />
        </Routes>
      </SessionProvider>,
      { client, route: '/accept-invitation?token=abc' },
    );
    await user.type(await screen.findByRole('textbox', { name: 'Your name' }), 'Nia New');
    await user.type(screen.getByLabelText(/Password/, { selector: 'input' }), 'Long-Passphrase-1');
    await user.click(screen.getByRole('button', { name: 'Join the workspace' }));
    expect(await screen.findByText('workspace home')).toBeInTheDocument();
    expect(calls.find((c) => c.query.includes('acceptInvitation'))!.variables).toEqual({
      input: { token: 'abc', password: 'Long-Passphrase-1', fullName: 'Nia New', otpCode: null },
    });
    expect(calls.find((c) => c.query.includes('startSession'))!.headers.Authorization).toBe('Bearer tok-9');
  });
});
