"""Billing as owners read it: plan, status, trial, limits against usage, invoices."""

from __future__ import annotations

import math
from datetime import datetime
from enum import Enum

import strawberry
from django.utils import timezone

from graphql_schema.core.money import Money
from saas.billing import models, plans
from saas.billing.models import LIMIT_NAMES
from tenants.models import Tenant


@strawberry.enum(description="Where a workspace stands with its payments (saas.billing.plans.Standing).")
class WorkspaceStanding(Enum):
    ACTIVE = "active"
    GRACE = "grace"  # a payment failed; everything still works
    READ_ONLY = "read_only"  # queries only; mutations answer PAYMENT_REQUIRED
    SUSPENDED = "suspended"  # billing only


@strawberry.enum(description="The workspace's subscription as Stripe sees it; TRIAL and FREE without one.")
class BillingStatus(Enum):
    TRIAL = "trial"
    FREE = "free"
    TRIALING = "trialing"
    ACTIVE = "active"
    PAST_DUE = "past_due"
    UNPAID = "unpaid"
    INCOMPLETE = "incomplete"
    CANCELED = "canceled"
    PAUSED = "paused"


@strawberry.type(description="One limit of a plan; null: unlimited.")
class PlanLimit:
    name: str = strawberry.field(description="seats, records, custom_fields, api_requests_per_day or storage_mb.")
    limit: int | None = strawberry.field(description="The most the plan allows; null: unlimited.")


@strawberry.type(description="What the workspace uses of one limit.")
class PlanUsage:
    name: str = strawberry.field(description="The limit's name, as in `PlanLimit.name`.")
    used: int | None = strawberry.field(description="Null when it is not metered.")
    limit: int | None = strawberry.field(description="Null: unlimited.")


@strawberry.type(name="BillingPlan", description="A plan the workspace may be on.")
class PlanType:
    code: str = strawberry.field(description="Stable code: free, pro, enterprise (operators may add more).")
    name: str = strawberry.field(description="The plan's name to show.")
    price_per_seat: Money = strawberry.field(description="Per seat and month.")
    features: list[str] = strawberry.field(description="Feature switches, e.g. realtime, api_keys, workflows.")
    limits: list[PlanLimit] = strawberry.field(description="Every limit of the plan.")
    purchasable: bool = strawberry.field(description="False for a plan that is not sold (Free).")

    @classmethod
    def of(cls, plan: models.Plan) -> PlanType:
        return cls(
            code=plan.code,
            name=plan.name,
            price_per_seat=Money(amount=plan.price_per_seat, currency=plan.currency),
            features=list(plan.features),
            limits=[PlanLimit(name=name, limit=limit) for name, limit in plan.limits().items()],
            purchasable=bool(plan.stripe_price_id),
        )


@strawberry.type(name="Invoice", description="A Stripe invoice of the workspace.")
class InvoiceType:
    number: str = strawberry.field(description="Stripe's invoice number.")
    status: str = strawberry.field(description="draft, open, paid, uncollectible or void.")
    amount_due: Money = strawberry.field(description="What the invoice asks for.")
    amount_paid: Money = strawberry.field(description="What has been paid of it.")
    url: str | None = strawberry.field(description="Stripe's page of the invoice (pay, download).")
    created_at: datetime = strawberry.field(description="When Stripe issued it.")

    @classmethod
    def of(cls, invoice: models.Invoice) -> InvoiceType:
        return cls(
            number=invoice.number,
            status=invoice.status,
            amount_due=Money(amount=invoice.amount_due, currency=invoice.currency),
            amount_paid=Money(amount=invoice.amount_paid, currency=invoice.currency),
            url=invoice.hosted_invoice_url or None,
            created_at=invoice.created_at,
        )


@strawberry.type(description="The workspace's plan, subscription and usage (owners only).")
class Billing:
    plan: PlanType = strawberry.field(description="The plan in force (the trial's, the subscribed one or Free).")
    status: BillingStatus = strawberry.field(description="The subscription's status.")
    standing: WorkspaceStanding = strawberry.field(description="Paid up, in grace, read-only or suspended.")
    trial_ends_at: datetime | None = strawberry.field(description="End of the trial; null when not in one.")
    trial_days_left: int | None = strawberry.field(description="Whole days of trial left; null when not in one.")
    seats_used: int = strawberry.field(description="Active members (API keys take no seat).")
    current_period_end: datetime | None = strawberry.field(description="When the paid period renews.")
    cancel_at_period_end: bool = strawberry.field(description="The subscription ends at the period's end.")
    limits: list[PlanLimit] = strawberry.field(description="The limits of the plan in force.")
    usage: list[PlanUsage] = strawberry.field(description="What the workspace uses of each limit.")
    invoices: list[InvoiceType] = strawberry.field(description="The latest invoices, newest first.")
    plans: list[PlanType] = strawberry.field(description="Every plan, in the order to show them.")


def billing_of(tenant: Tenant) -> Billing:
    subscription = plans.subscription_for(tenant)
    now = timezone.now()
    plan = plans.effective_plan(subscription, now)
    trial = plans.in_trial(subscription, now)
    if trial:
        status = BillingStatus.TRIAL
    elif subscription.status in plans.SUBSCRIBED:
        status = BillingStatus(subscription.status)
    else:
        status = BillingStatus.FREE
    used = plans.usage(tenant)
    limits = plan.limits()
    days_left = None
    if trial and subscription.trial_ends_at is not None:
        days_left = math.ceil((subscription.trial_ends_at - now).total_seconds() / 86400)
    return Billing(
        plan=PlanType.of(plan),
        status=status,
        standing=WorkspaceStanding(plans.standing_of(subscription, now).value),
        trial_ends_at=subscription.trial_ends_at if trial else None,
        trial_days_left=days_left,
        seats_used=used["seats"] or 0,
        current_period_end=subscription.current_period_end,
        cancel_at_period_end=subscription.cancel_at_period_end,
        limits=[PlanLimit(name=name, limit=limits[name]) for name in LIMIT_NAMES],
        usage=[PlanUsage(name=name, used=used[name], limit=limits[name]) for name in LIMIT_NAMES],
        invoices=[InvoiceType.of(i) for i in models.Invoice.objects.filter(tenant=tenant)[:24]],
        plans=[PlanType.of(p) for p in models.Plan.objects.all()],
    )
