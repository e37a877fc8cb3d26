"""Scheduled work of the contracts module: ending contracts past their end date, in every workspace."""

from __future__ import annotations

from celery import shared_task
from celery.schedules import crontab

from saas.celery import app
from saas.kernel.schedules import in_every_workspace

from . import services


@shared_task(name="contracts.expire_contracts")
def expire_contracts() -> int:
    """End this tenant's contracts past their end date (the schema is set by TenantTask)."""
    return services.expire_contracts()


@shared_task(name="contracts.expire_contracts_everywhere", ignore_result=True)
def expire_contracts_everywhere() -> int:
    """Fan out: one task per tenant, so one workspace's failure stays its own."""
    return in_every_workspace(expire_contracts)


# Daily, just after midnight UTC; running it twice changes nothing the second time (services.py).
app.conf.beat_schedule = {
    **(app.conf.beat_schedule or {}),
    "contracts.expire": {"task": "contracts.expire_contracts_everywhere", "schedule": crontab(minute=5, hour=0)},
}
