import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { RecordActions } from '../../components/record/RecordActions';
import { chooseOption, fakeClient, renderWith } from '../../test/render';
import '..'; // registers the module's strings
import { EmailInboxSection, SmsNumberSection } from './ChannelSections';
import { SmsPanel } from './SmsPanel';
import { WebhooksSection } from './WebhooksSection';
import { WeChatSection } from './WeChatSection';

const ENDPOINT = {
  id: 'E1',
  url: 'https://erp.example.com/hook',
  description: 'ERP',
  eventTypes: ['Company.updated'],
  enabled: true,
  consecutiveFailures: 2,
  disabledReason: '',
  secretHint: '…abcd',
  createdAt: '2026-12-01T10:00:00Z',
};
const DELIVERY = {
  id: 'D1',
  eventType: 'Company.updated',
  status: 'FAILED',
  attempts: 2,
  responseCode: 500,
  durationMs: 87,
  responseBody: 'upstream exploded',
  error: 'Not a 2xx answer.',
  body: '{"type":"Company.updated"}',
  createdAt: '2026-12-01T10:00:00Z',
  nextAttemptAt: null,
  endpoint: { id: 'E1', url: ENDPOINT.url },
  attemptLog: [
    { number: 2, manual: false, succeeded: false, responseCode: 500, durationMs: 87, error: '', at: '2026-12-01T10:01:00Z' },
    { number: 1, manual: false, succeeded: false, responseCode: null, durationMs: 10000, error: 'ReadTimeout', at: '2026-12-01T10:00:00Z' },
  ],
};
const ok = (name: string, extra: Record<string, unknown> = {}) => ({ data: { [name]: { errors: [], ...extra } } });

function answer(query: string) {
  if (query.includes('createWebhookEndpoint')) return ok('createWebhookEndpoint', { secret: 'whsec_shown_once', endpoint: { id: 'E2', url: 'https://new.example.com' } });
  if (query.includes('redeliverWebhook')) return ok('redeliverWebhook', { delivery: { id: 'D1', status: 'SUCCEEDED', attempts: 3 } });
  if (query.includes('webhookDeliveries'))
    return { data: { webhookDeliveries: { totalCount: 1, pageInfo: { hasNextPage: false, endCursor: null }, edges: [{ node: DELIVERY }] } } };
  return { data: { webhookEndpoints: { edges: [{ node: ENDPOINT }] }, webhookEventTypes: ['Company.created', 'Company.updated', 'Contact.created'] } };
}

describe('webhook settings', { timeout: 20_000 }, () => {
  it('adds an endpoint with the chosen events and shows its secret once', async () => {
    const user = userEvent.setup();
    const fake = fakeClient(answer);
    renderWith(<WebhooksSection />, { client: fake.client });
    expect(await screen.findByText(ENDPOINT.url, { selector: 'p' })).toBeTruthy();
    expect(screen.getByText('2 failed in a row')).toBeTruthy();
    await user.type(screen.getByRole('textbox', { name: /Endpoint URL/ }), 'https://new.example.com');
    await chooseOption(user, screen.getByRole('textbox', { name: /Events/ }), 'Contact.created');
    await user.click(screen.getByRole('button', { name: 'Add webhook' }));
    expect((await screen.findByTestId('webhook-secret')).textContent).toBe('whsec_shown_once');
    const create = fake.calls.find((c) => c.query.includes('createWebhookEndpoint'));
    expect(create?.variables).toEqual({ input: { url: 'https://new.example.com', description: null, eventTypes: ['Contact.created'] } });
  });

  it('shows the delivery log with response codes and attempts, and redelivers', async () => {
    const user = userEvent.setup();
    const fake = fakeClient(answer);
    renderWith(<WebhooksSection />, { client: fake.client });
    const log = await screen.findByTestId('webhook-deliveries');
    expect(within(log).getByTestId('response-code').textContent).toBe('500');
    expect(within(log).getByText('Failed')).toBeTruthy();
    await user.click(within(log).getByRole('button', { name: 'Details of Company.updated' }));
    const details = screen.getByTestId('webhook-delivery-details');
    expect(details.textContent).toContain('upstream exploded');
    expect(details.textContent).toContain('ReadTimeout');
    await user.click(within(log).getByRole('button', { name: 'Redeliver Company.updated' }));
    await waitFor(() => expect(fake.calls.some((c) => c.query.includes('redeliverWebhook') && JSON.stringify(c.variables) === '{"input":{"id":"D1"}}')).toBe(true));
  });

  it('connects the WeChat account, shows its server URL and its followers with their scenes', async () => {
    const user = userEvent.setup();
    let connected = false;
    const fake = fakeClient((query) => {
      if (query.includes('connectWeChatAccount')) {
        connected = true;
        return ok('connectWeChatAccount', { account: { appId: 'wx123', enabled: true, serverUrl: 'https://pym.example.com/integrations/wechat/' } });
      }
      if (query.includes('weChatFollowers'))
        return {
          data: {
            weChatFollowers: {
              totalCount: 1,
              pageInfo: { hasNextPage: false, endCursor: null },
              edges: [
                {
                  node: {
                    id: 'F1',
                    openid: 'oPXQm5Ab',
                    subscribed: true,
                    followedAt: '2026-12-01T10:00:00Z',
                    unfollowedAt: null,
                    firstScene: 'spring_expo',
                    lastScene: 'autumn_launch',
                    interactions: 4,
                    lastInteractionAt: null,
                  },
                },
              ],
            },
          },
        };
      if (query.includes('weChatQrCodes')) return { data: { weChatQrCodes: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] } } };
      if (query.includes('campaigns')) return { data: { campaigns: { edges: [] } } };
      return { data: { weChatAccount: connected ? { appId: 'wx123', enabled: true, serverUrl: 'https://pym.example.com/integrations/wechat/' } : null } };
    });
    renderWith(<WeChatSection />, { client: fake.client });
    expect((await screen.findByTestId('wechat-followers')).textContent).toContain('spring_expo → autumn_launch');
    expect(screen.queryByTestId('wechat-account')).toBeNull();
    await user.type(screen.getByRole('textbox', { name: /AppID/ }), 'wx123');
    await user.type(screen.getByRole('textbox', { name: /Token/ }), 'pymtoken');
    await user.click(screen.getByRole('button', { name: 'Connect' }));
    expect((await screen.findByTestId('wechat-account')).textContent).toContain('https://pym.example.com/integrations/wechat/');
    const call = fake.calls.find((c) => c.query.includes('connectWeChatAccount'));
    expect(call?.variables).toEqual({ input: { appId: 'wx123', token: 'pymtoken' } });
  });

  it('makes a campaign QR code and draws each code from its URL, with the followers it brought', async () => {
    const user = userEvent.setup();
    let made = false;
    const code = (id: string, scene: string, campaignName: string, followers: number) => ({
      id,
      scene,
      url: `http://weixin.qq.com/q/${scene}`,
      campaignId: `C-${id}`,
      campaignName,
      followers,
      createdAt: '2026-12-01T10:00:00Z',
    });
    const fake = fakeClient((query) => {
      if (query.includes('createWeChatQrCode')) {
        made = true;
        return ok('createWeChatQrCode', { qrCode: { id: 'Q2', scene: 'webinar', url: 'http://weixin.qq.com/q/webinar' } });
      }
      if (query.includes('syncWeChatTags')) return ok('syncWeChatTags', { account: { appId: 'wx123' } });
      if (query.includes('weChatQrCodes')) {
        const rows = [...(made ? [code('Q2', 'webinar', 'Logistics webinar', 0)] : []), code('Q1', 'spring_expo', 'Spring Expo', 3)];
        return { data: { weChatQrCodes: { totalCount: rows.length, pageInfo: { hasNextPage: false, endCursor: null }, edges: rows.map((node) => ({ node })) } } };
      }
      if (query.includes('campaigns'))
        return { data: { campaigns: { edges: [{ node: { id: 'C-Q1', name: 'Spring Expo' } }, { node: { id: 'C-Q2', name: 'Logistics webinar' } }] } } };
      if (query.includes('weChatFollowers')) return { data: { weChatFollowers: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] } } };
      return { data: { weChatAccount: { appId: 'wx123', enabled: true, serverUrl: 'https://pym.example.com/integrations/wechat/' } } };
    });
    renderWith(<WeChatSection />, { client: fake.client });
    const first = await screen.findByRole('img', { name: 'QR code of Spring Expo' });
    expect(first.querySelector('path')?.getAttribute('d')).toBeTruthy();
    expect(screen.getByTestId('wechat-qr-codes').textContent).toContain('3 followers');
    await user.click(screen.getByRole('button', { name: 'Create QR code' }));
    expect(await screen.findByText('Choose a campaign', { selector: '.mantine-InputWrapper-error, [id$="-error"]' })).toBeTruthy();
    await user.selectOptions(screen.getByRole('combobox', { name: /Campaign/ }), 'C-Q2');
    await user.type(screen.getByRole('textbox', { name: /Scene value/ }), 'webinar');
    await user.click(screen.getByRole('button', { name: 'Create QR code' }));
    expect(await screen.findByRole('img', { name: 'QR code of Logistics webinar' })).toBeTruthy();
    const call = fake.calls.find((c) => c.query.includes('createWeChatQrCode'));
    expect(call?.variables).toEqual({ input: { campaignId: 'C-Q2', scene: 'webinar' } });
    await user.click(screen.getByRole('button', { name: 'Sync tags now' }));
    await waitFor(() => expect(fake.calls.some((c) => c.query.includes('syncWeChatTags'))).toBe(true));
  });

  it('connects the e-mail inbox: the secret once, the inbound URL, unknown senders as leads', async () => {
    const user = userEvent.setup();
    const INBOX = { address: 'sales@acme.example.com', enabled: true, unknownSenders: 'LEAD', inboundUrl: 'https://acme.example.com/integrations/email/tok/' };
    let connected = false;
    const fake = fakeClient((query) => {
      if (query.includes('connectEmailInbox')) {
        connected = true;
        return ok('connectEmailInbox', { inbox: INBOX, secret: 'whsec_inbox_once' });
      }
      return { data: { emailInbox: connected ? INBOX : null } };
    });
    renderWith(<EmailInboxSection />, { client: fake.client });
    await user.type(await screen.findByRole('textbox', { name: /Inbox address/ }), 'sales@acme.example.com');
    await chooseOption(user, screen.getByRole('textbox', { name: /unknown senders/ }), 'A new lead');
    await user.click(screen.getByRole('button', { name: 'Connect inbox' }));
    expect((await screen.findByTestId('email-inbox-secret')).textContent).toBe('whsec_inbox_once');
    expect((await screen.findByTestId('email-inbound-url')).textContent).toContain(INBOX.inboundUrl);
    const call = fake.calls.find((c) => c.query.includes('connectEmailInbox'));
    expect(call?.variables).toEqual({ input: { address: 'sales@acme.example.com', unknownSenders: 'LEAD', enabled: true, rotateSecret: false } });
  });

  it('connects the SMS number; the auth token is required the first time and never shown', async () => {
    const user = userEvent.setup();
    const fake = fakeClient((query) => {
      if (query.includes('connectSmsNumber')) return { data: { connectSmsNumber: { number: null, errors: [{ field: 'authToken', message: 'This field is required.', code: 'required' }] } } };
      return { data: { smsNumber: null } };
    });
    renderWith(<SmsNumberSection />, { client: fake.client });
    await user.type(await screen.findByRole('textbox', { name: /Account SID/ }), 'AC1');
    await user.type(screen.getByRole('textbox', { name: /Phone number/ }), '+14155550199');
    await user.click(screen.getByRole('button', { name: 'Connect number' }));
    expect(await screen.findByText('This field is required.')).toBeTruthy();
    const call = fake.calls.find((c) => c.query.includes('connectSmsNumber'));
    expect(call?.variables).toEqual({ input: { accountSid: 'AC1', phoneNumber: '+14155550199', authToken: null, unknownSenders: 'CONTACT', enabled: true } });
  });

  it('texts a contact from the record page only while the SMS number is on, and shows a refusal', async () => {
    const user = userEvent.setup();
    const fake = fakeClient((query) => {
      if (query.includes('sendSms')) return { data: { sendSms: { interaction: null, errors: [{ field: 'contactId', message: 'The contact has not agreed to texts (or sent STOP).', code: 'opted_out' }] } } };
      return { data: { inboxChannels: { email: false, sms: true } } };
    });
    renderWith(<SmsPanel recordType="Contact" recordId="C1" />, { client: fake.client });
    await user.type(await screen.findByRole('textbox', { name: 'Text message' }), 'Shipped today.');
    await user.click(screen.getByRole('button', { name: 'Send text' }));
    expect((await screen.findByRole('alert')).textContent).toContain('sent STOP');
    expect(fake.calls.find((c) => c.query.includes('sendSms'))?.variables).toEqual({ input: { contactId: 'C1', body: 'Shipped today.' } });

    const off = fakeClient(() => ({ data: { inboxChannels: { email: true, sms: false } } }));
    const { container } = renderWith(<SmsPanel recordType="Contact" recordId="C1" />, { client: off.client });
    await waitFor(() => expect(off.calls.length).toBeGreaterThan(0));
    expect(container.querySelector('[data-testid="sms-panel"]')).toBeNull();
  });

  it('replies to an e-mail that came through the inbox from its timeline entry, shows a refusal, and offers no reply on other entries (sent, logged by hand)', async () => {
    const user = userEvent.setup();
    let refuse = true;
    const fake = fakeClient((query) => {
      if (query.includes('replyByEmail'))
        return refuse
          ? { data: { replyByEmail: { interaction: null, errors: [{ field: 'interactionId', message: "The workspace's e-mail inbox is not connected.", code: 'not_enabled' }] } } }
          : ok('replyByEmail', { interaction: { id: 'I2' } });
      return { data: { inboxChannels: { email: true, sms: false } } };
    });
    renderWith(<RecordActions recordType="Interaction" recordId="I1" record={{ kind: 'EMAIL', direction: 'INBOUND', channel: 'EMAIL_INBOX' }} />, { client: fake.client });
    await user.click(await screen.findByRole('button', { name: 'Reply by e-mail' }));
    await user.click(screen.getByRole('button', { name: 'Send reply' }));
    expect((await screen.findByRole('alert')).textContent).toContain('not connected');
    await user.type(screen.getByRole('textbox', { name: 'Your reply' }), 'Quote attached.');
    refuse = false;
    await user.click(screen.getByRole('button', { name: 'Send reply' }));
    await waitFor(() => expect(screen.queryByRole('textbox', { name: 'Your reply' })).toBeNull());
    expect(fake.calls.filter((c) => c.query.includes('replyByEmail')).map((c) => c.variables)).toEqual([
      { input: { interactionId: 'I1', body: '' } },
      { input: { interactionId: 'I1', body: 'Quote attached.' } },
    ]);
    expect(screen.getByRole('button', { name: 'Reply by e-mail' })).toBeTruthy();

    const other = fakeClient(() => ({ data: { inboxChannels: { email: true, sms: false } } }));
    const sent = renderWith(<RecordActions recordType="Interaction" recordId="I3" record={{ kind: 'EMAIL', direction: 'OUTBOUND' }} />, { client: other.client });
    expect(within(sent.container).queryByRole('button')).toBeNull();

    // An inbound e-mail a member logged by hand did not come through the inbox: nothing to reply to.
    const byHand = fakeClient(() => ({ data: { inboxChannels: { email: true, sms: false } } }));
    const logged = renderWith(<RecordActions recordType="Interaction" recordId="I5" record={{ kind: 'EMAIL', direction: 'INBOUND', channel: null }} />, { client: byHand.client });
    expect(within(logged.container).queryByRole('button')).toBeNull();

    const off = fakeClient(() => ({ data: { inboxChannels: { email: false, sms: true } } }));
    const offRender = renderWith(<RecordActions recordType="Interaction" recordId="I4" record={{ kind: 'EMAIL', direction: 'INBOUND', channel: 'EMAIL_INBOX' }} />, { client: off.client });
    await waitFor(() => expect(off.calls.length).toBeGreaterThan(0));
    expect(within(offRender.container).queryByRole('button')).toBeNull();
  });
});
