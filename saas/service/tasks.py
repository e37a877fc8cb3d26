"""Scheduled work of the service module: the SLA breach sweep, each run inside one tenant's schema."""

from __future__ import annotations

from celery import shared_task

from saas.celery import app
from tenants.db import connection
from tenants.models import Tenant

from . import services

EVERY_MINUTE = 60


@shared_task(name="service.detect_sla_breaches")
def detect_sla_breaches() -> int:
    """Mark and notify the breaches of the tenant whose schema this task runs in (set by TenantTask)."""
    if connection.schema_name == "public":
        raise RuntimeError("detect_sla_breaches must run inside a tenant schema")
    return services.detect_breaches()


@shared_task(name="service.detect_sla_breaches_everywhere", ignore_result=True)
def detect_sla_breaches_everywhere() -> int:
    """Fan out: one task per tenant, each in its own schema, so one tenant's failure stays its own."""
    schemas = (
        Tenant.objects.exclude(schema_name="public").filter(is_template=False).values_list("schema_name", flat=True)
    )
    count = 0
    for schema_name in schemas:
        detect_sla_breaches.apply_async(headers={"_schema_name": schema_name})
        count += 1
    return count


# Celery beat sweeps every minute; a breach is marked (and notified) once however often it runs.
app.conf.beat_schedule = {
    **(app.conf.beat_schedule or {}),
    "service.sla-breaches": {"task": "service.detect_sla_breaches_everywhere", "schedule": EVERY_MINUTE},
}
