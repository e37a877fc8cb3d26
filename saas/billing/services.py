"""Billing's writes: checkout, the portal, seats kept in Stripe, and Stripe's state applied locally.

Only owners reach these (the API checks); Stripe's answers are applied by ``apply_subscription``,
always from the object as Stripe holds it now (never an event's copy), so events may arrive late,
twice or out of order.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from saas.errors import ErrorCode, FieldError, ServiceError
from tenants.models import Membership, Role, Tenant

from . import plans
from .models import Invoice, Plan, Status, Subscription
from .stripe_client import StripeClient

logger = logging.getLogger(__name__)


def require_owner(membership: Membership) -> None:
    if membership.role != Role.OWNER:
        raise ServiceError(FieldError(None, "Only owners manage billing.", ErrorCode.PERMISSION_DENIED))


def _customer_id(membership: Membership, stripe: StripeClient) -> str:
    """The workspace's Stripe customer, made once (the idempotency key guards concurrent first calls)."""
    tenant = membership.tenant
    subscription = Subscription.objects.select_for_update().get(pk=plans.subscription_for(tenant).pk)
    if not subscription.stripe_customer_id:
        customer = stripe.create_customer(tenant.pk, tenant.name, membership.user.email)
        subscription.stripe_customer_id = customer["id"]
        subscription.billing_email = customer["email"] or ""
        subscription.save(update_fields=["stripe_customer_id", "billing_email", "updated_at"])
    return subscription.stripe_customer_id


def start_checkout(membership: Membership, plan: str) -> str:
    """The URL of a Stripe Checkout page subscribing the workspace to ``plan`` (a plan's code)."""
    require_owner(membership)
    chosen = Plan.objects.filter(code=plan).first()
    if chosen is None or not chosen.stripe_price_id:
        raise ServiceError(FieldError("plan", "This plan cannot be bought.", ErrorCode.INVALID_CHOICE))
    stripe = StripeClient()
    tenant = membership.tenant
    with transaction.atomic():
        customer = _customer_id(membership, stripe)
    session = stripe.create_checkout_session(
        tenant_id=tenant.pk,
        customer=customer,
        price=chosen.stripe_price_id,
        quantity=max(plans.seats_used(tenant), 1),
        success_url=f"{tenant.url}/settings/billing?checkout=success",
        cancel_url=f"{tenant.url}/settings/billing?checkout=cancelled",
    )
    return str(session["url"])


def open_billing_portal(membership: Membership) -> str:
    """The URL of Stripe's customer portal (payment methods, invoices, cancellation)."""
    require_owner(membership)
    stripe = StripeClient()
    with transaction.atomic():
        customer = _customer_id(membership, stripe)
    session = stripe.create_portal_session(customer=customer, return_url=f"{membership.tenant.url}/settings/billing")
    return str(session["url"])


def sync_seats(tenant: Tenant, change_id: str) -> int | None:
    """Set the subscription's quantity to the seats in use (Stripe prorates); the quantity, or None."""
    subscription = plans.subscription_for(tenant)
    if not subscription.stripe_subscription_id or subscription.status not in plans.SUBSCRIBED:
        return None
    seats = max(plans.seats_used(tenant), 1)
    if seats == subscription.seats_billed:
        return seats
    stripe = StripeClient()
    updated = stripe.set_quantity(stripe.subscription(subscription.stripe_subscription_id), seats, change_id)
    apply_subscription(tenant, updated)
    return seats


# --- Stripe's state, applied ------------------------------------------------------------------------


def _moment(value: Any) -> datetime | None:
    return datetime.fromtimestamp(int(value), tz=UTC) if value else None


def tenant_of_customer(customer_id: str | None) -> Tenant | None:
    """The workspace whose Stripe customer this is: only ids we made ourselves are trusted."""
    if not customer_id:
        return None
    subscription = Subscription.objects.select_related("tenant").filter(stripe_customer_id=customer_id).first()
    return subscription.tenant if subscription is not None else None


def apply_subscription(tenant: Tenant, stripe_subscription: Any) -> Subscription:
    """Make the local subscription what Stripe says it is now."""
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().get(pk=plans.subscription_for(tenant).pk)
        status = str(stripe_subscription["status"])
        if (
            subscription.stripe_subscription_id
            and subscription.stripe_subscription_id != stripe_subscription["id"]
            and subscription.status in plans.SUBSCRIBED
            and status not in plans.SUBSCRIBED
        ):
            return subscription  # an old subscription ending does not end the current one
        item = stripe_subscription["items"]["data"][0]
        plan = Plan.objects.filter(stripe_price_id=item["price"]["id"]).first()
        if plan is not None:
            subscription.plan = plan
        subscription.stripe_subscription_id = stripe_subscription["id"]
        subscription.status = status if status in Status.values else Status.ACTIVE
        subscription.seats_billed = int(item.get("quantity") or 0)
        subscription.current_period_end = _moment(
            item.get("current_period_end") or stripe_subscription.get("current_period_end")
        )
        subscription.cancel_at_period_end = bool(stripe_subscription.get("cancel_at_period_end"))
        if status in plans.UNPAID:
            subscription.payment_failed_at = subscription.payment_failed_at or timezone.now()
        else:
            subscription.payment_failed_at = None  # paid (or over): the dunning clock stops at once
        subscription.save()
        plans.forget_standing(tenant.pk)
    return subscription


def apply_invoice(tenant: Tenant, stripe_invoice: Any) -> Invoice:
    cents = Decimal(100)
    invoice, _ = Invoice.objects.update_or_create(
        stripe_id=stripe_invoice["id"],
        defaults={
            "tenant": tenant,
            "number": stripe_invoice.get("number") or "",
            "status": stripe_invoice["status"],
            "amount_due": Decimal(stripe_invoice["amount_due"]) / cents,
            "amount_paid": Decimal(stripe_invoice["amount_paid"]) / cents,
            "currency": str(stripe_invoice["currency"]).upper(),
            "hosted_invoice_url": stripe_invoice.get("hosted_invoice_url") or "",
            "created_at": _moment(stripe_invoice["created"]) or timezone.now(),
        },
    )
    return invoice


def apply_customer(tenant: Tenant, stripe_customer: Any) -> None:
    Subscription.objects.filter(tenant=tenant).update(billing_email=stripe_customer.get("email") or "")


def invoice_subscription_id(stripe_invoice: Any) -> str | None:
    """The invoice's subscription: a top-level field in older API versions, under ``parent`` since 2025."""
    direct = stripe_invoice.get("subscription")
    if direct:
        return str(direct if isinstance(direct, str) else direct["id"])
    parent = stripe_invoice.get("parent") or {}
    details = parent.get("subscription_details") or {}
    found = details.get("subscription")
    return str(found) if found else None
