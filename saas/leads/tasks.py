"""Scheduled work of the leads module: score decay. Each run is inside one tenant's schema."""

from __future__ import annotations

from celery import shared_task

from saas.celery import app
from saas.kernel.schedules import in_every_workspace
from tenants.db import connection

from . import scoring

DAILY = 24 * 3600


@shared_task(name="leads.rescore_leads")
def rescore_leads() -> int:
    """Rescore the leads of the tenant whose schema this task runs in (set by TenantTask).

    Idempotent: a score is a function of the rules, the activities and the time, so running twice
    (a retry, an overlapping beat) gives the same scores.
    """
    if connection.schema_name == "public":
        raise RuntimeError("rescore_leads must run inside a tenant schema")
    return scoring.rescore_all()


@shared_task(name="leads.rescore_leads_everywhere", ignore_result=True)
def rescore_leads_everywhere() -> int:
    """Fan out: one task per tenant, each with its own schema, so one tenant's failure stays its own."""
    return in_every_workspace(rescore_leads)


# Celery beat runs the fan-out daily: activity points fade a day's worth each run.
app.conf.beat_schedule = {
    **(app.conf.beat_schedule or {}),
    "leads.score-decay": {"task": "leads.rescore_leads_everywhere", "schedule": DAILY},
}
