import { Button, Group, NumberInput, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';

import { FormError, outcome, toast } from '../access/common';
import { EntitlementSettingsDocument, UpdateEntitlementSettingsDocument } from './operations';

/** Settings → Entitlements (owners and admins): whether new tickets take their customer's entitlement by
 * themselves, and at what share of its allowance an entitlement's owner is told. What each customer gets
 * (allowance, period, SLA policy, channels) is set on each entitlement, not here. */
export function EntitlementSettingsSection() {
  const { t } = useTranslation('entitlements');
  const [{ data }, refetch] = useQuery({ query: EntitlementSettingsDocument });
  const [{ fetching }, update] = useMutation(UpdateEntitlementSettingsDocument);
  const current = data?.entitlementSettings;
  const [autoLink, setAutoLink] = useState(true);
  const [percent, setPercent] = useState<string | number>('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    if (!current) return;
    setAutoLink(current.autoLinkTickets);
    setPercent(current.warnAtPercent ?? '');
  }, [current]);
  const save = async () => {
    const input = { autoLinkTickets: autoLink, warnAtPercent: percent === '' ? null : Number(percent) };
    const found = outcome(await update({ input }), (d) => d.updateEntitlementSettings, t);
    setErrors(found);
    if (!Object.keys(found).length) {
      toast({ message: t('settings.saved'), color: 'teal' });
      refetch({ requestPolicy: 'network-only' });
    }
  };
  if (!current) return null;
  return (
    <Paper withBorder p="md" radius="md" maw={640}>
      <Stack>
        <Title order={2} size="h4">
          {t('settings.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('settings.perEntitlement')}
        </Text>
        <Switch
          label={t('settings.autoLink')}
          description={t('settings.autoLinkHelp')}
          checked={autoLink}
          onChange={(event) => setAutoLink(event.currentTarget.checked)}
          error={errors.autoLinkTickets}
          data-testid="entitlement-auto-link"
        />
        <NumberInput
          label={t('settings.warnAt')}
          description={t('settings.warnAtHelp')}
          placeholder={t('settings.never')}
          min={1}
          max={100}
          suffix=" %"
          allowDecimal={false}
          value={percent}
          onChange={setPercent}
          error={errors.warnAtPercent}
          data-testid="entitlement-warn-at"
        />
        <FormError errors={errors} />
        <Group>
          <Button onClick={save} loading={fetching} data-testid="entitlement-settings-save">
            {t('settings.save')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
