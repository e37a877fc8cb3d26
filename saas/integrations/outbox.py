"""The outbox of the inbox channels: an e-mail reply or a text is sent after its write committed.

``sendSms`` and ``replyByEmail`` write the outbound interaction and a ``ChannelMessage`` (``queued``) in the
mutation's transaction and nothing else: a rollback sends nothing, and no transaction stays open while a
provider answers. Once committed, ``send_after_commit`` queues the Celery task ``integrations.send_message``
(in the workspace's schema), which claims the row (``next_attempt_at`` moved past the request's timeout, in
its own short transaction, so the task and the sweep never send it twice), calls the channel's
``transmit`` outside any transaction, and records the outcome on the row: ``sent`` (with the provider's id),
or a failure worth retrying (the network, the provider busy: ``queued`` again after the webhooks' backoff,
up to ``OUTBOX_MAX_ATTEMPTS`` attempts), or ``failed`` (refused, or out of attempts) with the reason, and
the member who wrote it is told (realtime notice ``message_failed``). Each outcome is also an ``updated`` event
of its interaction (field ``delivery``), so the timelines showing it refresh; the API reads it as
``Interaction.delivery``. The per-minute sweep (``integrations.send_due_messages_everywhere``) sends what is
due: retries of in-process (eager) runs, and any row whose task was lost.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from realtime import events as realtime
from tenants.db import connection

from .events import global_id
from .models import ChannelConnection, ChannelMessage

if TYPE_CHECKING:
    from .inbox import InboxConnector

logger = logging.getLogger(__name__)

Status = ChannelMessage.Status
MESSAGE_FAILED = "message_failed"  # the realtime notice's kind


@dataclass(frozen=True)
class Transmitted:
    """What came of handing one message to its provider."""

    external_id: str = ""  # the provider's id for it, when it gives one
    error: str = ""  # empty: taken
    retry: bool = False  # a failure worth another attempt (the network, the provider busy)

    @property
    def ok(self) -> bool:
        return not self.error


def send_after_commit(message: ChannelMessage) -> None:
    """Queue the attempt once the caller's transaction commits (a rollback sends nothing)."""
    schema_name, message_id = connection.schema_name, message.pk
    transaction.on_commit(lambda: _enqueue(schema_name, message_id))


def _enqueue(schema_name: str, message_id: int, countdown: float | None = None) -> None:
    from .tasks import send_message

    send_message.apply_async(args=[message_id], countdown=countdown, headers={"_schema_name": schema_name})


def connector_for(message: ChannelMessage) -> InboxConnector | None:
    """The channel's connector as connected now (``None``: switched off or disconnected since)."""
    from .email_inbox import EmailConnector
    from .sms import SmsConnector

    kinds: dict[str, type[InboxConnector]] = {
        ChannelConnection.Channel.EMAIL: EmailConnector,
        ChannelConnection.Channel.SMS: SmsConnector,
    }
    found = ChannelConnection.objects.filter(channel=message.channel, enabled=True).first()
    return kinds[message.channel](found) if found is not None else None


def backoff_seconds(attempts: int) -> int:
    """The wait after the ``attempts``-th failed attempt: doubling from the webhooks' base (30 s, 1 min…)."""
    return int(settings.WEBHOOKS_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0))


def attempt(message_id: Any, *, now: datetime | None = None) -> ChannelMessage | None:
    """Send one queued message once, if it is due, and record what the provider answered."""
    now = now or timezone.now()
    with transaction.atomic():
        message = (
            ChannelMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, direction=ChannelMessage.Direction.OUTBOUND)
            .first()
        )
        if message is None or message.status != Status.QUEUED:
            return message
        if message.next_attempt_at is not None and message.next_attempt_at > now:
            return message  # claimed by another attempt, or its retry is not due yet
        lease = timedelta(seconds=settings.WEBHOOKS_TIMEOUT_SECONDS * 3)
        ChannelMessage.objects.filter(pk=message.pk).update(next_attempt_at=now + lease)
    connector = connector_for(message)
    if connector is None:
        outcome = Transmitted(error="The channel was switched off before the message went out.")
    else:
        try:
            outcome = connector.transmit(message)
        except Exception as error:  # a bug must not leave the row claimed forever: count it, log it, retry
            logger.exception("outbox: transmitting message %s failed", message.pk)
            outcome = Transmitted(error=f"{type(error).__name__}: {error}"[:300], retry=True)
    return _record(message.pk, outcome, now)


def _record(message_id: Any, outcome: Transmitted, now: datetime) -> ChannelMessage:
    with transaction.atomic():
        message = ChannelMessage.objects.select_for_update().get(pk=message_id)
        message.attempts += 1
        message.error = outcome.error[:300]
        if outcome.ok:
            message.status, message.sent_at, message.next_attempt_at = Status.SENT, now, None
            message.external_id = outcome.external_id[:255] or message.external_id
        elif outcome.retry and message.attempts < settings.OUTBOX_MAX_ATTEMPTS:
            message.next_attempt_at = now + timedelta(seconds=backoff_seconds(message.attempts))
        else:
            message.status, message.next_attempt_at = Status.FAILED, None
        message.save()
        if message.interaction_id is not None:
            # Its timeline entry shows how it went (``Interaction.delivery``): the pages showing it read it again,
            # and webhooks subscribed to ``Interaction.updated`` hear it.
            delivery = {"status": message.status, "attempts": message.attempts, "error": message.error}
            realtime.emit("updated", "Interaction", message.interaction_id, {"delivery": delivery})
        if message.status == Status.FAILED and message.sent_by_id is not None:
            payload = {"channel": message.channel}
            if message.interaction_id is not None:
                payload["interactionId"] = global_id("Interaction", message.interaction_id)
            what = "E-mail" if message.channel == ChannelConnection.Channel.EMAIL else "Text"
            realtime.notify(
                message.sent_by_id, MESSAGE_FAILED, f"{what} to {message.recipient} not sent: {message.error}", payload
            )
        elif message.status == Status.QUEUED and not settings.CELERY_TASK_ALWAYS_EAGER:
            # In-process (eager) tasks cannot wait: the sweep picks those retries up when they are due.
            schema_name, countdown = connection.schema_name, backoff_seconds(message.attempts)
            transaction.on_commit(lambda: _enqueue(schema_name, message.pk, countdown=countdown))
    return message


def send_due(now: datetime | None = None) -> int:
    """Attempt every due queued message of the current workspace; return how many were attempted."""
    now = now or timezone.now()
    due = ChannelMessage.objects.filter(status=Status.QUEUED, next_attempt_at__lte=now).order_by("next_attempt_at")
    ids = list(due.values_list("pk", flat=True)[:500])
    for message_id in ids:
        attempt(message_id, now=now)
    return len(ids)
