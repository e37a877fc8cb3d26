"""Background work of outgoing webhooks. Each task runs inside one tenant's schema (TenantTask)."""

from __future__ import annotations

from celery import shared_task

from saas.kernel.schedules import scheduled_in_every_workspace
from tenants.db import connection

from . import services

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
