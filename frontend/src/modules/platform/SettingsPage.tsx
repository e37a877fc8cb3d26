import { Anchor, Paper, Stack, Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';

import { registry } from '..';
import { useMember } from '../../auth/session';
import { useFormat } from '../../locale';
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

/** Company profile and the member's own profile (read-only until tenant settings exist in the API). */
export function CompanyProfile() {
  const { t } = useTranslation();
  const { me, tenant } = useMember();
  const format = useFormat();
  const example = `${format.date(new Date(2026, 0, 31))} · ${format.number(1234567.89)} · ${format.currency(1234.5)}`;
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
          <Field label={t('settings.locale')}>{t('settings.localeHint', { example })}</Field>
        </dl>
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
