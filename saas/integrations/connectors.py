"""The shape every channel to the outside world takes: outgoing webhooks, WeChat, e-mail and SMS.

A connector has an inbound half (``verify`` → ``parse`` → ``handle``: a request from the channel is
authenticated, turned into messages, and each message into CRM records) and an outbound half
(``send``: one HTTP request through a ``Transport``). The transport is the only thing that reaches the
network, and tests replace it (``replaced_transport``), so no test ever sends a packet.

A new channel::

    class SmsConnector(Connector):
        name = "sms"

        def verify(self, inbound: Inbound) -> bool: ...  # the provider's signature, a replay window
        def parse(self, inbound: Inbound) -> list[Message]: ...  # the provider's format → messages
        def handle(self, message: Message) -> Any: ...  # through the modules' services

        def deliver(self, number: str, text: str) -> Sent:
            return self.send(Outbound(url=..., body=..., headers=...))

``receive(inbound)`` runs the three inbound steps and refuses (``Refused``) what does not verify.

What every inbound channel needs beyond its own format lives here, so a channel writes only that:
``recent`` (a timestamp inside the replay window: outside it a request is refused, a captured one too),
``unreused`` (a signature or nonce seen again is let through only with the very same body: providers
retry whatever was not answered 2xx, so their retry of one request is acknowledged like the first, while
a signature lifted onto another body is refused), ``handled_once`` (a message the provider delivers
again, by retry or afresh, writes nothing a second time), and ``inbox.InboxConnector`` (a connected channel
that writes as the admin who
connected it: the sender matched to a contact, or a new contact or lead per the workspace's setting;
an inbound interaction on the contact's timeline; a realtime notice to that admin).
See docs/webhooks.md ("Connectors").
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction

from tenants.db import connection as db
from tenants.models import Membership

from . import addresses

RESPONSE_BODY_LIMIT = 2000  # characters of an answer kept in the delivery log
REPLAY_WINDOW_SECONDS = 300

T = TypeVar("T")


@dataclass(frozen=True)
class Inbound:
    """A request a channel made to us, as received (raw body: signatures are over the bytes)."""

    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)
    query: Mapping[str, str] = field(default_factory=dict)
    method: str = "POST"
    url: str = ""  # the full URL the channel called (some providers sign it)


@dataclass(frozen=True)
class Message:
    """One thing a channel told us (an event, a text, a follow): ``kind`` plus what it carried."""

    kind: str
    data: Mapping[str, Any]


@dataclass(frozen=True)
class Outbound:
    """A request to send: the body is sent as is."""

    url: str
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)
    method: str = "POST"


@dataclass(frozen=True)
class Sent:
    """What came of a request: the status code (``None`` when none came back) and the answer, truncated."""

    status_code: int | None
    duration_ms: int
    body: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class Refused(Exception):
    """An inbound request that does not verify (forged, replayed, malformed)."""


# The network. ``None``: httpx's own (real sockets); tests install an ``httpx.MockTransport``.
_transport: httpx.BaseTransport | None = None


def current_transport() -> httpx.BaseTransport | None:
    """The transport in force (for clients built elsewhere, such as the SMS provider's)."""
    return _transport


@contextmanager
def replaced_transport(transport: httpx.BaseTransport) -> Iterator[None]:
    """Send every connector's requests through ``transport`` meanwhile (tests, local tools)."""
    global _transport
    before, _transport = _transport, transport
    try:
        yield
    finally:
        _transport = before


class Connector:
    """Base of every channel. Inbound refuses everything until a connector says how to verify."""

    name = "connector"

    # -- inbound --------------------------------------------------------------------------------

    def verify(self, inbound: Inbound) -> bool:
        """Whether the request really comes from the channel (signature, timestamp window)."""
        return False

    def parse(self, inbound: Inbound) -> list[Message]:
        """The messages a verified request carries."""
        raise NotImplementedError(f"{self.name} takes no inbound requests")

    def handle(self, message: Message) -> Any:
        """Turn one message into CRM records through the modules' services."""
        raise NotImplementedError(f"{self.name} takes no inbound requests")

    def receive(self, inbound: Inbound) -> list[Any]:
        if not self.verify(inbound):
            raise Refused(f"{self.name}: the request does not verify")
        return [self.handle(message) for message in self.parse(inbound)]

    def acting_membership(self, user_id: Any) -> Membership:
        """The admin who connected the channel, in this workspace: inbound records are theirs. Gone (left,
        deactivated): ``Refused``, nothing is written."""
        found = (
            Membership.objects.select_related("user")
            .filter(user_id=user_id, tenant__schema_name=db.schema_name, is_active=True)
            .first()
        )
        if found is None:
            raise Refused(f"{self.name}: the admin who connected it is no longer a member")
        return found

    # -- what every inbound channel checks the same way -------------------------------------------

    def recent(self, timestamp: int | str, now: float | None = None) -> bool:
        """Whether a request's timestamp lies within the replay window of our clock."""
        try:
            stamp = int(timestamp)
        except (TypeError, ValueError):
            return False
        return abs((time.time() if now is None else now) - stamp) <= REPLAY_WINDOW_SECONDS

    def unreused(self, key: str, body: bytes) -> bool:
        """Whether ``key`` (a signature, a nonce) is new, or was seen within twice the window with this very body.

        The same request again is the provider's retry (it retries until answered 2xx, even after we wrote
        the message and its answer was lost): it goes through, and ``handled_once`` keeps it from writing
        twice. The same key over another body is a forgery (WeChat's signature does not cover the body).
        The cache key carries the tenant's schema (the cache is per tenant), so workspaces never collide.
        """
        seen, digest = f"{self.name}-seen:{key}", hashlib.sha256(body).hexdigest()
        return bool(cache.add(seen, digest, REPLAY_WINDOW_SECONDS * 2)) or cache.get(seen) == digest

    def handled_once(self, apply: Callable[[], T], seen: Callable[[], T]) -> T:
        """``apply`` in one transaction, once: when it trips a unique key (the provider's message id,
        recorded first) the message was handled before, and ``seen`` answers instead."""
        try:
            with transaction.atomic():
                return apply()
        except IntegrityError:
            return seen()

    # -- outbound -------------------------------------------------------------------------------

    def send(self, outbound: Outbound) -> Sent:
        """One request, never following redirects, to a public address only (see ``addresses``).

        Network failures and refusals come back as a ``Sent`` without a status code, never raised.
        """
        started = time.monotonic()
        try:
            request = pinned(
                httpx.Request(outbound.method, outbound.url, headers=dict(outbound.headers), content=outbound.body)
            )
            with httpx.Client(
                transport=_transport, follow_redirects=False, timeout=settings.WEBHOOKS_TIMEOUT_SECONDS
            ) as client:
                response = client.send(request)
                text = response.text[:RESPONSE_BODY_LIMIT]
        except addresses.UnsafeAddress as error:
            return Sent(None, _since(started), error=str(error))
        except httpx.HTTPError as error:
            return Sent(None, _since(started), error=(f"{type(error).__name__}: {error}")[:300])
        return Sent(response.status_code, _since(started), text)


def _since(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def pinned(request: httpx.Request) -> httpx.Request:
    """``request`` sent to the address that was checked (``addresses.public_address``; raises ``UnsafeAddress``).

    The URL's host stays in ``Host`` and in TLS (SNI and the certificate check), so the provider sees the
    request it expects. Every outbound HTTP request of a connector goes through here, whichever client builds it
    (our own ``send``, the SMS provider's library), so none reaches a private address in production.
    """
    url = request.url
    host = url.host
    port = url.port or (443 if url.scheme == "https" else 80)
    address = addresses.public_address(host, port)
    if address is None:
        return request
    headers = httpx.Headers(request.headers)
    headers["Host"] = url.netloc.decode("ascii").rpartition("@")[2]
    extensions: dict[str, Any] = dict(request.extensions)
    if url.scheme == "https":
        extensions["sni_hostname"] = host  # the certificate is checked against the name, not the address
    return httpx.Request(
        request.method, url.copy_with(host=address), headers=headers, content=request.content, extensions=extensions
    )
