import { Anchor, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { useMember } from '../../auth/session';
import { useFormat } from '../../locale';
import { listRecent, type SavedRecord } from '../../offline/recent';

const PATHS: Record<string, string> = { Company: '/customers/companies/', Contact: '/customers/contacts/' };

/** Home dashboard: the companies and contacts last opened on this device (readable offline too). */
export function RecentlyViewedWidget() {
  const { t } = useTranslation('customers');
  const format = useFormat();
  const { me, tenant } = useMember();
  const [records, setRecords] = useState<SavedRecord[]>([]);
  useEffect(() => {
    let cancelled = false;
    void listRecent(tenant.subdomain, me.email, 8).then((found) => {
      if (!cancelled) setRecords(found.filter((r) => r.recordType in PATHS));
    });
    return () => {
      cancelled = true;
    };
  }, [tenant.subdomain, me.email]);
  if (!records.length) return null;
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h4" mb="sm">
        {t('recent.title')}
      </Title>
      <Stack gap={4} component="ul" m={0} p={0} style={{ listStyle: 'none' }} data-testid="recently-viewed">
        {records.map((r) => (
          <Group key={`${r.recordType}:${r.id}`} component="li" gap="xs" wrap="nowrap">
            <Anchor component={Link} to={PATHS[r.recordType] + encodeURIComponent(r.id)} size="sm" fw={600}>
              {r.label}
            </Anchor>
            <Text size="sm" c="dimmed">
              {`${t(`search.${r.recordType === 'Company' ? 'company' : 'contact'}`)} · ${format.relative(new Date(r.savedAt))}`}
            </Text>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}
