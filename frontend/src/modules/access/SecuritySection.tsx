import { Alert, Anchor, Badge, Button, Code, Group, PasswordInput, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';

import { QrCode } from '../../components/QrCode';
import { useFormat } from '../../locale';
import { FormError, outcome, QueryState, Section, danger, toast } from './common';
import {
  ChangePasswordDocument,
  ConfirmTwoFactorDocument,
  DisableTwoFactorDocument,
  RevokeSessionDocument,
  SecurityDocument,
  SetUpTwoFactorDocument,
} from './operations';
import { StatusBadge } from '../../components/StatusBadge';

/** The member's own security: two-step sign-in (TOTP), where they are signed in, their password. */
export function SecuritySection() {
  const { t } = useTranslation('access');
  const [{ data, fetching, error }, refetch] = useQuery({ query: SecurityDocument });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  return (
    <Stack>
      <QueryState fetching={fetching && !data} error={error} />
      {data && <TwoFactor enabled={data.twoFactorEnabled} onChange={reload} />}
      {data && <Sessions sessions={data.mySessions} onChange={reload} />}
      <Password />
      {!data && !fetching && !error && <Text size="sm">{t('common.loading')}</Text>}
    </Stack>
  );
}

function TwoFactor({ enabled, onChange }: { enabled: boolean; onChange: () => void }) {
  const { t } = useTranslation('access');
  const [, setUp] = useMutation(SetUpTwoFactorDocument);
  const [{ fetching: confirming }, confirm] = useMutation(ConfirmTwoFactorDocument);
  const [{ fetching: disabling }, disable] = useMutation(DisableTwoFactorDocument);
  const [setup, setSetup] = useState<{ secret: string; uri: string } | null>(null);
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const start = async () => {
    const result = await setUp({});
    const found = outcome(result, (d) => d.setUpTwoFactor, t);
    setErrors(found);
    const payload = result.data?.setUpTwoFactor;
    if (!Object.keys(found).length && payload?.secret) setSetup({ secret: payload.secret, uri: payload.provisioningUri ?? '' });
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = enabled
      ? outcome(await disable({ input: { code } }), (d) => d.disableTwoFactor, t)
      : outcome(await confirm({ input: { code } }), (d) => d.confirmTwoFactor, t);
    setErrors(found);
    if (Object.keys(found).length) return;
    toast({ message: enabled ? t('security.disabled') : t('security.enabled'), color: 'green' });
    setSetup(null);
    setCode('');
    onChange();
  };

  const codeForm = (action: string, loading: boolean) => (
    <form onSubmit={submit} noValidate>
      <Group align="flex-start">
        <TextInput
          label={t('security.code')}
          inputMode="numeric"
          autoComplete="one-time-code"
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          error={errors.code}
          w={200}
        />
        <Button type="submit" loading={loading} mt={25} color={enabled ? 'red.9' : undefined}>
          {action}
        </Button>
      </Group>
    </form>
  );

  return (
    <Section
      title={t('security.twoFactor')}
      actions={
        <StatusBadge variant="outline" tone={enabled ? 'positive' : 'neutral'} data-testid="two-factor-status">
          {enabled ? t('security.on') : t('security.off')}
        </StatusBadge>
      }
    >
      <Stack>
        <Text size="sm">{enabled ? t('security.twoFactorOn') : t('security.twoFactorOff')}</Text>
        <FormError errors={errors} />
        {enabled && codeForm(t('security.disable'), disabling)}
        {!enabled && !setup && (
          <Group>
            <Button onClick={start}>{t('security.enable')}</Button>
          </Group>
        )}
        {!enabled && setup && (
          <Alert color="blue.8" variant="light">
            <Stack gap="xs">
              <Text size="sm">{t('security.scan')}</Text>
              {setup.uri && <QrCode text={setup.uri} label={t('security.qrLabel')} testId="totp-qr" />}
              <Text size="sm">
                {t('security.secret')}:{' '}
                <Code data-testid="totp-secret" style={{ overflowWrap: 'anywhere' }}>
                  {setup.secret}
                </Code>
              </Text>
              {setup.uri && (
                <Anchor href={setup.uri} size="sm">
                  {t('security.openApp')}
                </Anchor>
              )}
              {codeForm(t('security.confirm'), confirming)}
            </Stack>
          </Alert>
        )}
      </Stack>
    </Section>
  );
}

interface SessionRow {
  id: string;
  kind: string;
  createdAt: string;
  lastUsedAt?: string | null;
  userAgent: string;
  device: { browser?: string | null; operatingSystem?: string | null; model?: string | null };
  ipAddress?: string | null;
  workspace?: string | null;
  current: boolean;
}

/** "Chrome 131 on Windows 10 · iPhone", in the interface language; the raw user agent stays in the tooltip. */
function deviceName(device: SessionRow['device'], t: (key: string, options?: Record<string, unknown>) => string): string {
  const { browser, operatingSystem: system, model } = device;
  const named = browser && system ? t('security.deviceOn', { browser, system }) : (browser ?? system);
  if (!named) return model ?? t('security.unknownDevice');
  return model ? `${named} · ${model}` : named;
}

function Sessions({ sessions, onChange }: { sessions: readonly SessionRow[]; onChange: () => void }) {
  const { t } = useTranslation('access');
  const format = useFormat();
  const [, revoke] = useMutation(RevokeSessionDocument);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const onRevoke = async (id: string) => {
    setErrors(outcome(await revoke({ input: { id } }), (d) => d.revokeSession, t));
    onChange();
  };
  return (
    <Section title={t('security.sessions')}>
      <FormError errors={errors} />
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="xs" data-testid="sessions-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('security.device')}</Table.Th>
              <Table.Th>{t('security.place')}</Table.Th>
              <Table.Th>{t('security.workspace')}</Table.Th>
              <Table.Th>{t('common.created')}</Table.Th>
              <Table.Th>{t('security.lastUsed')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sessions.map((s) => {
              const kind = t(`security.kind.${s.kind}`, { defaultValue: s.kind });
              return (
                <Table.Tr key={s.id} data-current={s.current || undefined}>
                  <Table.Td>
                    <Text size="sm" title={s.userAgent} data-testid="session-device">
                      {deviceName(s.device, t)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {kind}
                    </Text>
                    {s.current && (
                      <Badge size="xs" variant="outline" color="teal.9">
                        {t('security.current')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td data-testid="session-place">{s.ipAddress ?? '—'}</Table.Td>
                  <Table.Td>{s.workspace ?? '—'}</Table.Td>
                  <Table.Td>{format.dateTime(s.createdAt)}</Table.Td>
                  <Table.Td>{s.lastUsedAt ? format.relative(s.lastUsedAt) : '—'}</Table.Td>
                  <Table.Td>
                    {!s.current && (
                      <Button
                        size="xs"
                        {...danger}
                        aria-label={t('security.revokeLabel', { kind, when: format.dateTime(s.createdAt) })}
                        onClick={() => onRevoke(s.id)}
                      >
                        {t('security.revoke')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Section>
  );
}

function Password() {
  const { t } = useTranslation('access');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [{ fetching }, change] = useMutation(ChangePasswordDocument);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = outcome(await change({ input: { currentPassword: current, newPassword: next } }), (d) => d.changePassword, t);
    setErrors(found);
    if (Object.keys(found).length) return;
    toast({ message: t('security.passwordChanged'), color: 'green' });
    setCurrent('');
    setNext('');
  };
  return (
    <Section title={t('security.password')}>
      <form onSubmit={submit} noValidate>
        <Stack maw={360}>
          <FormError errors={errors} />
          <PasswordInput label={t('security.currentPassword')} autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.currentTarget.value)} error={errors.currentPassword} />
          <PasswordInput label={t('security.newPassword')} autoComplete="new-password" value={next} onChange={(e) => setNext(e.currentTarget.value)} error={errors.newPassword} />
          <Group>
            <Button type="submit" loading={fetching}>
              {t('security.changePassword')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}
