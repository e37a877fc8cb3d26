"""Background work of outgoing webhooks and the channels' outbox. Each task runs inside one tenant's schema."""

from __future__ import annotations

from celery import shared_task

from saas.kernel.schedules import scheduled_in_every_workspace
from tenants.db import connection

from . import outbox, services, wechat_tags

SWEEP_SECONDS = 60


@shared_task(name="integrations.deliver_webhook", ignore_result=True)
def deliver_webhook(delivery_id: str, manual: bool = False) -> None:
    """One attempt of one delivery (its retry, if it fails, is scheduled by the attempt itself)."""
    if connection.schema_name == "public":
        raise RuntimeError("deliver_webhook must run inside a tenant schema")
    services.attempt(delivery_id, manual=manual)


# Every minute: the workspace's due deliveries (retries of in-process runs, and any whose task was lost).
send_due_webhooks, send_due_webhooks_everywhere = scheduled_in_every_workspace(
    "integrations.send_due_webhooks", services.send_due, beat="integrations.webhook-retries", every=SWEEP_SECONDS
)


@shared_task(name="integrations.send_message", ignore_result=True)
def send_message(message_id: int) -> None:
    """One attempt at an e-mail reply or a text, after the write that queued it committed (see ``outbox``)."""
    if connection.schema_name == "public":
        raise RuntimeError("send_message must run inside a tenant schema")
    outbox.attempt(message_id)


# Every minute: the workspace's due messages (retries of in-process runs, and any whose task was lost).
send_due_messages, send_due_messages_everywhere = scheduled_in_every_workspace(
    "integrations.send_due_messages", outbox.send_due, beat="integrations.message-retries", every=SWEEP_SECONDS
)


# Every hour, and at once when an admin asks (``syncWeChatTags``): followers' WeChat tags ↔ their contacts' tags.
sync_wechat_tags, sync_wechat_tags_everywhere = scheduled_in_every_workspace(
    "integrations.sync_wechat_tags", wechat_tags.sync_tags_in_workspace, beat="integrations.wechat-tags", every=3600
)
