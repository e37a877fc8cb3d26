"""Outgoing webhooks: endpoints (owners and admins only), fan-out of record events, delivery and retries.

A record event (``saas.kernel.services.written`` → ``realtime.events.emit``) reaches
``record_event_heard`` once its transaction committed; each enabled endpoint subscribed to its type
gets a ``WebhookDelivery`` whose body is fixed then, and a Celery task sends it (``attempt``). A failed
attempt is retried with exponential backoff up to ``WEBHOOKS_MAX_ATTEMPTS``; an endpoint failing
``WEBHOOKS_DISABLE_AFTER_FAILURES`` attempts in a row is switched off and its admins are told.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django_tenants.utils import tenant_context

from realtime import events as realtime
from saas.access.roles import ADMIN_ROLES
from saas.access.services import not_found, require_admin
from saas.audit import services as audit
from saas.customers.models import Contact, Interaction, normalize_phone
from saas.customers.services import EMAIL
from saas.errors import ErrorCode, ErrorCollector, FieldError, ServiceError
from saas.kernel.services import get_for
from saas.kernel.validation import check_length
from saas.leads.models import Campaign
from tenants.db import connection
from tenants.models import Membership, Tenant

from . import addresses, signing
from .connectors import Connector, Outbound, Sent
from .events import body_of, event_type_of, event_types, global_id
from .models import (
    ChannelConnection,
    ChannelMessage,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WeChatAccount,
    WeChatQrCode,
)
from .wechat_api import WeChatApi, WeChatApiError

logger = logging.getLogger(__name__)

Status = WebhookDelivery.Status
MAX_ENDPOINTS = 20
ENDPOINT_FIELDS = ("url", "description", "event_types", "enabled")


# --- endpoints (owners and admins) -------------------------------------------------------------


def _validate(data: dict[str, Any], errors: ErrorCollector, creating: bool) -> None:
    if creating or "url" in data:
        url = (data.get("url") or "").strip()
        data["url"] = url
        check_length(url, 2000, "url", errors, required=True)
        problem = addresses.check_url(url) if url and not errors.has("url") else None
        if problem:
            errors.add("url", problem, ErrorCode.INVALID)
    if "description" in data:
        data["description"] = (data.get("description") or "").strip()
        check_length(data["description"], 200, "description", errors)
    if creating or "event_types" in data:
        chosen = list(dict.fromkeys(data.get("event_types") or []))
        data["event_types"] = chosen
        known = set(event_types())
        unknown = [t for t in chosen if t not in known]
        if not chosen:
            errors.add("eventTypes", "Choose at least one event.", ErrorCode.REQUIRED)
        elif unknown:
            errors.add("eventTypes", f"Unknown event type: {unknown[0]}.", ErrorCode.INVALID_CHOICE)
    if creating:
        data["enabled"] = data.get("enabled") is not False  # on unless said otherwise
    elif "enabled" in data and data["enabled"] is None:
        errors.add("enabled", "This field is required.", ErrorCode.REQUIRED)


def create_endpoint(membership: Membership, data: dict[str, Any]) -> tuple[WebhookEndpoint, str]:
    """Subscribe a URL to event types; return the endpoint and its secret (shown this once)."""
    require_admin(membership)
    data = dict(data)
    errors = ErrorCollector()
    _validate(data, errors, creating=True)
    if WebhookEndpoint.objects.count() >= MAX_ENDPOINTS:
        errors.add(None, f"At most {MAX_ENDPOINTS} webhook endpoints per workspace.", ErrorCode.TOO_MANY)
    errors.raise_if_any()
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.create(
            url=data["url"],
            description=data.get("description") or "",
            event_types=data["event_types"],
            enabled=data["enabled"],
            secret=signing.new_secret(),
            created_by_id=membership.user_id,
        )
        _audit(membership, "create", endpoint, {f: {"old": None, "new": getattr(endpoint, f)} for f in ENDPOINT_FIELDS})
    return endpoint, endpoint.secret


NO_SUCH_ID = uuid.UUID(int=0)


def parse_pk(value: Any) -> uuid.UUID:
    """The UUID inside an id; a malformed one is a UUID no row has (so it finds nothing)."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return NO_SUCH_ID


def _endpoint(membership: Membership, pk: Any) -> WebhookEndpoint:
    require_admin(membership)
    endpoint = WebhookEndpoint.objects.select_for_update().filter(pk=parse_pk(pk)).first()
    if endpoint is None:
        raise not_found("id", "webhook endpoint")
    return endpoint


def update_endpoint(membership: Membership, pk: Any, data: dict[str, Any]) -> WebhookEndpoint:
    """Change the URL, description, events or enabled flag; enabling again forgets past failures."""
    data = {k: v for k, v in data.items() if k in ENDPOINT_FIELDS}
    errors = ErrorCollector()
    _validate(data, errors, creating=False)
    errors.raise_if_any()
    with transaction.atomic():
        endpoint = _endpoint(membership, pk)
        changes = {f: {"old": getattr(endpoint, f), "new": v} for f, v in data.items() if getattr(endpoint, f) != v}
        for name, value in data.items():
            setattr(endpoint, name, value)
        if changes.get("enabled", {}).get("new") is True:
            endpoint.consecutive_failures = 0
            endpoint.disabled_at = None
            endpoint.disabled_reason = ""
        endpoint.updated_at = timezone.now()
        endpoint.save()
        if changes:
            _audit(membership, "update", endpoint, changes)
    return endpoint


def rotate_secret(membership: Membership, pk: Any) -> tuple[WebhookEndpoint, str]:
    """A new secret for the endpoint, in force at once; returned this once."""
    with transaction.atomic():
        endpoint = _endpoint(membership, pk)
        endpoint.secret = signing.new_secret()
        endpoint.secret_rotated_at = endpoint.updated_at = timezone.now()
        endpoint.save(update_fields=["secret", "secret_rotated_at", "updated_at"])
        _audit(membership, "update", endpoint, {"secret": {"old": "(rotated)", "new": "(rotated)"}})
    return endpoint, endpoint.secret


def delete_endpoint(membership: Membership, pk: Any) -> Any:
    """Remove the endpoint and its delivery log."""
    with transaction.atomic():
        endpoint = _endpoint(membership, pk)
        _audit(membership, "delete", endpoint, {"url": {"old": endpoint.url, "new": None}})
        endpoint.delete()
    return pk


def _audit(membership: Membership, action: str, endpoint: WebhookEndpoint, changes: dict[str, Any]) -> None:
    # Not a registered record type: the audit log shows these entries to owners and admins only.
    audit.record(
        actor=membership.user,
        action=action,
        record_type="WebhookEndpoint",
        record_id=str(endpoint.pk),
        changes=changes,
    )


def redeliver(membership: Membership, pk: Any) -> WebhookDelivery:
    """Send a delivery again now, with the same body and a fresh signature (once the call commits)."""
    require_admin(membership)
    delivery = WebhookDelivery.objects.filter(pk=parse_pk(pk)).first()
    if delivery is None:
        raise not_found("id", "webhook delivery")
    schema_name = connection.schema_name
    transaction.on_commit(lambda: _enqueue(schema_name, str(delivery.pk), manual=True))
    return delivery


# --- fan-out -------------------------------------------------------------------------------------


def record_event_heard(event: dict[str, Any]) -> list[WebhookDelivery]:
    """A committed record event: one delivery per enabled endpoint subscribed to its type, then send.

    Runs in the schema of the workspace that wrote the record (``event["tenant"]``), whatever the
    connection points at by then: another workspace's endpoints are never looked at.
    """
    if event.get("tenant") == connection.schema_name:
        return _fan_out(event)
    tenant = Tenant.objects.filter(schema_name=event.get("tenant")).first()
    if tenant is None:
        return []
    with tenant_context(tenant):
        return _fan_out(event)


def _fan_out(event: dict[str, Any]) -> list[WebhookDelivery]:
    event_type = event_type_of(event)
    endpoints = list(WebhookEndpoint.objects.filter(enabled=True, event_types__contains=[event_type]).only("id"))
    if not endpoints:
        return []
    body = body_of({**event, "published_at": event.get("published_at") or time.time()})
    now = timezone.now()
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            endpoint_id=endpoint.pk,
            event_type=event_type,
            record_type=event["record_type"],
            record_id=str(event["record_id"]),
            body=body,
            next_attempt_at=now,
        )
        for endpoint in endpoints
    )
    for delivery in deliveries:
        _enqueue(connection.schema_name, str(delivery.pk))
    return deliveries


def _enqueue(schema_name: str, delivery_id: str, *, manual: bool = False, countdown: float | None = None) -> None:
    from .tasks import deliver_webhook

    deliver_webhook.apply_async(
        args=[delivery_id], kwargs={"manual": manual}, countdown=countdown, headers={"_schema_name": schema_name}
    )


# --- delivery ------------------------------------------------------------------------------------


class WebhookConnector(Connector):
    """Outgoing webhooks on the connector interface: outbound only (it takes no inbound requests)."""

    name = "webhooks"

    def deliver(self, delivery: WebhookDelivery, secret: str) -> Sent:
        body = delivery.body.encode()
        timestamp = int(time.time())
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "CRM-Webhooks/1",
            "X-Crm-Event": delivery.event_type,
            "X-Crm-Delivery": str(delivery.pk),
            "X-Crm-Timestamp": str(timestamp),
            signing.SIGNATURE_HEADER: signing.signature_header(secret, timestamp, body),
        }
        return self.send(Outbound(url=delivery.endpoint.url, body=body, headers=headers))


CONNECTOR = WebhookConnector()


def backoff_seconds(attempts: int) -> int:
    """The wait after the ``attempts``-th failed attempt: the base, doubled each time (30 s, 1 min, 2 min…)."""
    return int(settings.WEBHOOKS_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0))


def attempt(delivery_id: Any, *, manual: bool = False, now: datetime | None = None) -> WebhookDelivery | None:
    """Send one delivery once, if it is due (or ``manual``), and record what the endpoint answered.

    The row is claimed first (``next_attempt_at`` moved past the request's timeout, in its own short
    transaction), so a retry task and the sweep never send the same attempt twice, and no transaction
    stays open while the endpoint answers.
    """
    now = now or timezone.now()
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            .select_related("endpoint")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None:
            return None
        due = delivery.status in (Status.PENDING, Status.RETRYING) and (
            delivery.next_attempt_at is None or delivery.next_attempt_at <= now
        )
        if not manual and not due:
            return delivery
        if not manual and not delivery.endpoint.enabled:
            delivery.status, delivery.error, delivery.next_attempt_at = Status.FAILED, "Endpoint disabled.", None
            delivery.save(update_fields=["status", "error", "next_attempt_at"])
            return delivery
        lease = timedelta(seconds=settings.WEBHOOKS_TIMEOUT_SECONDS * 3)
        WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=now + lease)
    sent = CONNECTOR.deliver(delivery, delivery.endpoint.secret)
    return _record(delivery, sent, manual=manual, now=now)


def _record(delivery: WebhookDelivery, sent: Sent, *, manual: bool, now: datetime) -> WebhookDelivery:
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().select_related("endpoint").get(pk=delivery.pk)
        delivery.attempts += 1
        WebhookAttempt.objects.create(
            delivery=delivery,
            number=delivery.attempts,
            manual=manual,
            succeeded=sent.ok,
            response_code=sent.status_code,
            duration_ms=sent.duration_ms,
            response_body=sent.body,
            error=sent.error,
            at=now,
        )
        delivery.response_code, delivery.duration_ms = sent.status_code, sent.duration_ms
        delivery.response_body, delivery.error = sent.body, sent.error or ("" if sent.ok else "Not a 2xx answer.")
        endpoints = WebhookEndpoint.objects.filter(pk=delivery.endpoint_id)
        if sent.ok:
            delivery.status, delivery.delivered_at, delivery.next_attempt_at = Status.SUCCEEDED, now, None
            endpoints.update(consecutive_failures=0)
        else:
            endpoints.update(consecutive_failures=F("consecutive_failures") + 1)
            retry = delivery.attempts < settings.WEBHOOKS_MAX_ATTEMPTS and (
                not manual or delivery.status in (Status.PENDING, Status.RETRYING)
            )
            if retry:
                delivery.status = Status.RETRYING
                delivery.next_attempt_at = now + timedelta(seconds=backoff_seconds(delivery.attempts))
            else:
                delivery.status, delivery.next_attempt_at = Status.FAILED, None
        delivery.save()
        endpoint = endpoints.get()
        if (
            not sent.ok
            and endpoint.enabled
            and endpoint.consecutive_failures >= settings.WEBHOOKS_DISABLE_AFTER_FAILURES
        ):
            _disable(endpoint, now)
        elif delivery.status == Status.RETRYING and not settings.CELERY_TASK_ALWAYS_EAGER:
            # In-process (eager) tasks cannot wait: the sweep picks those retries up when they are due.
            countdown = (delivery.next_attempt_at - now).total_seconds() if delivery.next_attempt_at else 0
            schema_name = connection.schema_name
            transaction.on_commit(lambda: _enqueue(schema_name, str(delivery.pk), countdown=countdown))
    return delivery


def _disable(endpoint: WebhookEndpoint, now: datetime) -> None:
    """Switch a failing endpoint off, give up its waiting deliveries and tell every owner and admin."""
    failures = endpoint.consecutive_failures
    endpoint.enabled, endpoint.disabled_at = False, now
    endpoint.disabled_reason = f"{failures} failed attempts in a row."
    endpoint.save(update_fields=["enabled", "disabled_at", "disabled_reason"])
    WebhookDelivery.objects.filter(endpoint=endpoint, status__in=[Status.PENDING, Status.RETRYING]).update(
        status=Status.FAILED, next_attempt_at=None, error="Endpoint disabled."
    )
    audit.record(
        actor=None,
        action="update",
        record_type="WebhookEndpoint",
        record_id=str(endpoint.pk),
        changes={"enabled": {"old": True, "new": False}},
    )
    admins = Membership.objects.filter(
        tenant_id=connection.tenant.pk, role__in=ADMIN_ROLES, is_active=True, user__is_service_account=False
    ).values_list("user_id", flat=True)
    message = f"Webhook to {endpoint.url} was switched off after {failures} failed attempts in a row."
    for user_id in admins:
        realtime.notify(user_id, "webhook_disabled", message, {"endpointId": global_id("WebhookEndpoint", endpoint.pk)})


def due_deliveries(now: datetime | None = None) -> list[str]:
    """Ids of deliveries waiting for an attempt whose time has come (the sweep's work)."""
    now = now or timezone.now()
    due = WebhookDelivery.objects.filter(status__in=[Status.PENDING, Status.RETRYING], next_attempt_at__lte=now)
    return [str(pk) for pk in due.order_by("next_attempt_at").values_list("pk", flat=True)[:500]]


def send_due(now: datetime | None = None) -> int:
    """Attempt every due delivery of the current workspace; return how many were attempted."""
    ids = due_deliveries(now)
    for delivery_id in ids:
        attempt(delivery_id, now=now)
    return len(ids)


# --- the WeChat official account (owners and admins) --------------------------------------------

WECHAT_TOKEN = re.compile(r"^[A-Za-z0-9]{3,32}$")  # what WeChat's console accepts
WECHAT_SECRET = re.compile(r"^[A-Za-z0-9]{16,64}$")  # the AppSecret (32 characters today)


def connect_wechat(membership: Membership, app_id: str, token: str, app_secret: str | None = None) -> WeChatAccount:
    """Connect (or re-key) the workspace's official account; inbound records are written as this admin.

    ``app_secret`` (left out: kept) lets the CRM call WeChat's API: campaign QR codes, tag sync.
    """
    require_admin(membership)
    app_id, token = (app_id or "").strip(), (token or "").strip()
    secret = (app_secret or "").strip() if app_secret is not None else None
    errors = ErrorCollector()
    check_length(app_id, 64, "appId", errors, required=True)
    if not WECHAT_TOKEN.match(token):
        errors.add("token", "3 to 32 letters and digits, as in WeChat's console.", ErrorCode.INVALID_FORMAT)
    if secret and not WECHAT_SECRET.match(secret):
        errors.add("appSecret", "32 letters and digits, as in WeChat's console.", ErrorCode.INVALID_FORMAT)
    errors.raise_if_any()
    with transaction.atomic():
        account = WeChatAccount.objects.select_for_update().first() or WeChatAccount()
        before = account.app_id
        account.app_id, account.token, account.enabled = app_id, token, True
        if secret is not None:
            account.app_secret = secret
        account.acting_user_id = membership.user_id
        account.save()
        changes: dict[str, Any] = {
            "app_id": {"old": before or None, "new": app_id},
            "token": {"old": "(set)", "new": "(set)"},
        }
        if secret is not None:
            changes["app_secret"] = {"old": "(set)", "new": "(set)" if secret else None}
        audit.record(
            actor=membership.user,
            action="update" if before else "create",
            record_type="WeChatAccount",
            record_id=str(account.pk),
            changes=changes,
        )
    return account


SCENE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")  # WeChat takes 1 to 64 characters as a string scene


def default_scene(campaign: Campaign) -> str:
    """A scene naming the campaign: its name in ASCII letters and digits, and a part of its id (unique)."""
    name = slugify(campaign.name)[:48].strip("-")
    return f"{name or 'campaign'}-{campaign.pk.hex[:8]}"


def create_wechat_qr_code(membership: Membership, campaign_id: Any, scene: str | None = None) -> WeChatQrCode:
    """A permanent QR code for a campaign: WeChat makes the ticket, we keep it (owners and admins).

    Following or scanning through it brings the scene, which attributes the follower to the campaign. The
    call to WeChat is made before anything is written; a refusal is ``delivery_failed`` with WeChat's reason.
    """
    require_admin(membership)
    errors = ErrorCollector()
    campaign = get_for(membership, Campaign, campaign_id, "read", "campaignId")
    account = WeChatAccount.objects.filter(enabled=True).first()
    if account is None:
        errors.add(None, "Connect the WeChat official account first.", ErrorCode.INVALID)
    elif not account.app_secret:
        errors.add(None, "Enter the official account's AppSecret first: WeChat makes the code.", ErrorCode.INVALID)
    scene = (scene or "").strip() or default_scene(campaign)
    if not SCENE.match(scene):
        errors.add("scene", "1 to 64 letters, digits, - and _.", ErrorCode.INVALID_FORMAT)
    elif WeChatQrCode.objects.filter(scene=scene).exists():
        errors.add("scene", "A QR code with this scene exists.", ErrorCode.TAKEN)
    errors.raise_if_any()
    assert account is not None
    try:
        ticket = WeChatApi(account).create_qr_ticket(scene)
    except WeChatApiError as error:
        raise ServiceError(FieldError(None, str(error), ErrorCode.DELIVERY_FAILED)) from error
    try:
        with transaction.atomic():
            code = WeChatQrCode.objects.create(
                campaign=campaign, scene=scene, ticket=ticket.ticket, url=ticket.url, created_by_id=membership.user_id
            )
            audit.record(
                actor=membership.user,
                action="create",
                record_type="WeChatQrCode",
                record_id=str(code.pk),
                changes={"campaign": {"old": None, "new": str(campaign.pk)}, "scene": {"old": None, "new": scene}},
            )
    except IntegrityError as error:  # the same scene made meanwhile
        raise ServiceError(FieldError("scene", "A QR code with this scene exists.", ErrorCode.TAKEN)) from error
    return code


def sync_wechat_tags(membership: Membership) -> WeChatAccount:
    """Sync followers' tags with their contacts' now, in the background (owners and admins)."""
    require_admin(membership)
    account = WeChatAccount.objects.filter(enabled=True).first()
    if account is None or not account.app_secret:
        raise ServiceError(
            FieldError(None, "Connect the WeChat official account with its AppSecret first.", ErrorCode.INVALID)
        )
    schema_name = connection.schema_name

    def enqueue() -> None:
        from .tasks import sync_wechat_tags as task

        task.apply_async(headers={"_schema_name": schema_name})

    transaction.on_commit(enqueue)
    return account


# --- inbox channels: the e-mail inbox and SMS (owners and admins connect; members reply) -----------

CHANNEL_FIELDS = ("address", "account_sid", "unknown_senders", "enabled")
SMS_NUMBER = re.compile(r"^\+[1-9]\d{6,14}$")  # E.164, as the provider shows the number


def channel(kind: str) -> ChannelConnection | None:
    return ChannelConnection.objects.filter(channel=kind).first()


def _check_policy(data: dict[str, Any], errors: ErrorCollector) -> None:
    if data.get("unknown_senders") is None:
        data.pop("unknown_senders", None)
    elif data["unknown_senders"] not in ChannelConnection.UnknownSenders.values:
        errors.add("unknownSenders", "Either contact or lead.", ErrorCode.INVALID_CHOICE)
    if "enabled" in data and data["enabled"] is None:
        data.pop("enabled")


def _save_channel(
    membership: Membership, kind: str, data: dict[str, Any], secret: str | None
) -> tuple[ChannelConnection, bool]:
    """Create or change the workspace's connection of ``kind``; True when it is new."""
    with transaction.atomic():
        connection_ = ChannelConnection.objects.select_for_update().filter(channel=kind).first()
        created = connection_ is None
        if connection_ is None:
            connection_ = ChannelConnection(channel=kind, token=secrets.token_urlsafe(24))
        before = {f: getattr(connection_, f) for f in CHANNEL_FIELDS}
        for name, value in data.items():
            setattr(connection_, name, value)
        if secret is not None:
            connection_.secret = secret
        connection_.acting_user_id = membership.user_id
        connection_.updated_at = timezone.now()
        connection_.save()
        changes = {
            f: {"old": None if created else before[f], "new": getattr(connection_, f)}
            for f in CHANNEL_FIELDS
            if created or before[f] != getattr(connection_, f)
        }
        if secret is not None:
            changes["secret"] = {"old": "(set)", "new": "(set)"}
        audit.record(
            actor=membership.user,
            action="create" if created else "update",
            record_type="ChannelConnection",
            record_id=str(connection_.pk),
            changes=changes,
        )
    return connection_, created


def connect_email_inbox(
    membership: Membership,
    address: str,
    unknown_senders: str | None = None,
    enabled: bool | None = None,
    rotate_secret: bool | None = None,
) -> tuple[ChannelConnection, str | None]:
    """Connect (or change) the e-mail inbox; the signing secret is returned when new or rotated, only then."""
    require_admin(membership)
    data: dict[str, Any] = {"address": (address or "").strip().lower(), "unknown_senders": unknown_senders}
    if enabled is not None:
        data["enabled"] = enabled
    errors = ErrorCollector()
    check_length(data["address"], 254, "address", errors, required=True)
    if data["address"] and not EMAIL.match(data["address"]):
        errors.add("address", "Not an e-mail address.", ErrorCode.INVALID_FORMAT)
    _check_policy(data, errors)
    errors.raise_if_any()
    new_secret = signing.new_secret() if rotate_secret or channel(ChannelConnection.Channel.EMAIL) is None else None
    found, _ = _save_channel(membership, ChannelConnection.Channel.EMAIL, data, new_secret)
    return found, new_secret


def connect_sms(
    membership: Membership,
    account_sid: str,
    phone_number: str,
    auth_token: str | None = None,
    unknown_senders: str | None = None,
    enabled: bool | None = None,
) -> ChannelConnection:
    """Connect (or change) the SMS number; the provider's auth token is kept, never shown back."""
    require_admin(membership)
    data: dict[str, Any] = {
        "account_sid": (account_sid or "").strip(),
        "address": normalize_phone(phone_number or ""),
        "unknown_senders": unknown_senders,
    }
    if enabled is not None:
        data["enabled"] = enabled
    token = (auth_token or "").strip() or None
    errors = ErrorCollector()
    check_length(data["account_sid"], 64, "accountSid", errors, required=True)
    if not SMS_NUMBER.match(data["address"]):
        errors.add("phoneNumber", "The number in international format, such as +14155550100.", ErrorCode.INVALID_FORMAT)
    if token is None and channel(ChannelConnection.Channel.SMS) is None:
        errors.add("authToken", "This field is required.", ErrorCode.REQUIRED)
    elif token is not None:
        check_length(token, 100, "authToken", errors)
    _check_policy(data, errors)
    errors.raise_if_any()
    found, _ = _save_channel(membership, ChannelConnection.Channel.SMS, data, token)
    return found


def _connected(kind: str, field: str) -> ChannelConnection:
    found = channel(kind)
    if found is None or not found.enabled:
        label = "e-mail inbox" if kind == ChannelConnection.Channel.EMAIL else "SMS number"
        raise ServiceError(FieldError(field, f"The workspace's {label} is not connected.", ErrorCode.NOT_ENABLED))
    return found


def _text(text: str, limit: int, errors: ErrorCollector) -> str:
    text = (text or "").strip()
    check_length(text, limit, "body", errors, required=True)
    return text


def reply_by_email(membership: Membership, interaction_id: Any, body: str) -> Interaction:
    """Answer an e-mail on a contact's timeline from the inbox, in its thread; logged as outbound, sent after commit."""
    from .email_inbox import EmailConnector

    errors = ErrorCollector()
    body = _text(body, 50_000, errors)
    errors.raise_if_any()
    interaction = get_for(membership, Interaction, interaction_id, "read", "interactionId")
    to = ChannelMessage.objects.filter(channel=ChannelConnection.Channel.EMAIL, interaction=interaction).first()
    if to is None or to.contact_id is None:
        raise ServiceError(FieldError("interactionId", "Not an e-mail of the inbox.", ErrorCode.INVALID))
    connector = EmailConnector(_connected(ChannelConnection.Channel.EMAIL, "interactionId"))
    with transaction.atomic():
        queued = connector.reply(membership, to, body)  # sent once this commits (``outbox``)
    assert queued.interaction is not None
    return queued.interaction


def send_sms(membership: Membership, contact_id: Any, body: str) -> Interaction:
    """Text a contact from the workspace's number (only with their SMS consent); logged, sent after commit."""
    from .sms import SmsConnector

    errors = ErrorCollector()
    body = _text(body, 1600, errors)
    errors.raise_if_any()
    contact = get_for(membership, Contact, contact_id, "read", "contactId")
    connector = SmsConnector(_connected(ChannelConnection.Channel.SMS, "contactId"))
    if not contact.phones:
        raise ServiceError(FieldError("contactId", "The contact has no phone number.", ErrorCode.REQUIRED))
    if not contact.sms_consent:
        raise ServiceError(
            FieldError("contactId", "The contact has not agreed to texts (or sent STOP).", ErrorCode.OPTED_OUT)
        )
    with transaction.atomic():
        queued = connector.queue_text(membership, contact, contact.phones[0], body)  # sent once this commits
    assert queued.interaction is not None
    return queued.interaction
