import { Button, Code, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';

import { ListError } from '../../components/list/ListError';
import { LoadMore } from '../../components/list/ListParts';
import { useCursorList } from '../../components/list/useCursorList';
import type { WeChatFollowersQuery } from '../../gql/tenant/graphql';
import { useFormat } from '../../locale';
import { FormError, QueryState, Section, outcome, toast } from '../access/common';
import { ConnectWeChatAccountDocument, WeChatAccountDocument, WeChatFollowersDocument } from './operations';
import { StatusBadge } from '../../components/StatusBadge';

type Follower = WeChatFollowersQuery['weChatFollowers']['edges'][number]['node'];

/** Settings → WeChat (owners and admins): connect the official account, its server URL, its followers. */
export function WeChatSection() {
  const { t } = useTranslation('integrations');
  const format = useFormat();
  const [{ data, fetching, error }, refetch] = useQuery({ query: WeChatAccountDocument });
  const [{ fetching: saving }, connect] = useMutation(ConnectWeChatAccountDocument);
  const [appId, setAppId] = useState('');
  const [token, setToken] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const followers = useCursorList<WeChatFollowersQuery, Follower>({
    query: WeChatFollowersDocument as Parameters<typeof useCursorList<WeChatFollowersQuery, Follower>>[0]['query'],
    variables: {},
    pick: (d) => d.weChatFollowers,
    pageSize: 50,
  });
  const account = data?.weChatAccount;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = outcome(await connect({ input: { appId: appId.trim(), token: token.trim() } }), (d) => d.connectWeChatAccount, t);
    setErrors(found);
    if (Object.keys(found).length) return;
    setToken('');
    toast({ message: t('wechat.connected') });
    refetch({ requestPolicy: 'network-only' });
  };

  return (
    <Stack>
      <Section title={t('wechat.title')}>
        <Stack>
          <Text size="sm">{t('wechat.intro')}</Text>
          <QueryState fetching={fetching && !data} error={error} />
          {account && (
            <Group gap="xs" data-testid="wechat-account">
              <Text size="sm">{t('wechat.serverUrl')}</Text>
              <Code>{account.serverUrl}</Code>
              <StatusBadge variant="outline" tone={account.enabled ? 'positive' : 'neutral'}>
                {account.appId}
              </StatusBadge>
            </Group>
          )}
          <form onSubmit={submit} noValidate>
            <Group align="flex-start" wrap="wrap">
              <TextInput label={t('wechat.appId')} required value={appId} onChange={(e) => setAppId(e.currentTarget.value)} error={errors.appId} />
              <TextInput label={t('wechat.token')} description={t('wechat.tokenHelp')} required value={token} onChange={(e) => setToken(e.currentTarget.value)} error={errors.token} />
              <Button type="submit" loading={saving} mt={25}>
                {account ? t('wechat.update') : t('wechat.connect')}
              </Button>
            </Group>
          </form>
          <FormError errors={errors} />
        </Stack>
      </Section>
      <Section title={t('wechat.followers')}>
        <Stack>
          <ListError error={followers.error} onRetry={() => followers.reload()} />
          {followers.loaded && followers.rows.length === 0 && <Text size="sm">{t('wechat.noFollowers')}</Text>}
          {followers.rows.length > 0 && (
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing="xs" data-testid="wechat-followers">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('wechat.openid')}</Table.Th>
                    <Table.Th>{t('status')}</Table.Th>
                    <Table.Th>{t('wechat.scene')}</Table.Th>
                    <Table.Th>{t('wechat.interactions')}</Table.Th>
                    <Table.Th>{t('wechat.followedAt')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {followers.rows.map((f) => (
                    <Table.Tr key={f.id}>
                      <Table.Td>
                        <Code>{f.openid}</Code>
                      </Table.Td>
                      <Table.Td>{f.subscribed ? t('wechat.following') : t('wechat.unfollowed')}</Table.Td>
                      <Table.Td>{[f.firstScene, f.lastScene].filter(Boolean).join(' → ')}</Table.Td>
                      <Table.Td>{f.interactions}</Table.Td>
                      <Table.Td>{f.followedAt ? format.dateTime(f.followedAt) : ''}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <LoadMore shown={followers.rows.length} total={followers.totalCount} hasMore={followers.hasMore} loading={followers.loadingMore} error={followers.moreError} onLoadMore={followers.loadMore} />
        </Stack>
      </Section>
    </Stack>
  );
}
