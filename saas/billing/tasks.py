"""Billing's background work: webhook retries and the seat count kept in Stripe."""

from __future__ import annotations

from celery import shared_task

from saas.celery import app
from tenants.models import Tenant

from . import services, webhooks

RETRY_EVERY_SECONDS = 5 * 60


@shared_task(name="billing.retry_failed_events", ignore_result=True)
def retry_failed_events() -> int:
    """Apply again the Stripe events whose handling failed."""
    return webhooks.retry_failed()


@shared_task(name="billing.sync_seats", bind=True, max_retries=5, default_retry_delay=60, ignore_result=True)
def sync_seats(self: object, tenant_id: int) -> int | None:
    """Set the Stripe subscription's quantity to the seats in use (Stripe prorates)."""
    tenant = Tenant.objects.filter(pk=tenant_id).first()
    if tenant is None:
        return None
    request_id = getattr(getattr(self, "request", None), "id", None) or "eager"
    return services.sync_seats(tenant, change_id=str(request_id))


app.conf.beat_schedule = {
    **(app.conf.beat_schedule or {}),
    "billing.retry-failed-events": {"task": "billing.retry_failed_events", "schedule": RETRY_EVERY_SECONDS},
}
