import { Alert, Anchor, Button, Group, List, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useMutation } from 'urql';

import { CustomFieldInputs, useCustomFieldForm } from '../../components/record/CustomFieldInputs';
import type { InteractionKind, LifecycleStage } from '../../gql/tenant/graphql';
import { FormError, outcome, toast } from '../access/common';
import { CreateCompanyDocument, CreateContactDocument, LogInteractionDocument } from './operations';
import { useCustomerOptions } from './options';

const STAGES: LifecycleStage[] = ['PROSPECT', 'ACTIVE', 'DORMANT', 'LOST'];
const KINDS: InteractionKind[] = ['CALL', 'EMAIL', 'MEETING', 'VISIT', 'CHAT', 'SOCIAL_MESSAGE', 'NOTE'];

/** "New company": name, industry, stage; owned by the creator; warns of likely duplicates first. */
export function NewCompanyButton({ onCreated, initiallyOpen = false }: { onCreated?: () => void; initiallyOpen?: boolean }) {
  const { t } = useTranslation('customers');
  const navigate = useNavigate();
  const { myUserId } = useCustomerOptions('COMPANY');
  const [open, setOpen] = useState(initiallyOpen);
  const [name, setName] = useState('');
  const [industry, setIndustry] = useState('');
  const [stage, setStage] = useState<string | null>('PROSPECT');
  const [duplicates, setDuplicates] = useState<{ id: string; name: string }[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [{ fetching }, create] = useMutation(CreateCompanyDocument);
  const custom = useCustomFieldForm('Company');

  const submit = async (event: FormEvent | null, allowDuplicate = false) => {
    event?.preventDefault();
    if (!custom.ready(setErrors)) return;
    const result = await create({
      input: {
        name,
        industry: industry || null,
        lifecycleStage: stage as LifecycleStage | null,
        ownerId: myUserId,
        allowDuplicate,
        customFields: custom.input(),
      },
    });
    const payload = result.data?.createCompany;
    if (payload?.duplicates.length && !payload.company) {
      setDuplicates(payload.duplicates);
      setErrors({});
      return;
    }
    const found = outcome(result, (d) => d.createCompany, t);
    setErrors(found);
    if (Object.keys(found).length || !payload?.company) return;
    setOpen(false);
    onCreated?.();
    navigate(`/customers/companies/${encodeURIComponent(payload.company.id)}`);
  };

  return (
    <>
      <Button onClick={() => setOpen(true)}>{t('company.new')}</Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('company.new')} closeButtonProps={{ 'aria-label': t('list.cancel') }}>
        <form onSubmit={(e) => submit(e)} noValidate>
          <Stack>
            <FormError errors={errors} />
            <TextInput label={t('company.name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} data-autofocus />
            <TextInput label={t('company.industry')} value={industry} onChange={(e) => setIndustry(e.currentTarget.value)} error={errors.industry} />
            <Select
              label={t('company.stage')}
              data={STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) }))}
              value={stage}
              onChange={setStage}
              allowDeselect={false}
            />
            <CustomFieldInputs form={custom} errors={errors} />
            {duplicates.length > 0 && (
              <Alert color="orange.9" styles={{ title: { color: 'var(--mantine-color-text)' } }} title={t('company.duplicates')}>
                <List size="sm">
                  {duplicates.map((d) => (
                    <List.Item key={d.id}>
                      <Anchor component={Link} to={`/customers/companies/${encodeURIComponent(d.id)}`} onClick={() => setOpen(false)}>
                        {d.name}
                      </Anchor>
                    </List.Item>
                  ))}
                </List>
                <Button mt="sm" size="xs" variant="default" onClick={() => submit(null, true)}>
                  {t('company.createAnyway')}
                </Button>
              </Alert>
            )}
            <Group justify="flex-end">
              <Button type="submit" loading={fetching}>
                {t('company.create')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

/** "New contact" (optionally of a company): name, title, email, phone; owned by the creator. */
export function NewContactButton({
  companyId,
  onCreated,
  label,
  initiallyOpen = false,
}: {
  companyId?: string;
  onCreated?: () => void;
  label?: string;
  initiallyOpen?: boolean;
}) {
  const { t } = useTranslation('customers');
  const { myUserId } = useCustomerOptions('CONTACT');
  const [open, setOpen] = useState(initiallyOpen);
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [title, setTitle] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [duplicates, setDuplicates] = useState<{ id: string; fullName: string }[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [{ fetching }, create] = useMutation(CreateContactDocument);
  const custom = useCustomFieldForm('Contact');

  const submit = async (event: FormEvent | null, allowDuplicate = false) => {
    event?.preventDefault();
    if (!custom.ready(setErrors)) return;
    const result = await create({
      input: {
        firstName,
        lastName: lastName || null,
        title: title || null,
        emails: email ? [email] : null,
        phones: phone ? [phone] : null,
        companyId: companyId ?? null,
        ownerId: myUserId,
        allowDuplicate,
        customFields: custom.input(),
      },
    });
    const payload = result.data?.createContact;
    if (payload?.duplicates.length && !payload.contact) {
      setDuplicates(payload.duplicates);
      return;
    }
    const found = outcome(result, (d) => d.createContact, t);
    setErrors(found);
    if (Object.keys(found).length) return;
    toast({ message: payload?.contact?.fullName ?? '', color: 'green' });
    setOpen(false);
    setFirstName('');
    setLastName('');
    setTitle('');
    setEmail('');
    setPhone('');
    setDuplicates([]);
    custom.reset();
    onCreated?.();
  };

  return (
    <>
      <Button onClick={() => setOpen(true)} variant={companyId ? 'default' : 'filled'} size={companyId ? 'xs' : 'sm'}>
        {label ?? t('contact.new')}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={label ?? t('contact.new')} closeButtonProps={{ 'aria-label': t('list.cancel') }}>
        <form onSubmit={(e) => submit(e)} noValidate>
          <Stack>
            <FormError errors={errors} />
            <Group grow>
              <TextInput label={t('contact.firstName')} required value={firstName} onChange={(e) => setFirstName(e.currentTarget.value)} error={errors.firstName} data-autofocus />
              <TextInput label={t('contact.lastName')} value={lastName} onChange={(e) => setLastName(e.currentTarget.value)} error={errors.lastName} />
            </Group>
            <TextInput label={t('contact.title')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} error={errors.title} />
            <TextInput label={t('contact.email')} type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={errors.emails} />
            <TextInput label={t('contact.phone')} type="tel" value={phone} onChange={(e) => setPhone(e.currentTarget.value)} error={errors.phones} />
            <CustomFieldInputs form={custom} errors={errors} />
            {duplicates.length > 0 && (
              <Alert color="orange.9" styles={{ title: { color: 'var(--mantine-color-text)' } }} title={t('company.duplicates')}>
                <List size="sm">
                  {duplicates.map((d) => (
                    <List.Item key={d.id}>
                      <Anchor component={Link} to={`/customers/contacts/${encodeURIComponent(d.id)}`} onClick={() => setOpen(false)}>
                        {d.fullName}
                      </Anchor>
                    </List.Item>
                  ))}
                </List>
                <Button mt="sm" size="xs" variant="default" onClick={() => submit(null, true)}>
                  {t('company.createAnyway')}
                </Button>
              </Alert>
            )}
            <Group justify="flex-end">
              <Button type="submit" loading={fetching}>
                {t('contact.create')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

/** Log a call (or meeting, email…) on a company's or contact's timeline. */
export function LogInteractionForm({ companyId, contactId, onLogged }: { companyId?: string; contactId?: string; onLogged: () => void }) {
  const { t } = useTranslation('customers');
  const [kind, setKind] = useState<string | null>('CALL');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [{ fetching }, log] = useMutation(LogInteractionDocument);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await log({
      input: { kind: (kind ?? 'CALL') as InteractionKind, subject: subject || null, body: body || null, companyId: companyId ?? null, contactId: contactId ?? null },
    });
    const found = outcome(result, (d) => d.logInteraction, t);
    setErrors(found);
    if (Object.keys(found).length) return;
    toast({ message: t('record.logged'), color: 'green' });
    setSubject('');
    setBody('');
    onLogged();
  };
  return (
    <form onSubmit={submit} noValidate data-testid="log-interaction">
      <Stack gap="xs">
        <FormError errors={errors} />
        <Group align="flex-start" wrap="wrap">
          <Select
            label={t('record.logKind')}
            data={KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
            value={kind}
            onChange={setKind}
            allowDeselect={false}
            w={160}
          />
          <TextInput label={t('record.subject')} value={subject} onChange={(e) => setSubject(e.currentTarget.value)} error={errors.subject} style={{ flex: 1 }} miw={200} />
        </Group>
        <Textarea label={t('record.notes')} value={body} onChange={(e) => setBody(e.currentTarget.value)} error={errors.body} autosize minRows={2} />
        <Group>
          <Button type="submit" loading={fetching}>
            {t('record.log')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
