import { Anchor, Button, Checkbox, Group, Paper, Select, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useMutation } from 'urql';

import { registry } from '..';
import { isAdmin, useMember, useSession } from '../../auth/session';
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

export const UpdateBusinessHoursDocument = graphql(`
  mutation UpdateBusinessHours($input: UpdateWorkspaceInput!) {
    updateWorkspace(input: $input) {
      tenant {
        businessHours {
          weekday
          open
          opensAt
          closesAt
        }
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export interface BusinessDay {
  weekday: number;
  open: boolean;
  opensAt?: string | null;
  closesAt?: string | null;
}

/** The weekday's name in the interface language (0 = Monday; 1 January 2024 was a Monday). */
function weekdayName(weekday: number, language: string): string {
  return new Intl.DateTimeFormat(language, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1 + weekday)));
}

/** The week as a line everyone reads: "Monday 09:00–17:00 · … · Sunday Closed". */
function BusinessHoursSummary({ days }: { days: readonly BusinessDay[] }) {
  const { t, i18n } = useTranslation();
  return (
    <span data-testid="business-hours">
      {days
        .map((d) => `${weekdayName(d.weekday, i18n.language)} ${d.open ? t('settings.dayHours', { opens: d.opensAt, closes: d.closesAt }) : t('settings.closed')}`)
        .join(' · ')}
    </span>
  );
}

/** Business hours per weekday (owners and admins): open or closed, opening and closing time. */
function BusinessHoursForm({ days }: { days: readonly BusinessDay[] }) {
  const { t, i18n } = useTranslation();
  const { tenant } = useMember();
  const { refresh } = useSession();
  const [week, setWeek] = useState(() =>
    days.map((d) => ({ weekday: d.weekday, open: d.open, opensAt: d.opensAt ?? '09:00', closesAt: d.closesAt ?? '17:00' })),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [{ fetching }, update] = useMutation(UpdateBusinessHoursDocument);
  const change = (weekday: number, patch: Partial<(typeof week)[number]>) => setWeek(week.map((d) => (d.weekday === weekday ? { ...d, ...patch } : d)));

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const open = week.filter((d) => d.open);
    const found = outcome(
      await update({ input: { businessHours: open.map(({ weekday, opensAt, closesAt }) => ({ weekday, opensAt, closesAt })) } }),
      (d) => d.updateWorkspace,
      t,
    );
    // The server names a problem by its place in the list sent: show it on that weekday's row.
    const byWeekday: Record<string, string> = {};
    for (const [field, message] of Object.entries(found)) {
      const match = /^businessHours\.(\d+)\.(\w+)$/.exec(field);
      const day = match ? open[Number(match[1])] : undefined;
      byWeekday[day ? `${day.weekday}.${match?.[2]}` : '_form'] = message;
    }
    setErrors(byWeekday);
    if (Object.keys(byWeekday).length === 0) {
      toast({ message: t('settings.hoursSaved'), color: 'green' });
      await refresh(); // colleagues' pages follow through the workspace_changed notification
    }
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t('settings.businessHours')}>
      <Stack gap="sm" maw={560} mt="md">
        <Title order={3} size="h5">
          {t('settings.businessHours')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('settings.businessHoursHint', { timeZone: tenant.timeZone })}
        </Text>
        <Table data-testid="business-hours-form">
          <Table.Tbody>
            {week.map((d) => {
              const day = weekdayName(d.weekday, i18n.language);
              return (
                <Table.Tr key={d.weekday}>
                  <Table.Td>
                    <Checkbox label={day} aria-label={t('settings.openOn', { day })} checked={d.open} onChange={(e) => change(d.weekday, { open: e.currentTarget.checked })} />
                  </Table.Td>
                  <Table.Td>
                    <TextInput
                      size="xs"
                      type="time"
                      aria-label={t('settings.opensOn', { day })}
                      value={d.opensAt}
                      disabled={!d.open}
                      onChange={(e) => change(d.weekday, { opensAt: e.currentTarget.value })}
                      error={errors[`${d.weekday}.opensAt`]}
                    />
                  </Table.Td>
                  <Table.Td>
                    <TextInput
                      size="xs"
                      type="time"
                      aria-label={t('settings.closesOn', { day })}
                      value={d.closesAt}
                      disabled={!d.open}
                      onChange={(e) => change(d.weekday, { closesAt: e.currentTarget.value })}
                      error={errors[`${d.weekday}.closesAt`] ?? errors[`${d.weekday}.weekday`]}
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        <FormError errors={errors} />
        <Group>
          <Button type="submit" loading={fetching}>
            {t('settings.saveHours')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

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

/** Company profile (editable by owners and admins) and the member's own profile. */
export function CompanyProfile() {
  const { t } = useTranslation();
  const { me, tenant } = useMember();
  const format = useFormat();
  // The setting's own formats (exports, emails, readers of that language), not the reader's interface language.
  const own = { locale: tenant.locale, currency: tenant.currency, timeZone: format.timeZone };
  // A session saved offline before business hours existed has none: nothing to show until it is refreshed.
  const hours: readonly BusinessDay[] = (tenant.businessHours as readonly BusinessDay[] | undefined) ?? [];
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
          {hours.length > 0 && (
            <Field label={t('settings.businessHours')}>
              <BusinessHoursSummary days={hours} />
            </Field>
          )}
        </dl>
        {isAdmin(me.role) && <WorkspaceSettingsForm />}
        {isAdmin(me.role) && hours.length > 0 && <BusinessHoursForm key={JSON.stringify(hours)} days={hours} />}
      </Paper>
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
