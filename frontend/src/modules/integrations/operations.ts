import { graphql } from '../../gql/tenant';

export const WebhookEndpointsDocument = graphql(`
  query WebhookEndpoints {
    webhookEndpoints(first: 100) {
      edges {
        node {
          id
          url
          description
          eventTypes
          enabled
          consecutiveFailures
          disabledReason
          secretHint
          createdAt
        }
      }
    }
    webhookEventTypes
  }
`);

export const WebhookDeliveriesDocument = graphql(`
  query WebhookDeliveries($endpointId: ID, $first: Int, $after: String) {
    webhookDeliveries(endpointId: $endpointId, first: $first, after: $after) {
      totalCount
      pageInfo {
        ...NextPageParts
      }
      edges {
        node {
          id
          eventType
          status
          attempts
          responseCode
          durationMs
          responseBody
          error
          body
          createdAt
          nextAttemptAt
          endpoint {
            id
            url
          }
          attemptLog {
            number
            manual
            succeeded
            responseCode
            durationMs
            error
            at
          }
        }
      }
    }
  }
`);

export const CreateWebhookEndpointDocument = graphql(`
  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) {
      secret
      endpoint {
        id
        url
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const UpdateWebhookEndpointDocument = graphql(`
  mutation UpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) {
    updateWebhookEndpoint(input: $input) {
      endpoint {
        id
        url
        description
        eventTypes
        enabled
        consecutiveFailures
        disabledReason
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const RotateWebhookSecretDocument = graphql(`
  mutation RotateWebhookSecret($input: RotateWebhookSecretInput!) {
    rotateWebhookSecret(input: $input) {
      secret
      endpoint {
        id
        secretHint
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const DeleteWebhookEndpointDocument = graphql(`
  mutation DeleteWebhookEndpoint($input: DeleteWebhookEndpointInput!) {
    deleteWebhookEndpoint(input: $input) {
      deletedId
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const RedeliverWebhookDocument = graphql(`
  mutation RedeliverWebhook($input: RedeliverWebhookInput!) {
    redeliverWebhook(input: $input) {
      delivery {
        id
        status
        attempts
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const WeChatAccountDocument = graphql(`
  query WeChatAccount {
    weChatAccount {
      appId
      enabled
      serverUrl
    }
  }
`);

export const WeChatFollowersDocument = graphql(`
  query WeChatFollowers($first: Int, $after: String) {
    weChatFollowers(first: $first, after: $after) {
      totalCount
      pageInfo {
        ...NextPageParts
      }
      edges {
        node {
          id
          openid
          subscribed
          followedAt
          unfollowedAt
          firstScene
          lastScene
          interactions
          lastInteractionAt
        }
      }
    }
  }
`);

export const ConnectWeChatAccountDocument = graphql(`
  mutation ConnectWeChatAccount($input: ConnectWeChatAccountInput!) {
    connectWeChatAccount(input: $input) {
      account {
        appId
        enabled
        serverUrl
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const EmailInboxDocument = graphql(`
  query EmailInbox {
    emailInbox {
      address
      enabled
      unknownSenders
      inboundUrl
    }
  }
`);

export const ConnectEmailInboxDocument = graphql(`
  mutation ConnectEmailInbox($input: ConnectEmailInboxInput!) {
    connectEmailInbox(input: $input) {
      inbox {
        address
        enabled
        unknownSenders
        inboundUrl
      }
      secret
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const SmsNumberDocument = graphql(`
  query SmsNumber {
    smsNumber {
      accountSid
      phoneNumber
      enabled
      unknownSenders
      inboundUrl
    }
  }
`);

export const ConnectSmsNumberDocument = graphql(`
  mutation ConnectSmsNumber($input: ConnectSmsNumberInput!) {
    connectSmsNumber(input: $input) {
      number {
        accountSid
        phoneNumber
        enabled
        unknownSenders
        inboundUrl
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const InboxChannelsDocument = graphql(`
  query InboxChannels {
    inboxChannels {
      email
      sms
    }
  }
`);

/** What sending a text or an e-mail reply answers: the interaction logged on the contact, or why not. */
export const SentMessageFragment = graphql(`
  fragment SentMessage on SentMessagePayload {
    interaction {
      id
    }
    errors {
      ...UserErrorParts
    }
  }
`);

export const SendSmsDocument = graphql(`
  mutation SendSms($input: SendSmsInput!) {
    sendSms(input: $input) {
      ...SentMessage
    }
  }
`);

export const ReplyByEmailDocument = graphql(`
  mutation ReplyByEmail($input: ReplyByEmailInput!) {
    replyByEmail(input: $input) {
      ...SentMessage
    }
  }
`);

export const WeChatQrCodesDocument = graphql(`
  query WeChatQrCodes($first: Int, $after: String, $campaignId: ID) {
    weChatQrCodes(first: $first, after: $after, campaignId: $campaignId) {
      totalCount
      pageInfo {
        ...NextPageParts
      }
      edges {
        node {
          id
          scene
          url
          campaignId
          campaignName
          followers
          createdAt
        }
      }
    }
  }
`);

export const CreateWeChatQrCodeDocument = graphql(`
  mutation CreateWeChatQrCode($input: CreateWeChatQrCodeInput!) {
    createWeChatQrCode(input: $input) {
      qrCode {
        id
        scene
        url
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);

export const SyncWeChatTagsDocument = graphql(`
  mutation SyncWeChatTags {
    syncWeChatTags {
      account {
        appId
      }
      errors {
        ...UserErrorParts
      }
    }
  }
`);
