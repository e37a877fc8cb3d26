import { Button, Code, Group, Select, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';

import { ShownOnce } from '../../components/ShownOnce';
import { useFormat } from '../../locale';
import { FormError, outcome, QueryState, roleOptions, Section, danger } from './common';
import { ApiKeysDocument, CreateApiKeyDocument, RevokeApiKeyDocument } from './operations';
import { StatusBadge } from '../../components/StatusBadge';

/** Keys for integrators: the key itself is shown once, right after creating it; revoke at any time. */
export function ApiKeysSection() {
  const { t } = useTranslation('access');
  const format = useFormat();
  const [{ data, fetching, error }, refetch] = useQuery({ query: ApiKeysDocument });
  const [{ fetching: creating }, createKey] = useMutation(CreateApiKeyDocument);
  const [, revokeKey] = useMutation(RevokeApiKeyDocument);
  const [name, setName] = useState('');
  const [role, setRole] = useState<string | null>('read_only');
  const [secret, setSecret] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const reload = () => refetch({ requestPolicy: 'network-only' });

  const create = async (event: FormEvent) => {
    event.preventDefault();
    const result = await createKey({ input: { name, role: role ?? '' } });
    const found = outcome(result, (d) => d.createApiKey, t);
    setErrors(found);
    if (Object.keys(found).length) return;
    setSecret(result.data?.createApiKey.key ?? null);
    setName('');
    reload();
  };
  const revoke = async (id: string) => {
    setErrors(outcome(await revokeKey({ input: { id } }), (d) => d.revokeApiKey, t));
    reload();
  };

  const roles = roleOptions(data?.roles ?? [], t, { includeOwner: false });
  const roleName = (key: string) => roles.find((r) => r.value === key)?.label ?? key;
  const keys = data?.apiKeys.edges.map((e) => e.node) ?? [];

  return (
    <Section title={t('apiKeys.title')}>
      <Stack>
        <Text size="sm">{t('apiKeys.intro')}</Text>
        <form onSubmit={create} noValidate>
          <Group align="flex-start" wrap="wrap">
            <TextInput label={t('apiKeys.name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} />
            <Select label={t('common.role')} data={roles} value={role} onChange={setRole} error={errors.role} allowDeselect={false} w={200} />
            <Button type="submit" loading={creating} mt={25}>
              {t('apiKeys.create')}
            </Button>
          </Group>
        </form>
        <FormError errors={errors} />
        {secret && (
          <ShownOnce
            title={t('apiKeys.shownOnce')}
            value={secret}
            label={t('apiKeys.key')}
            testId="new-api-key"
            copyLabel={t('apiKeys.copy')}
            copiedLabel={t('apiKeys.copied')}
            closeLabel={t('common.cancel')}
            onClose={() => setSecret(null)}
          />
        )}
        <QueryState fetching={fetching && !data} error={error} />
        {data && keys.length === 0 && <Text size="sm">{t('apiKeys.none')}</Text>}
        {keys.length > 0 && (
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="xs" data-testid="api-keys-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('common.name')}</Table.Th>
                  <Table.Th>{t('apiKeys.prefix')}</Table.Th>
                  <Table.Th>{t('common.role')}</Table.Th>
                  <Table.Th>{t('apiKeys.lastUsed')}</Table.Th>
                  <Table.Th>{t('apiKeys.status')}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {keys.map((k) => (
                  <Table.Tr key={k.id} data-testid={`api-key-${k.name}`}>
                    <Table.Td>{k.name}</Table.Td>
                    <Table.Td>
                      <Code>{k.prefix}…</Code>
                    </Table.Td>
                    <Table.Td>{roleName(k.role)}</Table.Td>
                    <Table.Td>{k.lastUsedAt ? format.relative(k.lastUsedAt) : t('apiKeys.never')}</Table.Td>
                    <Table.Td>
                      <StatusBadge variant="outline" tone={k.isActive ? 'positive' : 'neutral'}>
                        {k.isActive ? t('apiKeys.active') : t('apiKeys.revoked')}
                      </StatusBadge>
                    </Table.Td>
                    <Table.Td>
                      {k.isActive && (
                        <Button size="xs" {...danger} aria-label={t('apiKeys.revokeLabel', { name: k.name })} onClick={() => revoke(k.id)}>
                          {t('apiKeys.revoke')}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Section>
  );
}
