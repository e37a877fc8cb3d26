"""Scheduled work of the activities module: reminders, in every workspace, each in its own schema."""

from __future__ import annotations

from celery import shared_task

from saas.celery import app
from saas.kernel.schedules import in_every_workspace

from . import reminders

EVERY_FIVE_MINUTES = 5 * 60


@shared_task(name="activities.send_reminders")
def send_reminders() -> int:
    """Send this tenant's due reminders (the schema is set by TenantTask from the ``_schema_name`` header)."""
    return reminders.send_reminders()


@shared_task(name="activities.send_reminders_everywhere", ignore_result=True)
def send_reminders_everywhere() -> int:
    """Fan out: one task per tenant, so one workspace's failure stays its own."""
    return in_every_workspace(send_reminders)


# Celery beat runs the fan-out every five minutes; running it twice sends nothing twice (reminders.py).
app.conf.beat_schedule = {
    **(app.conf.beat_schedule or {}),
    "activities.reminders": {"task": "activities.send_reminders_everywhere", "schedule": EVERY_FIVE_MINUTES},
}
