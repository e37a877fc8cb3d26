"""Queries and mutations of outgoing webhooks (owners and admins only)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated, Any, cast

import strawberry
import strawberry_django
from strawberry import relay
from strawberry.types import Info

from graphql_schema.core.keyset import KeysetConnection
from graphql_schema.core.mutations import EMPTY_INPUT_DESCRIPTION, Act, Call, Create, Delete, EmptyInput, Update
from graphql_schema.customers.types import InteractionNode
from graphql_schema.errors import UserError
from graphql_schema.permissions import require_admin, require_membership
from saas.access.services import require_admin as admin
from saas.integrations import events, services
from saas.integrations import models as webhooks

from .types import (
    EmailInboxType,
    SmsNumberType,
    UnknownSenders,
    WebhookDeliveryNode,
    WebhookDeliveryStatus,
    WebhookEndpointNode,
    WeChatAccountType,
    WeChatFollowerNode,
    WeChatQrCodeNode,
)


def _errors() -> Any:
    return strawberry.field(default_factory=list)


@strawberry.input
class CreateWebhookEndpointInput:
    url: str = strawberry.field(description="An https:// URL at a public address.")
    event_types: list[str] = strawberry.field(description="Values of `webhookEventTypes`.")
    description: str | None = strawberry.field(default=None, description="What it is for, for people.")
    enabled: bool | None = strawberry.field(default=None, description="On unless false.")


@strawberry.input
class UpdateWebhookEndpointInput:
    id: relay.GlobalID
    url: str | None = strawberry.field(default=strawberry.UNSET, description="An https:// URL at a public address.")
    event_types: list[str] | None = strawberry.field(
        default=strawberry.UNSET, description="Values of `webhookEventTypes`; replaces the list."
    )
    description: str | None = strawberry.field(default=strawberry.UNSET, description="What it is for, for people.")
    enabled: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Switching it on again forgets its past failures."
    )


@strawberry.input
class RotateWebhookSecretInput:
    id: relay.GlobalID


@strawberry.input
class DeleteWebhookEndpointInput:
    id: relay.GlobalID


@strawberry.input
class RedeliverWebhookInput:
    id: relay.GlobalID = strawberry.field(description="A `WebhookDelivery`.")


@strawberry.type
class WebhookEndpointPayload:
    endpoint: WebhookEndpointNode | None = strawberry.field(default=None, description="The endpoint as saved.")
    errors: list[UserError] = _errors()


@strawberry.type
class WebhookSecretPayload:
    endpoint: WebhookEndpointNode | None = strawberry.field(default=None, description="The endpoint as saved.")
    secret: str | None = strawberry.field(
        default=None, description="Signs every request (see the verification recipe); shown in this payload only."
    )
    errors: list[UserError] = _errors()


@strawberry.type
class RedeliverWebhookPayload:
    delivery: WebhookDeliveryNode | None = strawberry.field(
        default=None, description="The delivery; its new attempt shows in the log once sent."
    )
    errors: list[UserError] = _errors()


@strawberry.input
class ConnectWeChatAccountInput:
    app_id: str = strawberry.field(description="The official account's AppID.")
    token: str = strawberry.field(description="The token entered in WeChat's console: 3 to 32 letters and digits.")
    app_secret: str | None = strawberry.field(
        default=None,
        description="The AppSecret, for the calls the CRM makes (campaign QR codes, tag sync); left out: kept.",
    )


@strawberry.input
class CreateWeChatQrCodeInput:
    campaign_id: relay.GlobalID = strawberry.field(description="The campaign the code names.")
    scene: str | None = strawberry.field(
        default=None,
        description="The scene value: 1 to 64 letters, digits, - and _; made from the campaign's name if left out.",
    )


@strawberry.type
class WeChatQrCodePayload:
    qr_code: WeChatQrCodeNode | None = strawberry.field(default=None, description="The code as made.")
    errors: list[UserError] = _errors()


@strawberry.input(description=EMPTY_INPUT_DESCRIPTION)
class SyncWeChatTagsInput(EmptyInput):
    pass


@strawberry.type
class WeChatAccountPayload:
    account: WeChatAccountType | None = strawberry.field(default=None, description="The account as connected.")
    errors: list[UserError] = _errors()


@strawberry.input
class ConnectEmailInboxInput:
    address: str = strawberry.field(description="The inbox's address; replies are sent from it.")
    unknown_senders: UnknownSenders | None = strawberry.field(
        default=None, description="What mail from an unknown address becomes; a new contact unless said."
    )
    enabled: bool | None = strawberry.field(default=None, description="Off refuses the hook; on unless said.")
    rotate_secret: bool | None = strawberry.field(
        default=None, description="A new signing secret (the old one stops working); the first connect makes one."
    )


@strawberry.type
class EmailInboxPayload:
    inbox: EmailInboxType | None = strawberry.field(default=None, description="The inbox as saved.")
    secret: str | None = strawberry.field(
        default=None,
        description="Signs the inbound hook (`X-Crm-Signature`, as in the webhook recipe); in this payload only, "
        "when the inbox is first connected or the secret rotated.",
    )
    errors: list[UserError] = _errors()


@strawberry.input
class ConnectSmsNumberInput:
    account_sid: str = strawberry.field(description="The provider's account SID.")
    phone_number: str = strawberry.field(description="The number, in international format (+14155550100).")
    auth_token: str | None = strawberry.field(
        default=None, description="The provider's auth token: required the first time; kept, never shown back."
    )
    unknown_senders: UnknownSenders | None = strawberry.field(
        default=None, description="What a text from an unknown number becomes; a new contact unless said."
    )
    enabled: bool | None = strawberry.field(default=None, description="Off refuses the hook; on unless said.")


@strawberry.type
class SmsNumberPayload:
    number: SmsNumberType | None = strawberry.field(default=None, description="The number as saved.")
    errors: list[UserError] = _errors()


@strawberry.input
class ReplyByEmailInput:
    interaction_id: relay.GlobalID = strawberry.field(description="An e-mail interaction that came through the inbox.")
    body: str = strawberry.field(description="The reply, plain text.")


@strawberry.input
class SendSmsInput:
    contact_id: relay.GlobalID = strawberry.field(description="A contact with a phone number and SMS consent.")
    body: str = strawberry.field(description="The text, at most 1600 characters.")


@strawberry.type
class SentMessagePayload:
    interaction: InteractionNode | None = strawberry.field(
        default=None, description="The outbound interaction logged on the contact."
    )
    errors: list[UserError] = _errors()


def _enum_values(data: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.value if isinstance(v, UnknownSenders) else v) for k, v in data.items()}


@dataclass(frozen=True)
class ConnectChannel(Call):
    """Settings of an inbox channel: the enum's value goes to the service."""

    def arguments(self, input: Any) -> dict[str, Any]:
        return _enum_values(super().arguments(input))


@strawberry.type(description="Which inbox channels the workspace has connected and switched on.")
class InboxChannels:
    email: bool = strawberry.field(description="The e-mail inbox: replies can be sent (`replyByEmail`).")
    sms: bool = strawberry.field(description="The SMS number: texts can be sent (`sendSms`).")


@strawberry.type
class IntegrationsQuery:
    @strawberry.field(description="Which inbox channels are on, for every member (what to offer on a contact).")
    def inbox_channels(self, info: Info) -> InboxChannels:
        require_membership(info)
        on = set(webhooks.ChannelConnection.objects.filter(enabled=True).values_list("channel", flat=True))
        return InboxChannels(email="email" in on, sms="sms" in on)

    @strawberry.field(description="The e-mail inbox, if connected. Owners and admins only.")
    def email_inbox(self, info: Info) -> EmailInboxType | None:
        require_admin(info)
        return cast(EmailInboxType | None, services.channel(webhooks.ChannelConnection.Channel.EMAIL))

    @strawberry.field(description="The SMS number, if connected. Owners and admins only.")
    def sms_number(self, info: Info) -> SmsNumberType | None:
        require_admin(info)
        return cast(SmsNumberType | None, services.channel(webhooks.ChannelConnection.Channel.SMS))

    @strawberry.field(description="The WeChat official account, if connected. Owners and admins only.")
    def we_chat_account(self, info: Info) -> WeChatAccountType | None:
        require_admin(info)
        return cast(WeChatAccountType | None, webhooks.WeChatAccount.objects.first())

    @strawberry_django.connection(
        KeysetConnection[WeChatFollowerNode], description="The official account's followers. Owners and admins only."
    )
    def we_chat_followers(self, info: Info) -> Iterable[webhooks.WeChatFollower]:
        require_admin(info)
        return webhooks.WeChatFollower.objects.order_by("-followed_at", "-id")

    @strawberry_django.connection(
        KeysetConnection[WeChatQrCodeNode],
        description="Campaigns' QR codes for the official account, newest first. Owners and admins only.",
    )
    def we_chat_qr_codes(
        self,
        info: Info,
        campaign_id: Annotated[
            relay.GlobalID | None, strawberry.argument(description="Only this campaign's codes.")
        ] = None,
    ) -> Iterable[webhooks.WeChatQrCode]:
        require_admin(info)
        codes = webhooks.WeChatQrCode.objects.order_by("-created_at", "-id")
        if campaign_id is not None:
            if campaign_id.type_name != "Campaign":
                return codes.none()
            codes = codes.filter(campaign_id=services.parse_pk(campaign_id.node_id))
        return codes

    @strawberry_django.connection(KeysetConnection[WebhookEndpointNode], description="Owners and admins only.")
    def webhook_endpoints(self, info: Info) -> Iterable[webhooks.WebhookEndpoint]:
        require_admin(info)
        return webhooks.WebhookEndpoint.objects.all()

    @strawberry_django.connection(
        KeysetConnection[WebhookDeliveryNode], description="The delivery log, newest first. Owners and admins only."
    )
    def webhook_deliveries(
        self,
        info: Info,
        endpoint_id: Annotated[
            relay.GlobalID | None, strawberry.argument(description="Only this endpoint's deliveries.")
        ] = None,
        status: Annotated[
            WebhookDeliveryStatus | None, strawberry.argument(description="Only deliveries in this state.")
        ] = None,
    ) -> Iterable[webhooks.WebhookDelivery]:
        require_admin(info)
        deliveries = webhooks.WebhookDelivery.objects.select_related("endpoint")
        if endpoint_id is not None:
            if endpoint_id.type_name != "WebhookEndpoint":
                return deliveries.none()
            deliveries = deliveries.filter(endpoint_id=services.parse_pk(endpoint_id.node_id))
        if status is not None:
            deliveries = deliveries.filter(status=status.value)
        return deliveries

    @strawberry.field(description="The events an endpoint may subscribe to: `<RecordType>.<action>`.")
    def webhook_event_types(self, info: Info) -> list[str]:
        require_admin(info)
        return events.event_types()


@dataclass(frozen=True)
class RedeliverWebhook(Act):
    """Answer the delivery as it is once the call committed (in-process workers have sent it by then)."""

    def answer(self, result: Any) -> Any:
        return self.payload(delivery=webhooks.WebhookDelivery.objects.filter(pk=result.pk).first() or result)


@strawberry.type
class IntegrationsMutation:
    connect_email_inbox = ConnectChannel(
        ConnectEmailInboxInput,
        EmailInboxPayload,
        ("inbox", "secret"),
        services.connect_email_inbox,
        permission=admin,
    ).field("Connect the e-mail inbox (or change it); its inbound URL is on `emailInbox`.")
    connect_sms_number = ConnectChannel(
        ConnectSmsNumberInput, SmsNumberPayload, "number", services.connect_sms, permission=admin
    ).field("Connect the SMS number (or change it); its inbound URL is on `smsNumber`.")
    reply_by_email = Call(
        ReplyByEmailInput,
        SentMessagePayload,
        "interaction",
        services.reply_by_email,
        ids={"interaction_id": ("interaction_id", "Interaction")},
    ).field("Answer an inbound e-mail from the inbox, in its thread; logged on the contact.")
    send_sms = Call(
        SendSmsInput,
        SentMessagePayload,
        "interaction",
        services.send_sms,
        ids={"contact_id": ("contact_id", "Contact")},
    ).field("Text a contact from the SMS number (refused without their consent); logged on the contact.")
    connect_we_chat_account = Call(
        ConnectWeChatAccountInput, WeChatAccountPayload, "account", services.connect_wechat, permission=admin
    ).field("Connect the WeChat official account (or change its token); its server URL is on `weChatAccount`.")
    create_we_chat_qr_code = Call(
        CreateWeChatQrCodeInput,
        WeChatQrCodePayload,
        "qr_code",
        services.create_wechat_qr_code,
        ids={"campaign_id": ("campaign_id", "Campaign")},
        permission=admin,
        atomic=False,
    ).field("Make a campaign's QR code through WeChat (a permanent code whose scene names the campaign).")
    sync_we_chat_tags = Call(
        SyncWeChatTagsInput,
        WeChatAccountPayload,
        "account",
        services.sync_wechat_tags,
        permission=admin,
        optional_input=True,
    ).field("Sync followers' WeChat tags with their contacts' tags now, in the background (it also runs hourly).")
    create_webhook_endpoint = Create(
        CreateWebhookEndpointInput, WebhookSecretPayload, ("endpoint", "secret"), services.create_endpoint
    ).field("Subscribe a URL to record events; the secret is in this payload only.")
    update_webhook_endpoint = Update(
        UpdateWebhookEndpointInput,
        WebhookEndpointPayload,
        "endpoint",
        services.update_endpoint,
        node="WebhookEndpoint",
        permission=admin,
    ).field("Change an endpoint's URL, description, events or enabled flag.")
    rotate_webhook_secret = Act(
        RotateWebhookSecretInput,
        WebhookSecretPayload,
        ("endpoint", "secret"),
        services.rotate_secret,
        node="WebhookEndpoint",
        permission=admin,
    ).field("A new secret, in force at once; the old one stops working.")
    delete_webhook_endpoint = Delete(
        DeleteWebhookEndpointInput,
        service=services.delete_endpoint,
        node="WebhookEndpoint",
        permission=admin,
    ).field("Remove an endpoint and its delivery log.")
    redeliver_webhook = RedeliverWebhook(
        RedeliverWebhookInput,
        RedeliverWebhookPayload,
        "delivery",
        services.redeliver,
        node="WebhookDelivery",
        permission=admin,
    ).field("Send a delivery again now (same body, fresh signature).")
