"""The kernel's scheduled work: removing old bulk-export files in every workspace."""

from __future__ import annotations

from celery import shared_task

from saas.celery import app
from tenants.db import connection

from . import bulk_exports
from .schedules import in_every_workspace

HOURLY = 3600


@shared_task(name="kernel.expire_bulk_exports")
def expire_bulk_exports() -> int:
    """Remove this workspace's bulk-export files older than ``BULK_EXPORT_KEEP_DAYS`` (schema set by TenantTask)."""
    if connection.schema_name == "public":
        raise RuntimeError("expire_bulk_exports must run inside a tenant schema")
    return bulk_exports.expire_files()


@shared_task(name="kernel.expire_bulk_exports_everywhere", ignore_result=True)
def expire_bulk_exports_everywhere() -> int:
    """Fan out: one task per workspace, each in its own schema."""
    return in_every_workspace(expire_bulk_exports)


app.conf.beat_schedule = {
    **(app.conf.beat_schedule or {}),
    "kernel.expire-bulk-exports": {"task": "kernel.expire_bulk_exports_everywhere", "schedule": HOURLY},
}
