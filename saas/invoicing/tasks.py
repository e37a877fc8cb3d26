"""Scheduled work of invoicing: the daily overdue check, in every workspace, each in its own schema."""

from __future__ import annotations

from celery import shared_task

from saas.celery import app
from saas.kernel.schedules import in_every_workspace
from tenants.db import connection

from . import services

DAILY = 24 * 3600


@shared_task(name="invoicing.notify_overdue")
def notify_overdue() -> int:
    """Tell the owners of this workspace's newly overdue invoices (once each: running twice tells nobody twice)."""
    if connection.schema_name == "public":
        raise RuntimeError("notify_overdue must run inside a tenant schema")
    return services.notify_overdue()


@shared_task(name="invoicing.notify_overdue_everywhere", ignore_result=True)
def notify_overdue_everywhere() -> int:
    """Fan out: one task per workspace, so one workspace's failure stays its own."""
    return in_every_workspace(notify_overdue)


app.conf.beat_schedule = {
    **(app.conf.beat_schedule or {}),
    "invoicing.overdue": {"task": "invoicing.notify_overdue_everywhere", "schedule": DAILY},
}
