import { Anchor, Button, Group, Paper, Select, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useMutation } from 'urql';

import { registry } from '..';
import { isAdmin, useMember, useSession } from '../../auth/session';
import { BusinessHoursSection } from '../../components/BusinessHours';
import { formatCurrency, formatDate, formatNumber } from '../../format';
import { graphql } from '../../gql/tenant';
import { useFormat } from '../../locale';
import { FormError, outcome, toast } from '../access/common';
import { visibleNav } from '../registry';

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <>
      <Text component="dt" size="sm" fw={600}>
        {label}
      </Text>
      <Text component="dd" size="sm" m={0} style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </>
  );
}

export const UpdateWorkspaceDocument = graphql(`
  mutation UpdateWorkspace($input: UpdateWorkspaceInput!) {
    updateWorkspace(input: $input) {
      tenant {
        name
        locale
        currency
        timeZone
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

/** Locales offered in the picker; the server accepts any valid BCP 47 tag. */
export const LOCALES = ['en-US', 'en-GB', 'zh-CN', 'zh-TW', 'zh-HK', 'ja-JP', 'ko-KR', 'de-DE', 'fr-FR', 'es-ES', 'pt-BR', 'it-IT', 'ru-RU', 'ar-SA', 'hi-IN'];

function supported(kind: 'currency' | 'timeZone', current: string): string[] {
  const values = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf(kind) : [];
  return values.includes(current) ? values : [current, ...values];
}

/** Name, locale, currency and time zone of the workspace: owners and admins edit, everyone sees. */
function WorkspaceSettingsForm() {
  const { t, i18n } = useTranslation();
  const { tenant } = useMember();
  const { refresh } = useSession();
  const [values, setValues] = useState({
    name: tenant.name,
    locale: tenant.locale,
    currency: tenant.currency,
    timeZone: tenant.timeZone,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [{ fetching }, update] = useMutation(UpdateWorkspaceDocument);
  const names = useMemo(() => new Intl.DisplayNames([i18n.language], { type: 'language' }), [i18n.language]);
  const locales = useMemo(
    () => (LOCALES.includes(values.locale) ? LOCALES : [values.locale, ...LOCALES]).map((l) => ({ value: l, label: `${names.of(l) ?? l} (${l})` })),
    [names, values.locale],
  );
  const currencies = useMemo(() => supported('currency', values.currency), [values.currency]);
  const zones = useMemo(() => supported('timeZone', values.timeZone), [values.timeZone]);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const next = outcome(await update({ input: values }), (d) => d.updateWorkspace, t);
    setErrors(next);
    if (Object.keys(next).length === 0) {
      toast({ message: t('settings.saved'), color: 'green' });
      await refresh(); // the whole app now formats with the new settings
    }
  };
  return (
    <form onSubmit={submit} aria-label={t('settings.company')}>
      <Stack gap="sm" maw={480}>
        <TextInput
          label={t('settings.companyName')}
          value={values.name}
          onChange={(e) => setValues({ ...values, name: e.currentTarget.value })}
          error={errors.name}
          required
        />
        {(
          [
            ['locale', 'settings.formatsLocale', locales],
            ['currency', 'settings.currency', currencies],
            ['timeZone', 'settings.timeZone', zones],
          ] as const
        ).map(([key, label, data]) => (
          <Select
            key={key}
            label={t(label)}
            data={data}
            value={values[key]}
            onChange={(value) => value && setValues({ ...values, [key]: value })}
            error={errors[key]}
            searchable
            allowDeselect={false}
          />
        ))}
        <FormError errors={errors} />
        <Group>
          <Button type="submit" loading={fetching}>
            {t('settings.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Company profile and business hours (editable by owners and admins) and the member's own profile. */
export function CompanyProfile() {
  const { t } = useTranslation();
  const { me, tenant } = useMember();
  const format = useFormat();
  // The setting's own formats (exports, emails, readers of that language), not the reader's interface language.
  const own = { locale: tenant.locale, currency: tenant.currency, timeZone: format.timeZone };
  const example = `${formatDate(new Date(2026, 0, 31), own)} · ${formatNumber(1234567.89, own)} · ${formatCurrency(1234.5, own)}`;
  return (
    <Stack>
      <Paper withBorder p="md" radius="md">
        <Title order={2} size="h4" mb="sm">
          {t('settings.company')}
        </Title>
        <dl className="dl-grid" data-testid="company-profile">
          <Field label={t('settings.companyName')}>{tenant.name}</Field>
          <Field label={t('settings.subdomain')}>{tenant.subdomain}</Field>
          <Field label={t('settings.url')}>
            <Anchor href={tenant.url}>{tenant.url}</Anchor>
          </Field>
          <Field label={t('settings.locale')}>
            <span data-testid="format-example">{t('settings.localeHint', { example })}</span>
          </Field>
        </dl>
        {isAdmin(me.role) && <WorkspaceSettingsForm />}
      </Paper>
      <BusinessHoursSection />
      <Paper withBorder p="md" radius="md">
        <Title order={2} size="h4" mb="sm">
          {t('settings.profile')}
        </Title>
        <dl className="dl-grid">
          <Field label={t('settings.fullName')}>{me.fullName}</Field>
          <Field label={t('settings.email')}>{me.email}</Field>
          <Field label={t('settings.role')}>{t(`roles.${me.role}`, { defaultValue: me.role })}</Field>
        </dl>
      </Paper>
    </Stack>
  );
}

/** /settings/:section — one tab per settings section any module registered. */
export function SettingsPage() {
  const { t } = useTranslation();
  const { me } = useMember();
  const navigate = useNavigate();
  const sections = visibleNav(registry.settingsSections, me.role);
  const { section = sections[0]?.id } = useParams();
  return (
    <>
      <Title order={1} size="h2" mb="md">
        {t('settings.title')}
      </Title>
      <Tabs value={section} onChange={(value) => value && navigate(`/settings/${value}`)} keepMounted={false}>
        <Tabs.List mb="md">
          {sections.map((s) => (
            <Tabs.Tab key={s.id} value={s.id}>
              {t(s.label)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {sections.map(({ id, component: Section }) => (
          <Tabs.Panel key={id} value={id}>
            <Section />
          </Tabs.Panel>
        ))}
      </Tabs>
    </>
  );
}
