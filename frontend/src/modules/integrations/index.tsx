import { isAdmin } from '../../auth/session';
import type { CrmModule } from '../types';
import { EmailInboxSection, SmsNumberSection } from './ChannelSections';
import { isInboundEmail, ReplyByEmailAction } from './ReplyByEmailAction';
import { SmsPanel } from './SmsPanel';
import { en, zhCN } from './translations';
import { WebhooksSection } from './WebhooksSection';
import { WeChatSection } from './WeChatSection';

/** Integrations: outgoing webhooks with their delivery log, the WeChat official account, the e-mail inbox and the SMS number (owners and admins). */
export const integrationsModule: CrmModule = {
  id: 'integrations',
  settingsSections: [
    { id: 'webhooks', label: 'integrations:tab', order: 160, component: WebhooksSection, visible: isAdmin },
    { id: 'wechat', label: 'integrations:wechat.tab', order: 170, component: WeChatSection, visible: isAdmin },
    { id: 'email-inbox', label: 'integrations:email.tab', order: 171, component: EmailInboxSection, visible: isAdmin },
    { id: 'sms', label: 'integrations:sms.tab', order: 172, component: SmsNumberSection, visible: isAdmin },
  ],
  // Texting a contact from the workspace's number (shown only while the number is on).
  recordPanels: [{ id: 'sms', recordTypes: ['Contact'], order: 150, component: SmsPanel }],
  // Answering an e-mail that came through the inbox, from the timeline entry (while the inbox is on).
  recordActions: [{ id: 'reply-by-email', recordTypes: ['Interaction'], order: 100, component: ReplyByEmailAction, appliesTo: isInboundEmail }],
  translations: { en, 'zh-CN': zhCN },
};
