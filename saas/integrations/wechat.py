"""The WeChat official account connector: server-URL verification, inbound XML messages and events.

Follows ``connectors.Connector``: ``verify`` (the signature WeChat puts in the query string, SHA-1
of the sorted token, timestamp and nonce, within a five-minute window, each nonce over one body only:
WeChat's retry of a request is acknowledged again, once written), ``parse``
(the XML body → ``Message``) and ``handle`` (one message → a follower, a contact and an interaction on
its timeline, through the customers module's services, written as the admin who connected the account).

Events: ``subscribe`` (with ``qrscene_<scene>`` when it came from a campaign's QR code), ``unsubscribe``,
``SCAN`` (a follower scanned a QR code: ``EventKey`` is the scene), ``LOCATION``, ``CLICK`` (a menu
item); messages: ``text``, ``location``. Anything else is acknowledged and ignored.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree import ElementTree

from django.utils import timezone

from saas.customers import services as customers
from saas.customers.models import InteractionChannel
from tenants.models import Membership

from .connectors import Connector, Inbound, Message
from .models import WeChatAccount, WeChatFollower, WeChatInbound

MAX_BODY_BYTES = 64 * 1024


def signature(token: str, timestamp: str, nonce: str) -> str:
    """WeChat's server-URL signature: SHA-1 of token, timestamp and nonce sorted and joined."""
    return hashlib.sha1("".join(sorted([token, timestamp, nonce])).encode()).hexdigest()


class WeChatConnector(Connector):
    name = "wechat"

    def __init__(self, account: WeChatAccount, *, now: float | None = None) -> None:
        self.account = account
        self.now = now

    # -- inbound --------------------------------------------------------------------------------

    def verify(self, inbound: Inbound) -> bool:
        """The signature matches the account's token, the timestamp is recent, and the nonce is new."""
        timestamp, nonce = inbound.query.get("timestamp", ""), inbound.query.get("nonce", "")
        given = inbound.query.get("signature", "")
        if not (self.account.enabled and timestamp.isdigit() and nonce and given):
            return False
        if not self.recent(timestamp, self.now):
            return False
        if not hmac.compare_digest(signature(self.account.token, timestamp, nonce), given):
            return False
        return self.unreused(f"{timestamp}:{nonce}", inbound.body)  # not this query string over another body

    def parse(self, inbound: Inbound) -> list[Message]:
        if len(inbound.body) > MAX_BODY_BYTES or b"<!DOCTYPE" in inbound.body or b"<!ENTITY" in inbound.body:
            return []  # WeChat never sends a DTD: refuse entity tricks outright
        try:
            root = ElementTree.fromstring(inbound.body)
        except ElementTree.ParseError:
            return []
        fields = {child.tag: (child.text or "").strip() for child in root}
        kind = fields.get("MsgType", "")
        if kind == "event":
            kind = f"event.{fields.get('Event', '').lower()}"
        return [Message(kind=kind, data=fields)]

    def handle(self, message: Message) -> WeChatFollower | None:
        """Apply one message (once: WeChat's retries of it change nothing)."""
        data = message.data
        openid = data.get("FromUserName", "")
        if not openid:
            return None
        key = data.get("MsgId") or f"{openid}:{data.get('CreateTime', '')}:{message.kind}:{data.get('EventKey', '')}"
        at = _sent_at(data.get("CreateTime", ""))

        def apply() -> WeChatFollower | None:
            WeChatInbound.objects.create(key=key[:140])
            return self._apply(message.kind, openid, data, at)

        return self.handled_once(apply, lambda: WeChatFollower.objects.filter(openid=openid).first())

    def _apply(self, kind: str, openid: str, data: dict[str, str] | Any, at: datetime) -> WeChatFollower:
        follower, _ = WeChatFollower.objects.select_for_update().get_or_create(openid=openid)
        scene = _scene(kind, data.get("EventKey", ""))
        if kind == "event.subscribe":
            follower.subscribed, follower.followed_at, follower.unfollowed_at = True, at, None
            if scene and not follower.first_scene:
                follower.first_scene = scene
            self._touch(follower, at, "Followed the official account" + (f" (scene {scene})" if scene else ""), "")
        elif kind == "event.unsubscribe":
            follower.subscribed, follower.unfollowed_at = False, at
        elif kind == "event.scan":
            self._touch(follower, at, f"Scanned QR code (scene {scene})", "")
        elif kind == "event.click":
            self._touch(follower, at, f"Menu click: {data.get('EventKey', '')}", "")
        elif kind in ("event.location", "location"):
            follower.latitude = _decimal(data.get("Latitude") or data.get("Location_X"))
            follower.longitude = _decimal(data.get("Longitude") or data.get("Location_Y"))
        elif kind == "text":
            self._touch(follower, at, "WeChat message", data.get("Content", ""))
        if scene:
            follower.last_scene = scene
        follower.save()
        return follower

    def _touch(self, follower: WeChatFollower, at: datetime, subject: str, body: str) -> None:
        """An interaction on the follower's contact (made on first contact), counted for frequency."""
        membership = self._membership()
        if follower.contact_id is None:
            follower.contact = customers.create_contact(
                membership,
                {"first_name": f"WeChat {follower.openid[-6:]}", "owner": self.account.acting_user_id},
                allow_duplicate=True,
            )
        customers.log_interaction(
            membership,
            {
                "kind": "social_message",
                "direction": "inbound",
                "channel": InteractionChannel.WECHAT,
                "occurred_at": at,
                "subject": subject[:200],
                "body": body,
                "contact": follower.contact_id,
            },
        )
        follower.interactions += 1
        follower.last_interaction_at = at

    def _membership(self) -> Membership:
        return self.acting_membership(self.account.acting_user_id)


def _scene(kind: str, event_key: str) -> str:
    if kind == "event.subscribe" and event_key.startswith("qrscene_"):
        return event_key.removeprefix("qrscene_")[:64]
    return event_key[:64] if kind == "event.scan" else ""


def _sent_at(create_time: str) -> datetime:
    return datetime.fromtimestamp(int(create_time), UTC) if create_time.isdigit() else timezone.now()


def _decimal(value: str | None) -> Decimal | None:
    try:
        return Decimal(value).quantize(Decimal("0.000001")) if value else None
    except InvalidOperation:
        return None
