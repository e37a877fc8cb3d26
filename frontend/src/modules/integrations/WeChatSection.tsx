import { Button, Card, Code, Group, NativeSelect, PasswordInput, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';

import { ListError } from '../../components/list/ListError';
import { LoadMore } from '../../components/list/ListParts';
import { useCursorList } from '../../components/list/useCursorList';
import type { WeChatFollowersQuery, WeChatQrCodesQuery } from '../../gql/tenant/graphql';
import { QrCode } from '../../components/QrCode';
import { useCampaignChoices } from '../leads/campaignChoices';
import { useFormat } from '../../locale';
import { FormError, QueryState, Section, outcome, toast } from '../access/common';
import {
  ConnectWeChatAccountDocument,
  CreateWeChatQrCodeDocument,
  SyncWeChatTagsDocument,
  WeChatAccountDocument,
  WeChatFollowersDocument,
  WeChatQrCodesDocument,
} from './operations';
import { StatusBadge } from '../../components/StatusBadge';

type Follower = WeChatFollowersQuery['weChatFollowers']['edges'][number]['node'];
type QrCodeRow = WeChatQrCodesQuery['weChatQrCodes']['edges'][number]['node'];

/** Settings → WeChat (owners and admins): connect the official account, its server URL, campaigns' QR codes, its followers. */
export function WeChatSection() {
  const { t } = useTranslation('integrations');
  const format = useFormat();
  const [{ data, fetching, error }, refetch] = useQuery({ query: WeChatAccountDocument });
  const [{ fetching: saving }, connect] = useMutation(ConnectWeChatAccountDocument);
  const [appId, setAppId] = useState('');
  const [token, setToken] = useState('');
  const [appSecret, setAppSecret] = useState('');
  const [{ fetching: syncing }, syncTags] = useMutation(SyncWeChatTagsDocument);
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
    const secret = appSecret.trim();
    const input = { appId: appId.trim(), token: token.trim(), ...(secret ? { appSecret: secret } : {}) };
    const found = outcome(await connect({ input }), (d) => d.connectWeChatAccount, t);
    setErrors(found);
    if (Object.keys(found).length) return;
    setToken('');
    setAppSecret('');
    toast({ message: t('wechat.connected') });
    refetch({ requestPolicy: 'network-only' });
  };

  const sync = async () => {
    const found = outcome(await syncTags({}), (d) => d.syncWeChatTags, t);
    if (Object.keys(found).length) toast({ message: Object.values(found)[0], color: 'red' });
    else toast({ message: t('wechat.syncStarted') });
  };

  return (
    <Stack>
      <Section
        title={t('wechat.title')}
        actions={
          account ? (
            <Button variant="default" size="xs" loading={syncing} onClick={sync}>
              {t('wechat.syncTags')}
            </Button>
          ) : undefined
        }
      >
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
              <PasswordInput label={t('wechat.appSecret')} description={t('wechat.appSecretHelp')} value={appSecret} onChange={(e) => setAppSecret(e.currentTarget.value)} error={errors.appSecret} />
              <Button type="submit" loading={saving} mt={25}>
                {account ? t('wechat.update') : t('wechat.connect')}
              </Button>
            </Group>
          </form>
          <FormError errors={errors} />
        </Stack>
      </Section>
      {account && <QrCodesSection />}
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

/** The campaigns' QR codes: made through WeChat, drawn here from what each code encodes (no image fetched). */
function QrCodesSection() {
  const { t } = useTranslation('integrations');
  const campaigns = useCampaignChoices();
  const [campaignId, setCampaignId] = useState('');
  const [scene, setScene] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [{ fetching: creating }, create] = useMutation(CreateWeChatQrCodeDocument);
  const codes = useCursorList<WeChatQrCodesQuery, QrCodeRow>({
    query: WeChatQrCodesDocument as Parameters<typeof useCursorList<WeChatQrCodesQuery, QrCodeRow>>[0]['query'],
    variables: {},
    pick: (d) => d.weChatQrCodes,
    pageSize: 50,
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input = { campaignId, ...(scene.trim() ? { scene: scene.trim() } : {}) };
    const found = campaignId ? outcome(await create({ input }), (d) => d.createWeChatQrCode, t) : { campaignId: t('wechat.chooseCampaign') };
    setErrors(found);
    if (Object.keys(found).length) return;
    setScene('');
    toast({ message: t('wechat.qrCreated') });
    codes.reload();
  };

  return (
    <Section title={t('wechat.qrCodes')}>
      <Stack>
        <Text size="sm">{t('wechat.qrIntro')}</Text>
        <form onSubmit={submit} noValidate>
          <Group align="flex-start" wrap="wrap">
            <NativeSelect
              label={t('wechat.campaign')}
              required
              value={campaignId}
              error={errors.campaignId}
              onChange={(e) => setCampaignId(e.currentTarget.value)}
              data={[{ value: '', label: t('wechat.chooseCampaign') }, ...campaigns]}
            />
            <TextInput label={t('wechat.sceneValue')} description={t('wechat.sceneHelp')} value={scene} onChange={(e) => setScene(e.currentTarget.value)} error={errors.scene} />
            <Button type="submit" loading={creating} mt={25}>
              {t('wechat.createQr')}
            </Button>
          </Group>
        </form>
        <FormError errors={errors} />
        <ListError error={codes.error} onRetry={() => codes.reload()} />
        {codes.loaded && codes.rows.length === 0 && <Text size="sm">{t('wechat.noQrCodes')}</Text>}
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} data-testid="wechat-qr-codes">
          {codes.rows.map((code) => (
            <Card key={code.id} withBorder padding="sm" data-testid="wechat-qr-code">
              <Stack gap={4} align="center">
                <QrCode text={code.url} label={t('wechat.qrFor', { campaign: code.campaignName })} size={160} />
                <Text fw={600}>{code.campaignName}</Text>
                <Code>{code.scene}</Code>
                <Text size="sm" c="dimmed">
                  {t('wechat.qrFollowers', { count: code.followers })}
                </Text>
              </Stack>
            </Card>
          ))}
        </SimpleGrid>
        <LoadMore shown={codes.rows.length} total={codes.totalCount} hasMore={codes.hasMore} loading={codes.loadingMore} error={codes.moreError} onLoadMore={codes.loadMore} />
      </Stack>
    </Section>
  );
}
