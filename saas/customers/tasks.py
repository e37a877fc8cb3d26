"""Scheduled work of the customers module. Each run is inside one tenant's schema."""

from __future__ import annotations

from celery import shared_task

from saas.celery import app
from saas.kernel.schedules import in_every_workspace
from tenants.db import connection

from . import services

DAILY = 24 * 3600


@shared_task(name="customers.return_idle_customers_to_pool")
def return_idle_customers_to_pool() -> int:
    """Apply the pool rule of the tenant whose schema this task runs in (set by TenantTask)."""
    if connection.schema_name == "public":
        raise RuntimeError("return_idle_customers_to_pool must run inside a tenant schema")
    return services.return_idle_customers_to_pool()


@shared_task(name="customers.return_idle_customers_everywhere", ignore_result=True)
def return_idle_customers_everywhere() -> int:
    """Fan out: one task per tenant, each with its own schema, so one tenant's failure stays its own."""
    return in_every_workspace(return_idle_customers_to_pool)


# Celery beat runs the fan-out daily; each tenant's run happens in its own task and schema.
app.conf.beat_schedule = {
    **(app.conf.beat_schedule or {}),
    "customers.pool-rule": {"task": "customers.return_idle_customers_everywhere", "schedule": DAILY},
}
