"""Stripe's webhook: verified, stored by event id, applied once, from Stripe's current state.

``receive`` checks the signature (``stripe.Webhook.construct_event``), stores the event (a replay
finds it stored and changes nothing) and applies it. Applying never trusts the event's copy of the
object: it fetches the object as Stripe holds it now, so a late or out-of-order event applies
today's state. A failure leaves the event unprocessed with its error; ``retry_failed`` (a Celery
sweep) tries again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import stripe
from django.db import IntegrityError, transaction
from django.utils import timezone

from tenants.models import Tenant

from . import services
from .models import StripeEvent
from .stripe_client import StripeClient, webhook_secret

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10


class BadSignature(Exception):
    """The payload is not Stripe's (or was altered): answer 400 and keep nothing."""


def receive(payload: bytes, signature: str | None) -> StripeEvent:
    """Verify, store once, apply; the stored event (processed, or waiting for a retry)."""
    try:
        event = stripe.Webhook.construct_event(payload, signature, webhook_secret())
    except (ValueError, stripe.SignatureVerificationError) as exc:
        raise BadSignature(str(exc)) from exc
    try:
        with transaction.atomic():
            stored, _ = StripeEvent.objects.get_or_create(
                id=event["id"], defaults={"type": event["type"], "payload": event.to_dict()}
            )
    except IntegrityError:  # the same event delivered twice at once: the other delivery stores it
        stored = StripeEvent.objects.get(id=event["id"])
    if stored.processed_at is None:
        process(stored.id)
        stored.refresh_from_db()
    return stored


def process(event_id: str) -> None:
    """Apply a stored event unless done already (the row lock keeps two workers from both applying it)."""
    with transaction.atomic():
        stored = StripeEvent.objects.select_for_update(skip_locked=True).filter(id=event_id).first()
        if stored is None or stored.processed_at is not None:
            return
        handler = HANDLERS.get(stored.type)
        stored.attempts += 1
        try:
            with transaction.atomic():  # a failed handler leaves no half-applied state
                tenant = handler(StripeClient(), stored.payload["data"]["object"]) if handler else None
        except Exception as exc:
            logger.exception("stripe event failed", extra={"event": stored.id, "type": stored.type})
            stored.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            stored.save(update_fields=["attempts", "last_error"])
            return
        stored.tenant = tenant
        stored.processed_at = timezone.now()
        stored.last_error = ""
        stored.save(update_fields=["attempts", "tenant", "processed_at", "last_error"])


def retry_failed() -> int:
    """Apply again what failed (bounded attempts); how many were tried."""
    ids = list(
        StripeEvent.objects.filter(processed_at__isnull=True, attempts__lt=MAX_ATTEMPTS).values_list("id", flat=True)
    )
    for event_id in ids:
        process(event_id)
    return len(ids)


# --- one handler per event type: (client, the event's object) -> the workspace it touched ----------


def _subscription_changed(client: StripeClient, obj: dict[str, Any]) -> Tenant | None:
    tenant = services.tenant_of_customer(obj.get("customer"))
    if tenant is not None:
        services.apply_subscription(tenant, client.subscription(obj["id"]))
    return tenant


def _checkout_completed(client: StripeClient, obj: dict[str, Any]) -> Tenant | None:
    session = client.checkout_session(obj["id"])
    tenant = services.tenant_of_customer(session.get("customer"))
    if tenant is not None and session.get("subscription"):
        services.apply_subscription(tenant, client.subscription(str(session["subscription"])))
    return tenant


def _invoice_changed(client: StripeClient, obj: dict[str, Any]) -> Tenant | None:
    invoice = client.invoice(obj["id"])
    tenant = services.tenant_of_customer(invoice.get("customer"))
    if tenant is None:
        return None
    services.apply_invoice(tenant, invoice)
    subscription_id = services.invoice_subscription_id(invoice)
    if subscription_id:
        # The invoice's outcome shows in the subscription's status (active, past_due, unpaid).
        services.apply_subscription(tenant, client.subscription(subscription_id))
    return tenant


def _customer_updated(client: StripeClient, obj: dict[str, Any]) -> Tenant | None:
    tenant = services.tenant_of_customer(obj.get("id"))
    if tenant is not None:
        services.apply_customer(tenant, client.customer(obj["id"]))
    return tenant


HANDLERS: dict[str, Callable[[StripeClient, dict[str, Any]], Tenant | None]] = {
    "checkout.session.completed": _checkout_completed,
    "customer.subscription.created": _subscription_changed,
    "customer.subscription.updated": _subscription_changed,
    "customer.subscription.deleted": _subscription_changed,
    "invoice.paid": _invoice_changed,
    "invoice.payment_failed": _invoice_changed,
    "customer.updated": _customer_updated,
}
