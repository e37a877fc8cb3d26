import { ActionIcon, Button, ColorInput, FileInput, Group, Image, NativeSelect, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';

import { useSession } from '../../auth/session';
import { FormError, QueryState, Section, danger, outcome, toast } from '../access/common';
import { UpdateWorkspaceProfileDocument, WorkspaceProfileDocument } from './operations';

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

function dataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** Settings → Company & branding (owners and admins): profile, currencies with rates, fiscal year, colour and logo. */
export function WorkspaceProfileSection() {
  const { t, i18n } = useTranslation('customization');
  const { refresh } = useSession();
  const [{ data, fetching, error }, refetch] = useQuery({ query: WorkspaceProfileDocument });
  const [{ fetching: saving }, update] = useMutation(UpdateWorkspaceProfileDocument);
  const tenant = data?.currentTenant;
  const [values, setValues] = useState({ legalName: '', address: '', website: '', fiscalYearStartMonth: 1, brandColour: '' });
  const [rates, setRates] = useState<{ currency: string; rate: string }[]>([]);
  const [logo, setLogo] = useState<File | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});

  useEffect(() => {
    if (!tenant) return;
    setValues({ legalName: tenant.legalName, address: tenant.address, website: tenant.website, fiscalYearStartMonth: tenant.fiscalYearStartMonth, brandColour: tenant.brandColour });
    setRates(tenant.exchangeRates.map((r) => ({ currency: r.currency, rate: String(r.rate) })));
  }, [tenant]);

  const send = async (input: Record<string, unknown>) => {
    const found = outcome(await update({ input }), (d) => d.updateWorkspace, t);
    setErrors(found);
    if (!Object.keys(found).length) {
      toast({ message: t('profile.saved'), color: 'green' });
      setLogo(null);
      refetch({ requestPolicy: 'network-only' });
      await refresh(); // the shell takes the new colour and logo
    }
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input: Record<string, unknown> = {
      ...values,
      exchangeRates: rates.filter((r) => r.currency.trim()).map((r) => ({ currency: r.currency.trim(), rate: r.rate.trim() })),
    };
    if (logo) input.logo = await dataUrl(logo);
    await send(input);
  };
  const month = (m: number) => new Intl.DateTimeFormat(i18n.language, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, m - 1, 1)));

  return (
    <Section title={t('profile.title')}>
      <QueryState fetching={fetching && !data} error={error} />
      {tenant && (
        <form onSubmit={submit} noValidate aria-label={t('profile.title')}>
          <Stack gap="sm" maw={560}>
            <TextInput label={t('profile.legalName')} value={values.legalName} onChange={(e) => setValues({ ...values, legalName: e.currentTarget.value })} error={errors.legalName} />
            <Textarea label={t('profile.address')} value={values.address} onChange={(e) => setValues({ ...values, address: e.currentTarget.value })} error={errors.address} autosize minRows={2} />
            <TextInput label={t('profile.website')} placeholder="https://" value={values.website} onChange={(e) => setValues({ ...values, website: e.currentTarget.value })} error={errors.website} />
            <NativeSelect
              label={t('profile.fiscalYear')}
              value={String(values.fiscalYearStartMonth)}
              onChange={(e) => setValues({ ...values, fiscalYearStartMonth: Number(e.currentTarget.value) })}
              data={MONTHS.map((m) => ({ value: String(m), label: month(m) }))}
              error={errors.fiscalYearStartMonth}
            />
            <Text fw={600} size="sm">
              {t('profile.currencies', { currency: tenant.currency })}
            </Text>
            <Table data-testid="exchange-rates">
              <Table.Tbody>
                {rates.map((r, index) => (
                  <Table.Tr key={index}>
                    <Table.Td>
                      <TextInput
                        size="xs"
                        aria-label={t('profile.currency')}
                        value={r.currency}
                        maxLength={3}
                        onChange={(e) => setRates(rates.map((x, i) => (i === index ? { ...x, currency: e.currentTarget.value.toUpperCase() } : x)))}
                        error={errors[`exchangeRates.${r.currency}`]}
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        size="xs"
                        aria-label={t('profile.rate', { currency: r.currency, base: tenant.currency })}
                        value={r.rate}
                        inputMode="decimal"
                        onChange={(e) => setRates(rates.map((x, i) => (i === index ? { ...x, rate: e.currentTarget.value } : x)))}
                      />
                    </Table.Td>
                    <Table.Td>
                      <ActionIcon {...danger} aria-label={t('profile.removeRate', { currency: r.currency })} onClick={() => setRates(rates.filter((_, i) => i !== index))}>
                        ×
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Group>
              <Button variant="default" size="xs" onClick={() => setRates([...rates, { currency: '', rate: '' }])}>
                {t('profile.addCurrency')}
              </Button>
            </Group>
            <ColorInput withEyeDropper={false} label={t('profile.brandColour')} format="hex" value={values.brandColour} onChange={(brandColour) => setValues({ ...values, brandColour })} error={errors.brandColour} />
            <Group align="flex-end">
              {tenant.logoUrl && <Image src={tenant.logoUrl} alt={t('profile.logo')} h={40} w="auto" fit="contain" />}
              <FileInput label={t('profile.logo')} description={t('profile.logoHelp')} accept="image/png,image/jpeg,image/webp" value={logo} onChange={setLogo} error={errors.logo} clearable />
              {tenant.logoUrl && (
                <Button {...danger} size="xs" onClick={() => send({ logo: '' })}>
                  {t('profile.removeLogo')}
                </Button>
              )}
            </Group>
            <FormError errors={errors} />
            <Group>
              <Button type="submit" loading={saving}>
                {t('profile.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Section>
  );
}
