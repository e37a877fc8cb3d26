"""Outgoing webhooks: the endpoints a workspace's admins subscribe, and every delivery made to them.

Settings, not CRM records: owners and admins manage them (like API keys), so they are not in the
roles matrix. UUID keys keep their global ids unique across workspaces.
"""

from __future__ import annotations

import uuid

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone


class WebhookEndpoint(models.Model):
    """An HTTPS URL that hears of the record events it subscribed to, signed with its own secret."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    url = models.URLField(max_length=2000)
    description = models.CharField(max_length=200, blank=True, default="")
    # "Company.updated", "Contact.created"... (see ``events.event_types``)
    event_types = ArrayField(models.CharField(max_length=80), default=list)
    # Kept as it is: it signs every payload. Shown once, when made or rotated.
    secret = models.CharField(max_length=80)
    enabled = models.BooleanField(default=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=200, blank=True, default="")
    created_by_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    secret_rotated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One event sent (or to be sent) to one endpoint; its body is fixed when the event happens."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SUCCEEDED = "succeeded", "Succeeded"
        RETRYING = "retrying", "Retrying"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event_type = models.CharField(max_length=80)
    record_type = models.CharField(max_length=80)
    record_id = models.CharField(max_length=64)
    body = models.TextField()  # the JSON sent, byte for byte the same on every attempt and redelivery
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    response_code = models.PositiveIntegerField(null=True, blank=True)  # of the last attempt
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    response_body = models.TextField(blank=True, default="")  # truncated
    error = models.CharField(max_length=300, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["endpoint", "-created_at"], name="integrations_delivery_log"),
            models.Index(
                fields=["next_attempt_at"],
                name="integrations_delivery_due",
                condition=models.Q(status__in=["pending", "retrying"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.endpoint_id}"


class WebhookAttempt(models.Model):
    """One HTTP request of a delivery: what the endpoint answered, how fast."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField()
    manual = models.BooleanField(default=False)  # a redelivery an admin asked for
    succeeded = models.BooleanField(default=False)
    response_code = models.PositiveIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    response_body = models.TextField(blank=True, default="")
    error = models.CharField(max_length=300, blank=True, default="")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"attempt {self.number} of {self.delivery_id}"


class WeChatAccount(models.Model):
    """The workspace's WeChat official account: the token of its server-URL signature.

    Inbound messages become records written as ``acting_user_id`` (the admin who connected the account).
    """

    app_id = models.CharField(max_length=64)
    token = models.CharField(max_length=64)
    # The AppSecret: with the AppID it gets the access token of WeChat's API (QR codes, tags); never shown back.
    app_secret = models.CharField(max_length=100, blank=True, default="")
    enabled = models.BooleanField(default=True)
    acting_user_id = models.BigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.app_id


class WeChatFollower(models.Model):
    """One person following (or once following) the official account, by their openid, and their contact."""

    openid = models.CharField(max_length=64, unique=True)
    contact = models.ForeignKey("customers.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    subscribed = models.BooleanField(default=False)
    followed_at = models.DateTimeField(null=True, blank=True)
    unfollowed_at = models.DateTimeField(null=True, blank=True)
    # The QR code's scene value that brought them (the campaign), and the last one they scanned.
    first_scene = models.CharField(max_length=64, blank=True, default="")
    last_scene = models.CharField(max_length=64, blank=True, default="")
    interactions = models.PositiveIntegerField(default=0)
    last_interaction_at = models.DateTimeField(null=True, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    # The tag names both sides agreed on at the last sync: what one side lacks of these was removed there.
    synced_tags = models.JSONField(default=list, blank=True)
    tags_synced_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.openid


class WeChatQrCode(models.Model):
    """A campaign's QR code: WeChat's ticket for a permanent code whose scene value names the campaign.

    Following or scanning through it sends the scene (``qrscene_<scene>`` / ``SCAN``), so the follower's
    ``first_scene`` / ``last_scene`` attribute them to ``campaign``.
    """

    campaign = models.ForeignKey("leads.Campaign", on_delete=models.CASCADE, related_name="+")
    scene = models.CharField(max_length=64, unique=True)
    ticket = models.CharField(max_length=255)
    url = models.CharField(max_length=255)  # what the code encodes (WeChat's ``url``)
    created_by_id = models.BigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.scene


class WeChatInbound(models.Model):
    """A message or event already handled (WeChat sends one again when we answer slowly): handled once."""

    key = models.CharField(max_length=140, unique=True)  # MsgId, or openid + CreateTime + event
    received_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.key


class ChannelConnection(models.Model):
    """An inbox channel connected to the workspace (an e-mail inbox, an SMS number): at most one each.

    Inbound messages arrive at ``/integrations/<channel>/<token>/`` on the workspace's host and become
    records written as ``acting_user_id`` (the admin who connected the channel).
    """

    class Channel(models.TextChoices):
        EMAIL = "email", "E-mail inbox"
        SMS = "sms", "SMS"

    class UnknownSenders(models.TextChoices):
        CONTACT = "contact", "New contact"
        LEAD = "lead", "New lead"

    channel = models.CharField(max_length=10, choices=Channel.choices, unique=True)
    enabled = models.BooleanField(default=True)
    token = models.CharField(max_length=64, unique=True)  # in the inbound URL: which connection is called
    # E-mail: the secret that signs inbound hooks (ours, shown once). SMS: the provider's auth token
    # (it signs the provider's requests and authenticates ours); never shown back.
    secret = models.CharField(max_length=100)
    address = models.CharField(max_length=254)  # the inbox's address, or the SMS number (E.164)
    account_sid = models.CharField(max_length=64, blank=True, default="")  # SMS provider's account
    unknown_senders = models.CharField(max_length=10, choices=UnknownSenders.choices, default=UnknownSenders.CONTACT)
    acting_user_id = models.BigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.channel}: {self.address}"


class ChannelMessage(models.Model):
    """One e-mail or SMS in or out: handled once by its provider id, threads, what a reply answers."""

    class Direction(models.TextChoices):
        INBOUND = "inbound", "Inbound"
        OUTBOUND = "outbound", "Outbound"

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"  # inbound
        QUEUED = "queued", "Queued"  # outbound, committed and waiting for (another) attempt
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"  # refused by the provider, or out of attempts

    channel = models.CharField(max_length=10, choices=ChannelConnection.Channel.choices)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    external_id = models.CharField(max_length=255)  # Message-ID, or the provider's message SID
    thread = models.CharField(max_length=255, blank=True, default="", db_index=True)  # the first Message-ID
    in_reply_to = models.CharField(max_length=255, blank=True, default="")
    sender = models.CharField(max_length=254)
    recipient = models.CharField(max_length=254, blank=True, default="")
    subject = models.CharField(max_length=200, blank=True, default="")
    contact = models.ForeignKey("customers.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    lead = models.ForeignKey("leads.Lead", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The interaction it is on the timeline as; an outbound one's delivery is read through
    # ``channel_messages`` (``Interaction.delivery`` in the API).
    interaction = models.ForeignKey(
        "customers.Interaction",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="channel_messages",
    )
    at = models.DateTimeField(default=timezone.now)
    # Outbound: sent by the outbox after the write committed (``outbox``), so these say how it went.
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RECEIVED)
    body = models.TextField(blank=True, default="")  # the text to send, as written
    references = models.TextField(blank=True, default="")  # e-mail: the References header to send
    sent_by_id = models.BigIntegerField(null=True, blank=True)  # the member told if it fails
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True, default="")  # of the last attempt

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "external_id"], name="integrations_channel_message_once")
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"], name="integrations_outbox_due", condition=models.Q(status="queued")
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.external_id}"
