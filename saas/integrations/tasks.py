"""Background work of outgoing webhooks. Each task runs inside one tenant's schema (TenantTask)."""

from __future__ import annotations

from celery import shared_task

from saas.celery import app
from saas.kernel.schedules import in_every_workspace
from tenants.db import connection

from . import services

SWEEP_SECONDS = 60


@shared_task(name="integrations.deliver_webhook", ignore_result=True)
def deliver_webhook(delivery_id: str, manual: bool = False) -> None:
    """One attempt of one delivery (its retry, if it fails, is scheduled by the attempt itself)."""
    if connection.schema_name == "public":
        raise RuntimeError("deliver_webhook must run inside a tenant schema")
    services.attempt(delivery_id, manual=manual)


@shared_task(name="integrations.send_due_webhooks", ignore_result=True)
def send_due_webhooks() -> int:
    """Attempt the workspace's due deliveries: retries of in-process runs, and any whose task was lost."""
    if connection.schema_name == "public":
        raise RuntimeError("send_due_webhooks must run inside a tenant schema")
    return services.send_due()


@shared_task(name="integrations.send_due_webhooks_everywhere", ignore_result=True)
def send_due_webhooks_everywhere() -> int:
    """Fan out: one sweep per tenant, each in its own schema."""
    return in_every_workspace(send_due_webhooks)


app.conf.beat_schedule = {
    **(app.conf.beat_schedule or {}),
    "integrations.webhook-retries": {"task": "integrations.send_due_webhooks_everywhere", "schedule": SWEEP_SECONDS},
}
