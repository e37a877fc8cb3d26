"""Outgoing webhooks in the API: endpoints and their delivery log, for owners and admins only; the connected
channels' settings, and how each reply or text sent through them went out (``Interaction.delivery``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any, cast

import strawberry
import strawberry_django
from django.db import models
from django.db.models import Prefetch
from django.db.models.functions import Coalesce
from graphql import GraphQLNonNull, GraphQLObjectType
from strawberry import relay
from strawberry.types import Info

from graphql_schema.core.nodes import extend_type
from graphql_schema.core.selections import Fallback
from graphql_schema.core.sqlpages import ChoiceName, SqlObject, in_sql, json_object_sql, sql_literal
from graphql_schema.customers.types import InteractionNode
from graphql_schema.permissions import membership_of
from saas.access import policy
from saas.customers.models import Interaction
from saas.integrations import models as webhooks
from saas.integrations.events import global_id

# The delivery log keeps this many attempts per delivery in the API (the newest).
ATTEMPTS_SHOWN = 20


def followers_from_scene() -> Any:
    """How many followers came through the code's scene (their first one)."""
    counted = (
        webhooks.WeChatFollower.objects.filter(first_scene=models.OuterRef("scene"))
        .order_by()
        .values("first_scene")
        .annotate(n=models.Count("id"))
        .values("n")
    )
    return Coalesce(models.Subquery(counted, output_field=models.IntegerField()), 0)


def _admins_only(queryset: models.QuerySet[Any], info: Info) -> models.QuerySet[Any]:
    # Every way to reach these (lists, node(id:)) is for owners and admins only.
    return queryset if policy.is_admin(membership_of(info)) else queryset.none()


@strawberry.enum(description="Where a webhook delivery stands.")
class WebhookDeliveryStatus(Enum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    RETRYING = "retrying"
    FAILED = "failed"


@strawberry_django.type(
    webhooks.WebhookEndpoint,
    name="WebhookEndpoint",
    description="A URL that receives signed record events (the secret is shown once, when made or rotated).",
)
class WebhookEndpointNode(relay.Node):
    id: relay.NodeID[str]
    url: str = strawberry_django.field(description="Where events are POSTed.")
    description: str = strawberry_django.field(description="What the endpoint is for, for people.")
    event_types: list[str] = strawberry_django.field(description="`<RecordType>.<created|updated|deleted>`.")
    enabled: bool = strawberry_django.field(description="Off: it hears nothing (switched off by hand or for failing).")
    consecutive_failures: int = strawberry_django.field(description="Failed attempts in a row; 0 after a success.")
    disabled_at: datetime | None = strawberry_django.field(description="When it was switched off for failing.")
    disabled_reason: str = strawberry_django.field(description="Why it was switched off; empty when it was not.")
    created_at: datetime = strawberry_django.field(description="When it was added.")
    secret_rotated_at: datetime | None = strawberry_django.field(description="When its secret was last replaced.")

    @strawberry_django.field(only=["secret"], description="The secret's last four characters, to tell them apart.")
    def secret_hint(self, root: webhooks.WebhookEndpoint) -> str:
        return f"…{root.secret[-4:]}"

    @classmethod
    def get_queryset(cls, queryset: models.QuerySet[Any], info: Info, **kwargs: Any) -> models.QuerySet[Any]:
        return _admins_only(queryset, info)


@strawberry_django.type(webhooks.WebhookAttempt, name="WebhookAttempt", description="One request of a delivery.")
class WebhookAttemptType:
    number: int = strawberry_django.field(description="1 for the first request of the delivery.")
    manual: bool = strawberry_django.field(description="A redelivery someone asked for.")
    succeeded: bool = strawberry_django.field(description="A 2xx answer came back.")
    response_code: int | None = strawberry_django.field(description="The HTTP status; null when none came back.")
    duration_ms: int = strawberry_django.field(description="How long the request took, in milliseconds.")
    response_body: str = strawberry_django.field(description="The answer's first 2,000 characters.")
    error: str = strawberry_django.field(
        description="Why it failed (refused address, timeout...); empty if it did not."
    )
    at: datetime = strawberry_django.field(description="When the request was made.")


@strawberry_django.type(
    webhooks.WebhookDelivery, name="WebhookDelivery", description="One event sent to one endpoint, with its attempts."
)
class WebhookDeliveryNode(relay.Node):
    id: relay.NodeID[str]
    endpoint: WebhookEndpointNode = strawberry_django.field(description="Where it goes.")
    event_type: str = strawberry_django.field(description="`<RecordType>.<action>`, as in `X-Crm-Event`.")
    record_type: str = strawberry_django.field(description="The changed record's type.")
    attempts: int = strawberry_django.field(description="Requests made so far.")
    next_attempt_at: datetime | None = strawberry_django.field(description="When the next retry is due.")
    response_code: int | None = strawberry_django.field(description="The last attempt's HTTP status.")
    duration_ms: int | None = strawberry_django.field(description="How long the last attempt took, in ms.")
    response_body: str = strawberry_django.field(description="The last answer's first 2,000 characters.")
    error: str = strawberry_django.field(description="Why the last attempt failed; empty if it did not.")
    body: str = strawberry_django.field(description="The JSON sent (the same on every attempt).")
    created_at: datetime = strawberry_django.field(description="When the event happened.")
    delivered_at: datetime | None = strawberry_django.field(description="When an attempt succeeded.")

    @strawberry_django.field(only=["status"], description="Where the delivery stands.")
    def status(self, root: webhooks.WebhookDelivery) -> WebhookDeliveryStatus:
        return WebhookDeliveryStatus(root.status)

    @strawberry_django.field(only=["record_type", "record_id"], description="The record's global id.")
    def record_id(self, root: webhooks.WebhookDelivery) -> strawberry.ID:
        return strawberry.ID(global_id(root.record_type, root.record_id))

    @strawberry_django.field(
        prefetch_related=["attempt_log"], description=f"The newest {ATTEMPTS_SHOWN} attempts, newest first."
    )
    def attempt_log(self, root: webhooks.WebhookDelivery) -> list[WebhookAttemptType]:
        return cast(list[WebhookAttemptType], list(root.attempt_log.all())[:ATTEMPTS_SHOWN])

    @classmethod
    def get_queryset(cls, queryset: models.QuerySet[Any], info: Info, **kwargs: Any) -> models.QuerySet[Any]:
        return _admins_only(queryset, info)


@strawberry_django.type(
    webhooks.WeChatAccount,
    name="WeChatAccount",
    description="The workspace's WeChat official account.",
)
class WeChatAccountType:
    app_id: str = strawberry_django.field(description="The official account's AppID.")
    enabled: bool = strawberry_django.field(description="Off: WeChat's requests are refused.")
    created_at: datetime = strawberry_django.field(description="When it was first connected.")

    @strawberry.field(description="Enter this as the server URL (服务器地址) in WeChat's console.")
    def server_url(self, info: Info) -> str:
        tenant = membership_of(info).tenant  # type: ignore[union-attr]
        return f"{tenant.url.rstrip('/')}/integrations/wechat/"


@strawberry_django.type(
    webhooks.WeChatFollower, name="WeChatFollower", description="Someone who follows (or followed) the account."
)
class WeChatFollowerNode(relay.Node):
    id: relay.NodeID[int]
    openid: str = strawberry_django.field(description="Their openid for this official account.")
    subscribed: bool = strawberry_django.field(description="Following now.")
    followed_at: datetime | None = strawberry_django.field(description="When they last followed.")
    unfollowed_at: datetime | None = strawberry_django.field(description="When they last unfollowed.")
    first_scene: str = strawberry_django.field(description="The QR code scene (campaign) that brought them.")
    last_scene: str = strawberry_django.field(description="The last QR code scene they scanned.")
    interactions: int = strawberry_django.field(description="Messages, scans and clicks so far.")
    last_interaction_at: datetime | None = strawberry_django.field(description="Their latest one.")

    @strawberry_django.field(only=["contact_id"], description="Their contact's global id.")
    def contact_id(self, root: webhooks.WeChatFollower) -> strawberry.ID | None:
        return strawberry.ID(global_id("Contact", root.contact_id)) if root.contact_id else None

    @classmethod
    def get_queryset(cls, queryset: models.QuerySet[Any], info: Info, **kwargs: Any) -> models.QuerySet[Any]:
        return _admins_only(queryset, info)


@strawberry_django.type(
    webhooks.WeChatQrCode,
    name="WeChatQrCode",
    description="A campaign's QR code for the official account: following or scanning through it names the campaign.",
)
class WeChatQrCodeNode(relay.Node):
    id: relay.NodeID[int]
    scene: str = strawberry_django.field(description="The scene value WeChat sends when it is scanned.")
    url: str = strawberry_django.field(description="What the QR code encodes: draw the code from this.")
    ticket: str = strawberry_django.field(description="WeChat's ticket of the code (for showqrcode).")
    created_at: datetime = strawberry_django.field(description="When it was made.")

    @strawberry_django.field(only=["campaign_id"], description="The campaign's global id.")
    def campaign_id(self, root: webhooks.WeChatQrCode) -> strawberry.ID:
        return strawberry.ID(global_id("Campaign", root.campaign_id))

    @strawberry_django.field(select_related=["campaign"], only=["campaign__name"], description="The campaign's name.")
    def campaign_name(self, root: webhooks.WeChatQrCode) -> str:
        return root.campaign.name

    @strawberry_django.field(
        annotate={"follower_count": followers_from_scene()},
        description="Followers who first followed through this code (attributed to the campaign).",
    )
    def followers(self, root: webhooks.WeChatQrCode) -> int:
        return int(getattr(root, "follower_count", 0) or 0)

    @classmethod
    def get_queryset(cls, queryset: models.QuerySet[Any], info: Info, **kwargs: Any) -> models.QuerySet[Any]:
        return _admins_only(queryset.filter(campaign__deleted_at__isnull=True), info)


@strawberry.enum(name="UnknownSenders", description="What a message from an address or number no contact has becomes.")
class UnknownSenders(Enum):
    CONTACT = strawberry.enum_value("contact", description="A new contact, with the message on its timeline.")
    LEAD = strawberry.enum_value("lead", description="A new lead, with the message as its activity.")


def _inbound_url(info: Info, kind: str, token: str) -> str:
    tenant = membership_of(info).tenant  # type: ignore[union-attr]
    return f"{tenant.url.rstrip('/')}/integrations/{kind}/{token}/"


@strawberry_django.type(webhooks.ChannelConnection, name="EmailInbox", description="The workspace's e-mail inbox.")
class EmailInboxType:
    address: str = strawberry_django.field(description="The inbox's address: replies are sent from it.")
    enabled: bool = strawberry_django.field(description="Off: the inbound hook is refused and replies too.")
    updated_at: datetime = strawberry_django.field(description="When its settings last changed.")

    @strawberry.field(description="What a message from an unknown address becomes.")
    def unknown_senders(self) -> UnknownSenders:
        return UnknownSenders(cast(Any, self).unknown_senders)

    @strawberry.field(description="Give this URL to the mail provider's inbound webhook (raw MIME, signed).")
    def inbound_url(self, info: Info) -> str:
        return _inbound_url(info, "email", cast(Any, self).token)


@strawberry_django.type(webhooks.ChannelConnection, name="SmsNumber", description="The workspace's SMS number.")
class SmsNumberType:
    account_sid: str = strawberry_django.field(description="The provider's account SID.")
    enabled: bool = strawberry_django.field(description="Off: the inbound hook is refused and sending too.")
    updated_at: datetime = strawberry_django.field(description="When its settings last changed.")

    @strawberry.field(description="The number, in international format.")
    def phone_number(self) -> str:
        return str(cast(Any, self).address)

    @strawberry.field(description="What a text from an unknown number becomes.")
    def unknown_senders(self) -> UnknownSenders:
        return UnknownSenders(cast(Any, self).unknown_senders)

    @strawberry.field(description="Enter this as the number's messaging webhook (HTTP POST) at the provider.")
    def inbound_url(self, info: Info) -> str:
        return _inbound_url(info, "sms", cast(Any, self).token)


@strawberry.enum(name="MessageDeliveryStatus", description="Where an e-mail reply or text sent from a channel stands.")
class MessageDeliveryStatus(Enum):
    QUEUED = strawberry.enum_value(
        "queued", description="Written, waiting for its first attempt or for a retry (see `error`, `nextAttemptAt`)."
    )
    SENT = strawberry.enum_value("sent", description="Handed to the provider (`sentAt`).")
    FAILED = strawberry.enum_value(
        "failed",
        description="Not sent: refused by the provider, out of attempts or the channel switched off (`error`).",
    )


@strawberry.type(description="How an outgoing e-mail reply or text went out: the outbox's record of its attempts.")
class MessageDelivery:
    status: MessageDeliveryStatus = strawberry.field(description="Where it stands.")
    error: str = strawberry.field(
        description="Why the last attempt failed, in the provider's words ('' once sent, or before any attempt)."
    )
    attempts: int = strawberry.field(description="How many times it was handed to the provider.")
    sent_at: datetime | None = strawberry.field(description="When the provider took it; null until then.")
    next_attempt_at: datetime | None = strawberry.field(
        description="When its next attempt is due, while queued (the first: when it was written); null once sent or "
        "failed."
    )


OUTGOING = "_outgoing_messages"


def _outgoing_prefetch(info: Info) -> Prefetch:
    """The outbound message of every interaction of the page, in one query."""
    sent = webhooks.ChannelMessage.objects.filter(direction=webhooks.ChannelMessage.Direction.OUTBOUND)
    return Prefetch("channel_messages", queryset=sent.order_by("-id"), to_attr=OUTGOING)


@dataclass(frozen=True)
class LatestDelivery(SqlObject):
    """``delivery`` in SQL, so that a record page's timeline stays one query (``core/sqlrecords.py``): the
    interaction's latest outbound message's status, error and attempts (its times take the normal path)."""

    columns: tuple[str, ...] = ("id",)

    def object_sql(
        self, columns: dict[str, str], leaf: GraphQLObjectType, selected: list[tuple[str, str | None]]
    ) -> tuple[str, str | None]:
        status_type = cast(GraphQLNonNull, leaf.fields["status"].type).of_type
        values = {
            None: sql_literal(json.dumps(leaf.name)),
            "status": ChoiceName("status", blank_is_null=False).json_sql({"status": "m.status"}, status_type, True)[0],
            "error": "to_json(m.error)::text",
            "attempts": "m.attempts::text",
        }
        if any(name not in values for _, name in selected):
            raise Fallback
        message = webhooks.ChannelMessage
        row = (
            f"SELECT {json_object_sql((response, values[name]) for response, name in selected)} "
            f"FROM {message._meta.db_table} m WHERE m.interaction_id = {columns['id']} "
            f"AND m.direction = {sql_literal(message.Direction.OUTBOUND)} ORDER BY m.id DESC LIMIT 1"
        )
        # An unknown status makes the object NULL, written as null (the normal path would raise).
        return f"COALESCE(({row}), 'null')", None


class InteractionDeliveryFields:
    """The integrations module's field on ``Interaction`` (added by ``extend_type``; one query for a list)."""

    @strawberry_django.field(
        only=["pk"],
        prefetch_related=[_outgoing_prefetch],
        metadata=in_sql(LatestDelivery()),
        description="For a reply or text sent from a connected channel (`replyByEmail`, `sendSms`): whether it "
        "went out (queued, sent, failed with the reason). Null for everything else (inbound, or logged by hand).",
    )
    def delivery(self, root: Interaction) -> MessageDelivery | None:
        messages = root.__dict__.get(OUTGOING)
        if messages is None:  # not prefetched (a lone record, a mutation's payload)
            sent = webhooks.ChannelMessage.objects.filter(direction=webhooks.ChannelMessage.Direction.OUTBOUND)
            messages = list(sent.filter(interaction_id=root.pk).order_by("-id")[:1])
        if not messages:
            return None
        message = messages[0]
        return MessageDelivery(
            status=MessageDeliveryStatus(message.status),
            error=message.error,
            attempts=message.attempts,
            sent_at=message.sent_at,
            next_attempt_at=message.next_attempt_at
            if message.status == webhooks.ChannelMessage.Status.QUEUED
            else None,
        )


extend_type(InteractionNode, InteractionDeliveryFields)
