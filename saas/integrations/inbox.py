"""What the e-mail and SMS connectors share: a connected inbox channel that writes as its admin.

An ``InboxConnector`` is a ``Connector`` bound to the workspace's ``ChannelConnection``. Its inbound
half matches the sender to a contact (by e-mail address or normalised phone number); an unknown sender
becomes a new contact or a new lead, as the connection's ``unknown_senders`` says; the message becomes an
inbound interaction on the contact's timeline (or an activity on the lead), written through the
customers and leads services as the admin who connected the channel, and that admin hears of it at
once (a realtime notice). Each channel keeps its ``ChannelMessage`` rows (provider ids once, threads).
Its outbound half writes a ``queued`` message in the caller's transaction (``queue``) and hands it to the
provider after commit (``transmit``, called by ``outbox``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone

from realtime import events as realtime
from saas.customers import services as customers
from saas.customers.models import Contact, Interaction, normalize_phone
from saas.leads import services as leads
from saas.leads.models import Lead, LeadActivity
from tenants.models import Membership

from . import outbox
from .connectors import Connector
from .events import global_id
from .models import ChannelConnection, ChannelMessage
from .outbox import Transmitted

INBOUND_MESSAGE = "inbound_message"  # the realtime notice's kind


@dataclass
class Sender:
    """Who wrote: the contact they are, or the lead they are (exactly one is set)."""

    contact: Contact | None = None
    lead: Lead | None = None


class InboxConnector(Connector):
    """Base of the e-mail and SMS connectors (see the module docstring)."""

    channel = ""

    def __init__(self, connection: ChannelConnection, *, now: float | None = None) -> None:
        self.connection = connection
        self.now = now

    def membership(self) -> Membership:
        return self.acting_membership(self.connection.acting_user_id)

    # -- the sender ---------------------------------------------------------------------------------

    def sender(self, membership: Membership, *, email: str = "", phone: str = "", name: str = "") -> Sender:
        """The contact with this address or number; else a lead with it; else a new contact or lead."""
        email, phone = email.strip().lower(), normalize_phone(phone) if phone else ""
        contacts = Contact.objects.filter(merged_into__isnull=True).order_by("created_at", "pk")
        contact = (
            contacts.filter(emails__contains=[email]).first()
            if email
            else contacts.filter(phones__contains=[phone]).first()
        )
        if contact is not None:
            return Sender(contact=contact)
        if self.connection.unknown_senders == ChannelConnection.UnknownSenders.LEAD:
            found = Lead.objects.order_by("created_at", "pk")
            lead = found.filter(email=email).first() if email else found.filter(phone=phone).first()
            if lead is None:
                lead = leads.create_lead(
                    membership,
                    {
                        "name": name or email or phone,
                        "email": email or None,
                        "phone": phone or None,
                        "source": "other",
                        "description": f"First wrote through the {self.connection.get_channel_display()}.",
                    },
                )
            return Sender(lead=lead)
        first, _, last = (name or (email.split("@")[0] if email else f"SMS {phone}")).partition(" ")
        contact = customers.create_contact(
            membership,
            {
                "first_name": first[:100],
                "last_name": last[:100] or None,
                "emails": [email] if email else None,
                "phones": [phone] if phone else None,
                "owner": self.connection.acting_user_id,
            },
            allow_duplicate=True,
        )
        return Sender(contact=contact)

    # -- the message on the sender's timeline ------------------------------------------------------

    def record_inbound(
        self, membership: Membership, sender: Sender, *, kind: str, at: datetime, subject: str, body: str
    ) -> Interaction | LeadActivity:
        """An inbound interaction on the contact, or an activity on the lead (its score counts it)."""
        if sender.contact is not None:
            return customers.log_interaction(
                membership,
                {
                    "kind": kind,
                    "direction": "inbound",
                    "channel": self.channel,
                    "occurred_at": at,
                    "subject": subject[:200],
                    "body": body,
                    "contact": sender.contact.pk,
                },
            )
        assert sender.lead is not None
        note = f"{subject}\n{body}".strip()
        return leads.log_lead_activity(membership, sender.lead.pk, kind, at, note[:500])

    # -- outbound: through the outbox, after the write committed -----------------------------------

    def transmit(self, message: ChannelMessage) -> Transmitted:
        """Hand one queued outbound message to the provider (outside any transaction; see ``outbox``)."""
        raise NotImplementedError(f"{self.name} sends nothing")

    def queue(self, membership: Membership, **fields: Any) -> ChannelMessage:
        """The outbound message, ``queued`` in the caller's transaction and sent once it commits."""
        message = ChannelMessage.objects.create(
            channel=self.channel,
            direction=ChannelMessage.Direction.OUTBOUND,
            status=ChannelMessage.Status.QUEUED,
            sent_by_id=membership.user_id,
            next_attempt_at=timezone.now(),  # due at once: the sweep sends it should its task be lost
            **fields,
        )
        outbox.send_after_commit(message)
        return message

    def announce(self, sender: Sender, message: str) -> None:
        """Tell the connecting admin at once (after commit): a message came in, from whom."""
        payload: dict[str, Any] = {"channel": self.channel}
        if sender.contact is not None:
            payload["contactId"] = global_id("Contact", sender.contact.pk)
        if sender.lead is not None:
            payload["leadId"] = global_id("Lead", sender.lead.pk)
        realtime.notify(self.connection.acting_user_id, INBOUND_MESSAGE, message[:300], payload)
