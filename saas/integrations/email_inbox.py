"""The e-mail inbox connector: inbound mail from a provider's webhook, replies through Django's mail.

Inbound: the provider posts each message as raw MIME (RFC 5322) to ``/integrations/email/<token>/``,
signed like our own webhooks (``X-Crm-Signature: t=…,v1=…``, HMAC-SHA256 over ``"<t>.<raw body>"`` with
the connection's secret, see ``signing``). ``verify`` checks the signature and the timestamp window (the
provider's retry of the same request is acknowledged again and writes nothing twice); ``parse`` reads the
message with Python's ``email`` package; ``handle``
writes it once per Message-ID: the sender (by From address, see ``inbox``), an inbound e-mail interaction,
its attachments through the attachments module (within its limits: a refused file is named in the
interaction), and its thread (the first Message-ID, followed through In-Reply-To and References).

Outbound: ``reply`` logs the answer to a thread's message and queues it in the caller's transaction; once
committed the outbox (``outbox``) calls ``transmit``, which sends it with Django's e-mail backend, as the
inbox's address, with In-Reply-To and References so the customer's mail client threads it.
"""

from __future__ import annotations

import hashlib
import logging
import smtplib
from dataclasses import dataclass
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage as MimeMessage
from email.utils import getaddresses, make_msgid, parsedate_to_datetime
from typing import Any

from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from saas.attachments import services as attachments
from saas.customers import services as customers
from saas.customers.models import Interaction
from saas.errors import ServiceError
from tenants.models import Membership

from . import signing
from .connectors import Inbound, Message
from .inbox import InboxConnector
from .models import ChannelConnection, ChannelMessage
from .outbox import Transmitted

logger = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 30 * 1024 * 1024  # what common providers allow in one message
MAX_BODY_CHARS = 50_000  # of the text kept on the interaction
EMAIL = ChannelConnection.Channel.EMAIL


@dataclass(frozen=True)
class Attached:
    file_name: str
    content: bytes


class EmailConnector(InboxConnector):
    name = "email"
    channel = EMAIL

    # -- inbound --------------------------------------------------------------------------------

    def verify(self, inbound: Inbound) -> bool:
        header = inbound.headers.get(signing.SIGNATURE_HEADER, "")
        if not (self.connection.enabled and header) or len(inbound.body) > MAX_MESSAGE_BYTES:
            return False
        if not signing.verify(self.connection.secret, header, inbound.body, now=self.now):
            return False
        return self.unreused(hashlib.sha256(header.encode()).hexdigest(), inbound.body)  # a retry: kept once

    def parse(self, inbound: Inbound) -> list[Message]:
        mail = message_from_bytes(inbound.body, policy=policy.default)
        assert isinstance(mail, MimeMessage)
        senders = getaddresses([str(mail.get("From", ""))])
        name, address = senders[0] if senders else ("", "")
        if "@" not in address:
            return []  # not a message we can put on anyone's timeline
        message_id = _id(mail.get("Message-ID")) or f"<{hashlib.sha256(inbound.body).hexdigest()}@no-message-id>"
        references = [_id(part) for part in str(mail.get("References", "")).split() if part.strip()]
        body_part = mail.get_body(preferencelist=("plain", "html"))
        text = body_part.get_content() if body_part is not None else ""
        files = [
            Attached(part.get_filename() or "attachment", _bytes(part.get_payload(decode=True)))
            for part in mail.iter_attachments()
        ]
        return [
            Message(
                kind="email",
                data={
                    "from": address.strip().lower(),
                    "name": name.strip(),
                    "to": str(mail.get("To", ""))[:254],
                    "subject": str(mail.get("Subject", "")).strip(),
                    "message_id": message_id[:255],
                    "in_reply_to": _id(mail.get("In-Reply-To"))[:255],
                    "references": [ref[:255] for ref in references if ref],
                    "text": str(text).strip()[:MAX_BODY_CHARS],
                    "at": _sent_at(mail.get("Date")),
                    "attachments": files,
                },
            )
        ]

    def handle(self, message: Message) -> ChannelMessage:
        """Write one message, once per Message-ID (the provider's retries change nothing)."""
        data = message.data
        return self.handled_once(
            lambda: self._write(data),
            lambda: ChannelMessage.objects.get(channel=EMAIL, external_id=data["message_id"]),
        )

    def _write(self, data: dict[str, Any] | Any) -> ChannelMessage:
        membership = self.membership()
        earlier = [data["in_reply_to"], *reversed(data["references"])]
        parent = ChannelMessage.objects.filter(channel=EMAIL, external_id__in=[e for e in earlier if e]).first()
        row = ChannelMessage.objects.create(
            channel=EMAIL,
            direction=ChannelMessage.Direction.INBOUND,
            external_id=data["message_id"],
            thread=parent.thread if parent else data["message_id"],
            in_reply_to=data["in_reply_to"],
            sender=data["from"],
            recipient=data["to"],
            subject=data["subject"][:200],
            at=data["at"],
        )
        sender = self.sender(membership, email=data["from"], name=data["name"])
        subject = data["subject"] or "(no subject)"
        written = self.record_inbound(
            membership, sender, kind="email", at=data["at"], subject=subject, body=data["text"]
        )
        if isinstance(written, Interaction):
            row.interaction = written
            self._attach(membership, ("Interaction", written.pk), data["attachments"], written)
        elif sender.lead is not None:
            self._attach(membership, ("Lead", sender.lead.pk), data["attachments"], None)
        row.contact, row.lead = sender.contact, sender.lead
        row.save(update_fields=["interaction", "contact", "lead"])
        self.announce(sender, f"E-mail from {data['name'] or data['from']}: {subject}")
        return row

    def _attach(
        self,
        membership: Membership,
        record: tuple[str, Any],
        files: list[Attached],
        interaction: Interaction | None,
    ) -> None:
        """Each file through the attachments module's checks onto ``record`` (the interaction, or the lead);
        a refused one is named on the interaction."""
        refused: list[str] = []
        for attached in files:
            name = attachments.clean_name(attached.file_name)
            try:
                with transaction.atomic():
                    attachments.upload(membership, record, name, ContentFile(attached.content, name=name))
            except ServiceError as error:
                refused.append(f"{name}: {error.errors[0].message}")
        if refused and interaction is not None:
            note = "\n\nAttachments not kept:\n" + "\n".join(f"- {line}" for line in refused)
            customers.update_interaction(membership, interaction.pk, {"body": interaction.body + note})

    # -- outbound -------------------------------------------------------------------------------

    def reply(self, membership: Membership, to: ChannelMessage, text: str) -> ChannelMessage:
        """Log ``text`` as a reply in ``to``'s thread and queue it (sent by the outbox once the write commits)."""
        recipient = to.sender if to.direction == ChannelMessage.Direction.INBOUND else to.recipient
        subject = to.subject if to.subject.lower().startswith("re:") else f"Re: {to.subject}".strip()
        domain = self.connection.address.rpartition("@")[2] or None
        thread = list(ChannelMessage.objects.filter(channel=EMAIL, thread=to.thread).order_by("at", "pk"))
        interaction = customers.log_interaction(
            membership,
            {
                "kind": "email",
                "direction": "outbound",
                "channel": EMAIL,
                "subject": subject[:200],
                "body": text,
                "contact": to.contact_id,
            },
        )
        return self.queue(
            membership,
            external_id=make_msgid(domain=domain),
            thread=to.thread or to.external_id,
            in_reply_to=to.external_id,
            references=" ".join(dict.fromkeys(m.external_id for m in [*thread, to])),
            sender=self.connection.address,
            recipient=recipient,
            subject=subject[:200],
            body=text,
            contact_id=to.contact_id,
            interaction=interaction,
        )

    def transmit(self, message: ChannelMessage) -> Transmitted:
        """Send the reply through Django's e-mail backend; a 5xx refusal is final, anything else is retried."""
        mail = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=message.sender,
            to=[message.recipient],
            headers={
                "Message-ID": message.external_id,
                "In-Reply-To": message.in_reply_to,
                "References": message.references,
            },
        )
        try:
            mail.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as error:
            return Transmitted(error=f"The mail server refused the recipient: {error}"[:300])
        except smtplib.SMTPResponseException as error:
            refused = f"The mail server refused: {error.smtp_code} {error.smtp_error!r}"[:300]
            return Transmitted(error=refused, retry=error.smtp_code < 500)
        except OSError as error:  # smtplib's other errors, and the network's
            return Transmitted(error=f"The mail server did not answer: {error}"[:300], retry=True)
        return Transmitted(external_id=message.external_id)


def _bytes(payload: Any) -> bytes:
    return payload if isinstance(payload, bytes) else b""  # a nested message part is not a file


def _id(value: Any) -> str:
    """A Message-ID as written (``<…@…>``), without folding whitespace."""
    return "".join(str(value or "").split())


def _sent_at(value: Any) -> datetime:
    """The Date header; a missing, unreadable or future one is now (the timeline cannot run ahead)."""
    try:
        at = parsedate_to_datetime(str(value)) if value else None
    except (TypeError, ValueError, IndexError):
        at = None
    now = timezone.now()
    if at is None:
        return now
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return min(at, now)
