"""Scheduled work of the activities module: reminders, in every workspace, each in its own schema."""

from __future__ import annotations

from celery import shared_task

from saas.celery import app
from tenants.models import Tenant

from . import reminders

EVERY_FIVE_MINUTES = 5 * 60


@shared_task(name="activities.send_reminders")
def send_reminders() -> int:
    """Send this tenant's due reminders (the schema is set by TenantTask from the ``_schema_name`` header)."""
    return reminders.send_reminders()


@shared_task(name="activities.send_reminders_everywhere", ignore_result=True)
def send_reminders_everywhere() -> int:
    """Fan out: one task per tenant, so one workspace's failure stays its own."""
    schemas = (
        Tenant.objects.exclude(schema_name="public").filter(is_template=False).values_list("schema_name", flat=True)
    )
    count = 0
    for schema_name in schemas:
        send_reminders.apply_async(headers={"_schema_name": schema_name})
        count += 1
    return count


# Celery beat runs the fan-out every five minutes; running it twice sends nothing twice (reminders.py).
app.conf.beat_schedule = {
    **(app.conf.beat_schedule or {}),
    "activities.reminders": {"task": "activities.send_reminders_everywhere", "schedule": EVERY_FIVE_MINUTES},
}
