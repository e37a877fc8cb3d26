"""The SMS connector for Twilio-style providers: inbound webhooks, STOP / START, outbound texts.

Inbound: the provider posts each text (form fields ``MessageSid``, ``From``, ``To``, ``Body``) to
``/integrations/sms/<token>/``. ``verify`` checks ``X-Twilio-Signature`` with the provider's documented
scheme (HMAC-SHA1 keyed with the auth token over the full URL followed by each POST field's name and
value, sorted by name: ``twilio.request_validator.RequestValidator``; the scheme has no timestamp, so
the provider's retries of a text are told apart by ``MessageSid`` alone); ``handle`` writes each
``MessageSid`` once: the sender by normalised number (see ``inbox``), an
inbound interaction on their timeline, and opt-out: ``STOP`` (and the carriers' synonyms) clears the
contact's SMS consent, ``START`` gives it back.

Outbound: ``queue_text`` logs the text and queues it in the caller's transaction; once committed the outbox
(``outbox``) calls ``transmit``, which sends through ``twilio.rest.Client``, whose HTTP client is ``HttpxClient``: the
connectors' replaceable transport (``connectors.replaced_transport``), so tests answer for the provider,
and the same address check as every outbound request (``connectors.pinned``: public addresses only, no
redirects).
"""

from __future__ import annotations

import logging
import uuid
from typing import Any
from urllib.parse import parse_qsl

import httpx
from django.conf import settings
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http import HttpClient
from twilio.http.response import Response
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from saas.customers import services as customers
from saas.customers.models import Contact, Interaction, normalize_phone
from tenants.models import Membership

from . import addresses, connectors
from .connectors import Inbound, Message
from .inbox import InboxConnector
from .models import ChannelConnection, ChannelMessage
from .outbox import Transmitted

logger = logging.getLogger(__name__)

SMS = ChannelConnection.Channel.SMS
SIGNATURE_HEADER = "X-Twilio-Signature"
MAX_BODY_BYTES = 64 * 1024
# The carriers' standard keywords (a whole message, any case): opting out and back in.
STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE"}
START_WORDS = {"START", "YES", "UNSTOP", "OPTIN"}


class HttpxClient(HttpClient):
    """Twilio's HTTP client interface over httpx and the connectors' transport (replaced in tests)."""

    def __init__(self) -> None:
        super().__init__(logger=logger, is_async=False, timeout=settings.WEBHOOKS_TIMEOUT_SECONDS)

    def request(
        self,
        method: str,
        uri: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> Response:
        # Redirects are never followed (``allow_redirects`` is ignored): their target would skip the address check.
        with httpx.Client(transport=connectors.current_transport(), timeout=timeout or self.timeout) as client:
            request = client.build_request(method, uri, params=_fields(params), data=_fields(data), headers=headers)
            answer = client.send(connectors.pinned(request), auth=auth)
        return Response(answer.status_code, answer.text, answer.headers)


def _fields(values: dict[str, object] | None) -> dict[str, Any] | None:
    return {k: v for k, v in values.items() if v is not None} if values else None


class SmsConnector(InboxConnector):
    name = "sms"
    channel = SMS

    # -- inbound --------------------------------------------------------------------------------

    def verify(self, inbound: Inbound) -> bool:
        given = inbound.headers.get(SIGNATURE_HEADER, "")
        if not (self.connection.enabled and given and inbound.url) or len(inbound.body) > MAX_BODY_BYTES:
            return False
        params = dict(parse_qsl(inbound.body.decode("utf-8", "replace"), keep_blank_values=True))
        if not RequestValidator(self.connection.secret).validate(inbound.url, params, given):
            return False
        return self.unreused(given, inbound.body)  # the provider's retry: acknowledged, written once

    def parse(self, inbound: Inbound) -> list[Message]:
        fields = dict(parse_qsl(inbound.body.decode("utf-8", "replace"), keep_blank_values=True))
        if not fields.get("MessageSid") or not normalize_phone(fields.get("From", "")):
            return []
        return [Message(kind="sms", data=fields)]

    def handle(self, message: Message) -> ChannelMessage:
        """Write one text, once per ``MessageSid``."""
        sid = message.data["MessageSid"][:255]
        return self.handled_once(
            lambda: self._write(sid, message.data),
            lambda: ChannelMessage.objects.get(channel=SMS, external_id=sid),
        )

    def _write(self, sid: str, data: Any) -> ChannelMessage:
        membership = self.membership()
        number = normalize_phone(data.get("From", ""))
        row = ChannelMessage.objects.create(
            channel=SMS,
            direction=ChannelMessage.Direction.INBOUND,
            external_id=sid,
            sender=number,
            recipient=normalize_phone(data.get("To", "")),
        )
        sender = self.sender(membership, phone=number)
        text = data.get("Body", "").strip()
        keyword = text.upper().strip(" .!")
        subject = f"SMS from {number}"
        if sender.contact is not None and keyword in STOP_WORDS | START_WORDS:
            consent = keyword in START_WORDS
            subject = f"SMS from {number}: " + ("opted in" if consent else "opted out")
            if sender.contact.sms_consent != consent:
                customers.update_contact(membership, sender.contact.pk, {"sms_consent": consent})
        written = self.record_inbound(membership, sender, kind="chat", at=row.at, subject=subject, body=text)
        if isinstance(written, Interaction):
            row.interaction = written
        row.contact, row.lead = sender.contact, sender.lead
        row.save(update_fields=["interaction", "contact", "lead"])
        self.announce(sender, f"SMS from {number}: {text[:120]}")
        return row

    # -- outbound -------------------------------------------------------------------------------

    def client(self) -> Client:
        return Client(self.connection.account_sid, self.connection.secret, http_client=HttpxClient())

    def queue_text(self, membership: Membership, contact: Contact, number: str, text: str) -> ChannelMessage:
        """Log ``text`` to ``number`` on the contact and queue it (sent by the outbox once the write commits)."""
        interaction = customers.log_interaction(
            membership,
            {
                "kind": "chat",
                "direction": "outbound",
                "channel": SMS,
                "subject": f"SMS to {number}",
                "body": text,
                "contact": contact.pk,
            },
        )
        return self.queue(
            membership,
            external_id=f"queued:{uuid.uuid4().hex}",  # the provider's SID once it took the text
            sender=self.connection.address,
            recipient=number,
            body=text,
            contact=contact,
            interaction=interaction,
        )

    def transmit(self, message: ChannelMessage) -> Transmitted:
        """Hand the text to the provider; a refusal is final, the network or the provider busy is retried."""
        if (
            message.contact_id is not None
            and not Contact.objects.filter(pk=message.contact_id, sms_consent=True).exists()
        ):
            return Transmitted(error="The contact opted out (STOP) before the text went out.")
        try:
            sent = self.client().messages.create(to=message.recipient, from_=message.sender, body=message.body)
        except TwilioRestException as error:
            retry = error.status == 429 or error.status >= 500
            return Transmitted(error=f"The SMS provider refused: {error.msg or error}"[:300], retry=retry)
        except TwilioException as error:
            return Transmitted(error=f"The SMS provider refused: {error}"[:300])
        except addresses.UnsafeAddress as error:
            return Transmitted(error=str(error)[:300])
        except httpx.HTTPError as error:
            return Transmitted(error=f"{type(error).__name__}: {error}"[:300], retry=True)
        return Transmitted(external_id=str(sent.sid))
