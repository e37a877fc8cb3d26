import { Button, Checkbox, Code, Group, PasswordInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';

import { ShownOnce } from '../../components/ShownOnce';
import type { UnknownSenders } from '../../gql/tenant/graphql';
import { FormError, QueryState, Section, outcome, toast } from '../access/common';
import { ConnectEmailInboxDocument, ConnectSmsNumberDocument, EmailInboxDocument, SmsNumberDocument } from './operations';
import { StatusBadge } from '../../components/StatusBadge';

/** "New contact" / "New lead": what a message from someone the workspace does not know becomes. */
function UnknownSendersSelect({ value, onChange }: { value: UnknownSenders; onChange: (value: UnknownSenders) => void }) {
  const { t } = useTranslation('integrations');
  return (
    <Select
      label={t('channels.unknownSenders')}
      data={[
        { value: 'CONTACT', label: t('channels.newContact') },
        { value: 'LEAD', label: t('channels.newLead') },
      ]}
      value={value}
      onChange={(v) => v && onChange(v as UnknownSenders)}
      allowDeselect={false}
    />
  );
}

/** The URL to give the provider, and whether the channel is on. */
function InboundUrl({ url, enabled, testId }: { url: string; enabled: boolean; testId: string }) {
  const { t } = useTranslation('integrations');
  return (
    <Group gap="xs" data-testid={testId}>
      <Text size="sm">{t('channels.inboundUrl')}</Text>
      <Code style={{ overflowWrap: 'anywhere' }}>{url}</Code>
      <StatusBadge variant="outline" tone={enabled ? 'positive' : 'neutral'}>
        {enabled ? t('channels.on') : t('channels.off')}
      </StatusBadge>
    </Group>
  );
}

/** Settings → E-mail inbox (owners and admins): the inbox's address, its signed inbound hook, unknown senders. */
export function EmailInboxSection() {
  const { t } = useTranslation('integrations');
  const [{ data, fetching, error }, refetch] = useQuery({ query: EmailInboxDocument });
  const [{ fetching: saving }, connect] = useMutation(ConnectEmailInboxDocument);
  const inbox = data?.emailInbox;
  const [address, setAddress] = useState('');
  const [unknown, setUnknown] = useState<UnknownSenders>('CONTACT');
  const [enabled, setEnabled] = useState(true);
  const [secret, setSecret] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    if (!inbox) return;
    setAddress(inbox.address);
    setUnknown(inbox.unknownSenders);
    setEnabled(inbox.enabled);
  }, [inbox]);

  const save = async (rotateSecret: boolean) => {
    const result = await connect({ input: { address: address.trim(), unknownSenders: unknown, enabled, rotateSecret } });
    const found = outcome(result, (d) => d.connectEmailInbox, t);
    setErrors(found);
    if (Object.keys(found).length) return;
    setSecret(result.data?.connectEmailInbox.secret ?? null);
    toast({ message: t('channels.saved') });
    refetch({ requestPolicy: 'network-only' });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(false);
  };

  return (
    <Section title={t('email.title')}>
      <Stack>
        <Text size="sm">{t('email.intro')}</Text>
        <QueryState fetching={fetching && !data} error={error} />
        {inbox && <InboundUrl url={inbox.inboundUrl} enabled={inbox.enabled} testId="email-inbound-url" />}
        {secret && (
          <ShownOnce
            title={t('secretTitle')}
            value={secret}
            label={t('secret')}
            testId="email-inbox-secret"
            copyLabel={t('copy')}
            copiedLabel={t('copied')}
            closeLabel={t('cancel')}
            onClose={() => setSecret(null)}
          />
        )}
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <Group align="flex-start" wrap="wrap">
              <TextInput label={t('email.address')} description={t('email.addressHelp')} type="email" required value={address} onChange={(e) => setAddress(e.currentTarget.value)} error={errors.address} />
              <UnknownSendersSelect value={unknown} onChange={setUnknown} />
            </Group>
            <Checkbox label={t('channels.enabled')} checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
            <Group>
              <Button type="submit" loading={saving}>
                {inbox ? t('channels.save') : t('email.connect')}
              </Button>
              {inbox && (
                <Button variant="default" onClick={() => void save(true)} disabled={saving}>
                  {t('rotate')}
                </Button>
              )}
            </Group>
          </Stack>
        </form>
        <FormError errors={errors} />
      </Stack>
    </Section>
  );
}

/** Settings → SMS (owners and admins): the provider's account and number, its messaging webhook, unknown senders. */
export function SmsNumberSection() {
  const { t } = useTranslation('integrations');
  const [{ data, fetching, error }, refetch] = useQuery({ query: SmsNumberDocument });
  const [{ fetching: saving }, connect] = useMutation(ConnectSmsNumberDocument);
  const number = data?.smsNumber;
  const [accountSid, setAccountSid] = useState('');
  const [phoneNumber, setPhoneNumber] = useState('');
  const [authToken, setAuthToken] = useState('');
  const [unknown, setUnknown] = useState<UnknownSenders>('CONTACT');
  const [enabled, setEnabled] = useState(true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    if (!number) return;
    setAccountSid(number.accountSid);
    setPhoneNumber(number.phoneNumber);
    setUnknown(number.unknownSenders);
    setEnabled(number.enabled);
  }, [number]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input = { accountSid: accountSid.trim(), phoneNumber: phoneNumber.trim(), authToken: authToken.trim() || null, unknownSenders: unknown, enabled };
    const found = outcome(await connect({ input }), (d) => d.connectSmsNumber, t);
    setErrors(found);
    if (Object.keys(found).length) return;
    setAuthToken('');
    toast({ message: t('channels.saved') });
    refetch({ requestPolicy: 'network-only' });
  };

  return (
    <Section title={t('sms.title')}>
      <Stack>
        <Text size="sm">{t('sms.intro')}</Text>
        <QueryState fetching={fetching && !data} error={error} />
        {number && <InboundUrl url={number.inboundUrl} enabled={number.enabled} testId="sms-inbound-url" />}
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <Group align="flex-start" wrap="wrap">
              <TextInput label={t('sms.accountSid')} required value={accountSid} onChange={(e) => setAccountSid(e.currentTarget.value)} error={errors.accountSid} />
              <TextInput label={t('sms.phoneNumber')} description={t('sms.phoneHelp')} required value={phoneNumber} onChange={(e) => setPhoneNumber(e.currentTarget.value)} error={errors.phoneNumber} />
              <PasswordInput
                label={t('sms.authToken')}
                description={number ? t('sms.authTokenKept') : t('sms.authTokenHelp')}
                required={!number}
                value={authToken}
                onChange={(e) => setAuthToken(e.currentTarget.value)}
                error={errors.authToken}
                autoComplete="off"
              />
              <UnknownSendersSelect value={unknown} onChange={setUnknown} />
            </Group>
            <Checkbox label={t('channels.enabled')} checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
            <Group>
              <Button type="submit" loading={saving}>
                {number ? t('channels.save') : t('sms.connect')}
              </Button>
            </Group>
          </Stack>
        </form>
        <FormError errors={errors} />
      </Stack>
    </Section>
  );
}
