"""What a workspace may do: its plan (trial, subscription or Free), limits, usage and standing.

``limit_for(tenant, name)`` is the one question the rest of the platform asks. Standing follows the
dunning clock: a failed payment starts ``grace`` (everything works, a banner warns), then
``read_only`` (queries work, mutations answer ``PAYMENT_REQUIRED``), then ``suspended``; a paid
invoice clears the clock at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from saas.errors import ErrorCode, FieldError, ServiceError
from tenants.models import Membership, Tenant

from .models import LIMIT_NAMES, Plan, Status, Subscription

FREE, PRO, ENTERPRISE = "free", "pro", "enterprise"
PUBLIC = "public"
# Stripe statuses in which the subscribed plan applies (unpaid ones too: dunning decides what they may do).
SUBSCRIBED = frozenset({Status.TRIALING, Status.ACTIVE, Status.PAST_DUE, Status.UNPAID, Status.PAUSED})
UNPAID = frozenset({Status.PAST_DUE, Status.UNPAID})


class Standing(StrEnum):
    ACTIVE = "active"
    GRACE = "grace"  # payment failed; everything still works
    READ_ONLY = "read_only"  # queries work, mutations answer PAYMENT_REQUIRED
    SUSPENDED = "suspended"  # only billing works


def subscription_for(tenant: Tenant) -> Subscription:
    """The workspace's subscription row, made on first use with the trial of a new workspace."""
    subscription = Subscription.objects.select_related("plan").filter(tenant=tenant).first()
    if subscription is not None:
        return subscription
    trial_plan = Plan.objects.filter(code=settings.BILLING_TRIAL_PLAN).first() or Plan.objects.first()
    if trial_plan is None:
        raise RuntimeError("No billing plans: run the billing migrations")
    subscription, _ = Subscription.objects.select_related("plan").get_or_create(
        tenant=tenant,
        defaults={
            "plan": trial_plan,
            "trial_ends_at": tenant.created_at + timedelta(days=settings.BILLING_TRIAL_DAYS),
        },
    )
    return subscription


def in_trial(subscription: Subscription, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        subscription.status == Status.NONE
        and subscription.trial_ends_at is not None
        and now < subscription.trial_ends_at
    )


def effective_plan(subscription: Subscription, now: datetime | None = None) -> Plan:
    """The plan in force: the subscribed one, the trial's, or Free when neither applies."""
    if subscription.status in SUBSCRIBED or in_trial(subscription, now):
        return subscription.plan
    return Plan.objects.filter(code=FREE).first() or subscription.plan


def limit_for(tenant: Tenant, name: str) -> int | None:
    """The workspace's limit called ``name`` (one of ``LIMIT_NAMES``); None means unlimited."""
    if name not in LIMIT_NAMES:
        raise ValueError(f"unknown plan limit {name!r}; one of {', '.join(LIMIT_NAMES)}")
    limit: int | None = getattr(effective_plan(subscription_for(tenant)), name)
    return limit


def has_feature(tenant: Tenant, feature: str) -> bool:
    return feature in effective_plan(subscription_for(tenant)).features


def standing_of(subscription: Subscription, now: datetime | None = None) -> Standing:
    if subscription.payment_failed_at is None or subscription.status not in UNPAID:
        return Standing.ACTIVE
    late = (now or timezone.now()) - subscription.payment_failed_at
    grace = timedelta(days=settings.BILLING_GRACE_DAYS)
    if late < grace:
        return Standing.GRACE
    if late < grace + timedelta(days=settings.BILLING_READ_ONLY_DAYS):
        return Standing.READ_ONLY
    return Standing.SUSPENDED


def _standing_key(tenant_id: int) -> str:
    return f"billing:standing:{tenant_id}"


def standing(tenant: Tenant) -> Standing:
    """The workspace's standing, cached briefly: every API request asks it."""
    key = _standing_key(tenant.pk)
    # Cache keys carry the current schema (django-tenants); the webhook forgets from schema public.
    with schema_context(PUBLIC):
        cached = cache.get(key)
    if cached is not None:
        return Standing(cached)
    subscription = Subscription.objects.filter(tenant=tenant).first()
    value = standing_of(subscription) if subscription is not None else Standing.ACTIVE
    with schema_context(PUBLIC):
        cache.set(key, value.value, settings.BILLING_STANDING_CACHE_SECONDS)
    return value


def _forget(tenant_id: int) -> None:
    with schema_context(PUBLIC):
        cache.delete(_standing_key(tenant_id))


def forget_standing(tenant_id: int) -> None:
    """Drop the cached standing now and once the write commits (paying restores at once)."""
    _forget(tenant_id)
    transaction.on_commit(lambda: _forget(tenant_id))


# --- usage ---------------------------------------------------------------------------------------


def seats_used(tenant: Tenant) -> int:
    """Active people in the workspace (API keys' service accounts take no seat)."""
    return Membership.objects.filter(tenant=tenant, is_active=True, user__is_service_account=False).count()


def records_used(tenant: Tenant) -> int:
    """CRM records (every recyclable record type), deleted ones in the recycle bin included."""
    from saas.access.registry import RECORD_TYPES
    from saas.records import SoftDeletableRecord

    models = [t.model for t in RECORD_TYPES.values() if issubclass(t.model, SoftDeletableRecord)]
    if not models:
        return 0
    # One statement whatever the number of types: the count runs on every create.
    sql = " UNION ALL ".join(f'SELECT COUNT(*) FROM "{m._meta.db_table}"' for m in models)
    with _in_schema(tenant), connection.cursor() as cursor:
        cursor.execute(f"SELECT SUM(n) FROM ({sql}) AS counts(n)")
        row = cursor.fetchone()
    return int(row[0] or 0) if row else 0


def custom_fields_used(tenant: Tenant) -> int:
    """Custom-field definitions (saas.customization; deleted ones awaiting their purge are not counted)."""
    from saas.customization.services import custom_field_count

    return custom_field_count(tenant)


def storage_mb_used(tenant: Tenant) -> int:
    """The size of the workspace's schema in PostgreSQL (tables, indexes, TOAST), in MB."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relkind = 'r'",
            [tenant.schema_name],
        )
        row = cursor.fetchone()
    return int((row[0] if row else 0) // (1024 * 1024))


def usage(tenant: Tenant) -> dict[str, int | None]:
    """What the workspace uses of each limit; None for what is not metered yet."""
    return {
        "seats": seats_used(tenant),
        "records": records_used(tenant),
        "custom_fields": custom_fields_used(tenant),
        "api_requests_per_day": None,  # not metered yet
        "storage_mb": storage_mb_used(tenant),
    }


class _in_schema:
    """Run in the tenant's schema (a no-op when it is already the current one)."""

    def __init__(self, tenant: Tenant) -> None:
        self.tenant = tenant
        self.previous: Tenant | None = None

    def __enter__(self) -> None:
        current = getattr(connection, "tenant", None)
        if current is not None and current.schema_name == self.tenant.schema_name:
            return
        self.previous = current
        connection.set_tenant(self.tenant)  # type: ignore[attr-defined]

    def __exit__(self, *exc: object) -> None:
        if self.previous is not None:
            connection.set_tenant(self.previous)  # type: ignore[attr-defined]


# --- limits, enforced by the services that add things ----------------------------------------------


@dataclass(frozen=True)
class LimitReached:
    name: str
    limit: int
    plan: Plan

    def error(self) -> ServiceError:
        label = self.name.replace("_", " ")
        return ServiceError(
            FieldError(
                None,
                f"Plan limit reached: {label}. The {self.plan.name} plan allows {self.limit}; upgrade for more.",
                ErrorCode.PLAN_LIMIT,
            )
        )


def check_seats_added(tenant: Tenant, count: int) -> None:
    plan = effective_plan(subscription_for(tenant))
    if plan.seats is not None and seats_used(tenant) + count > plan.seats:
        raise LimitReached("seats", plan.seats, plan).error()


def check_custom_fields_defined(tenant: Tenant | None, count: int) -> None:
    """After ``count`` custom fields were defined (inside that transaction): refuse beyond the plan's limit."""
    if tenant is None or tenant.schema_name == "public":
        return
    plan = effective_plan(subscription_for(tenant))
    if plan.custom_fields is not None and custom_fields_used(tenant) > plan.custom_fields:
        raise LimitReached("custom_fields", plan.custom_fields, plan).error()


def check_record_created(tenant: Tenant | None, model: type) -> None:
    if tenant is None or tenant.schema_name == "public":
        return
    plan = effective_plan(subscription_for(tenant))
    if plan.records is not None and records_used(tenant) > plan.records:
        raise LimitReached("records", plan.records, plan).error()
