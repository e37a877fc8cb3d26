"""What a workspace may do: its plan (trial, subscription or Free), limits, usage and standing.

``limit_for(tenant, name)`` is the one question the rest of the platform asks. Standing follows the
dunning clock: a failed payment starts ``grace`` (everything works, a banner warns), then
``read_only`` (queries work, mutations answer ``PAYMENT_REQUIRED``), then ``suspended``; a paid
invoice clears the clock at once.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from saas import modules, ratelimits
from saas.access import signals as access_signals
from saas.errors import ErrorCode, FieldError, ServiceError
from tenants.cache import platform_cache
from tenants.models import Membership, Tenant

from . import metering
from .models import FEATURES, LIMIT_NAMES, Plan, Status, Subscription

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
    # Platform keys (tenants/cache.py): the webhook forgets them from schema public.
    cached = platform_cache.get(key)
    if cached is not None:
        return Standing(cached)
    subscription = Subscription.objects.filter(tenant=tenant).first()
    value = standing_of(subscription) if subscription is not None else Standing.ACTIVE
    platform_cache.set(key, value.value, settings.BILLING_STANDING_CACHE_SECONDS)
    return value


def _forget(tenant_id: int) -> None:
    platform_cache.delete_many([_standing_key(tenant_id), _terms_key(tenant_id)])


def forget_standing(tenant_id: int) -> None:
    """Drop the cached standing and terms now and once the write commits (paying or upgrading acts at once)."""
    _forget(tenant_id)
    transaction.on_commit(lambda: _forget(tenant_id))


def live_updates_refused(subscription: Subscription) -> str | None:
    """Why the workspace may not hear live updates under this subscription as saved (``suspended``, or
    ``plan``: the plan in force lacks ``realtime``, e.g. after a downgrade); None when it may."""
    if standing_of(subscription) == Standing.SUSPENDED:
        return "suspended"
    if "realtime" not in effective_plan(subscription).features:
        return "plan"
    return None


def announce_live_updates_refused(tenant_ids: Iterable[int], reason: str) -> None:
    """Tell whoever keeps members' sessions open (realtime) that these workspaces may no longer hear live
    updates (suspended, or a plan without them), once the write commits: open subscriptions end now rather
    than at their connection's next periodic re-check, which asks billing why (``realtime_refusal``)."""
    members = Membership.objects.filter(tenant_id__in=list(tenant_ids), is_active=True)
    access_signals.announce(members.values_list("user_id", flat=True), reason=reason)


def plan_lost_live_updates(plan: Plan) -> None:
    """An operator saved ``plan`` without ``realtime``: the workspaces it may be in force for hear at once."""
    if "realtime" in plan.features:
        return
    on_it = Subscription.objects.all() if plan.code == FREE else Subscription.objects.filter(plan=plan)
    announce_live_updates_refused(on_it.values_list("tenant_id", flat=True), reason="plan")


# --- terms: what every API request needs of the plan, cached ------------------------------------


@dataclass(frozen=True)
class Terms:
    """The plan in force as the request path needs it (features, daily API requests, rate limits)."""

    plan: str  # the plan's name, for messages
    features: frozenset[str]
    api_requests_per_day: int | None
    rate_limits: dict[str, ratelimits.Limit | None]  # by ``ratelimits.Kind``

    @classmethod
    def of(cls, plan: Plan) -> Terms:
        return cls(
            plan=plan.name,
            features=frozenset(plan.features),
            api_requests_per_day=plan.api_requests_per_day,
            rate_limits={kind: plan.rate_limit(kind) for kind in ratelimits.KINDS},
        )


_PLANS_GENERATION = "billing:plans:generation"


def _terms_key(tenant_id: int) -> str:
    return f"billing:terms:{tenant_id}"


def terms(tenant: Tenant) -> Terms:
    """The workspace's terms, cached like the standing: every API request asks them (rate limits).

    An entry is dropped when the subscription changes (``forget_standing``), is made stale for every
    workspace when an operator edits a plan (the generation moves), and never outlives a trial's end.
    """
    key = _terms_key(tenant.pk)
    found = platform_cache.get_many([key, _PLANS_GENERATION])
    generation = found.get(_PLANS_GENERATION, 0)
    cached = found.get(key)
    if cached is not None and cached[0] == generation:
        return cached[1]
    subscription = subscription_for(tenant)
    now = timezone.now()
    value = Terms.of(effective_plan(subscription, now))
    seconds = settings.BILLING_STANDING_CACHE_SECONDS
    if in_trial(subscription, now) and subscription.trial_ends_at is not None:
        seconds = max(1, min(seconds, int((subscription.trial_ends_at - now).total_seconds())))
    platform_cache.set(key, (generation, value), seconds)
    return value


def plans_changed() -> None:
    """An operator changed a plan: every workspace's cached terms are stale from now on."""
    if not platform_cache.add(_PLANS_GENERATION, 1, timeout=None):
        platform_cache.incr(_PLANS_GENERATION)


def plan_rate_limit(tenant: Tenant, kind: ratelimits.Kind) -> ratelimits.Limit | None:
    """``saas.ratelimits.PLAN_RATE_LIMITS``' hook: the bucket the plan in force sets, if it sets one."""
    if tenant.schema_name == PUBLIC:
        return None
    return terms(tenant).rate_limits.get(kind)


# --- usage ---------------------------------------------------------------------------------------


def seats_used(tenant: Tenant) -> int:
    """Active people in the workspace (API keys' service accounts take no seat)."""
    return Membership.objects.filter(tenant=tenant, is_active=True, user__is_service_account=False).count()


def _record_tables() -> list[str]:
    from saas.access.registry import RECORD_TYPES
    from saas.records import SoftDeletableRecord

    return [
        t.model._meta.db_table
        for t in RECORD_TYPES.values()
        if issubclass(t.model, SoftDeletableRecord) and t.model.counts_as_record
    ]


def records_used(tenant: Tenant) -> int:
    """CRM records (every recyclable record type), deleted ones in the recycle bin included."""
    tables = _record_tables()
    if not tables:
        return 0
    # One statement whatever the number of types.
    sql = " UNION ALL ".join(f'SELECT COUNT(*) FROM "{table}"' for table in tables)
    with _in_schema(tenant), connection.cursor() as cursor:
        cursor.execute(f"SELECT SUM(n) FROM ({sql}) AS counts(n)")
        row = cursor.fetchone()
    return int(row[0] or 0) if row else 0


# Within this many records of the limit (or a twentieth of it, if more) every create counts them exactly.
RECORDS_COUNTED_NEAR_LIMIT = 1000


def records_estimate(tenant: Tenant) -> int:
    """About how many records the workspace holds, from PostgreSQL's statistics (no table is read).

    Per table, the larger of the live rows the statistics count as rows come and go and the row count the
    last VACUUM or ANALYZE found (which survives a crash that resets the live count).
    """
    tables = _record_tables()
    if not tables:
        return 0
    relations = ", ".join(f"'\"{table}\"'::regclass" for table in tables)
    with _in_schema(tenant), connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(SUM(GREATEST(pg_stat_get_live_tuples(c.oid), c.reltuples::bigint, 0)), 0)"
            f" FROM pg_class c WHERE c.oid = ANY(ARRAY[{relations}])"
        )
        row = cursor.fetchone()
    return int(row[0] or 0) if row else 0


MB = 1024 * 1024


def custom_fields_used(tenant: Tenant) -> int:
    """Custom-field definitions (saas.customization; deleted ones awaiting their purge are not counted)."""
    from saas.customization.services import custom_field_count

    return custom_field_count(tenant)


def storage_mb_used(tenant: Tenant) -> int:
    """The files the workspace keeps (every module's ``STORED_BYTES`` meter), in MB rounded up."""
    return math.ceil(modules.measured(tenant, modules.STORED_BYTES) / MB)


def usage(tenant: Tenant) -> dict[str, int | None]:
    """What the workspace uses of each limit (the modules' meters for custom fields and storage)."""
    return {
        "seats": seats_used(tenant),
        "records": records_used(tenant),
        "custom_fields": custom_fields_used(tenant),
        "api_requests_per_day": metering.api_requests_today(tenant),
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
        return ServiceError(FieldError(None, self.message, ErrorCode.PLAN_LIMIT))

    @property
    def message(self) -> str:
        label = LIMIT_LABELS[self.name]
        return f"Plan limit reached: {label}. The {self.plan.name} plan allows {self.limit:,}; upgrade for more."


LIMIT_LABELS = {
    "seats": "seats",
    "records": "records",
    "custom_fields": "custom fields",
    "api_requests_per_day": "API requests per day",
    "storage_mb": "storage in MB",
}


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
    if plan.records is None:
        return
    # Counting every record type's rows on every create grows with the workspace; far below the limit,
    # the statistics are enough to know the count would pass.
    if records_estimate(tenant) < plan.records - max(RECORDS_COUNTED_NEAR_LIMIT, plan.records // 20):
        return
    if records_used(tenant) > plan.records:
        raise LimitReached("records", plan.records, plan).error()


def check_adding(tenant: Tenant | None, quantity: str, amount: int) -> None:
    """Refuse keeping ``amount`` more of a metered quantity (``saas.modules.Meter``) beyond the plan."""
    if tenant is None or tenant.schema_name == PUBLIC:
        return
    if quantity != modules.STORED_BYTES:
        raise ValueError(f"unknown metered quantity {quantity!r}")
    plan = effective_plan(subscription_for(tenant))
    if plan.storage_mb is not None and modules.measured(tenant, quantity) + amount > plan.storage_mb * MB:
        raise LimitReached("storage_mb", plan.storage_mb, plan).error()


def feature_refusal(tenant: Tenant, feature: str) -> str | None:
    """Why the workspace may not use ``feature`` (the message to show), or None when its plan has it."""
    found = terms(tenant)
    if feature in found.features:
        return None
    label = FEATURES.get(feature, feature.replace("_", " "))
    return f"Not in your plan: {label}. The {found.plan} plan does not include it; upgrade to use it."


SUSPENDED_MESSAGE = "This workspace is suspended until its payment is made; an owner can pay on the billing page."


def check_feature(tenant: Tenant | None, feature: str) -> None:
    """Refuse a feature the plan lacks (``plan_limit``), or any feature while suspended (``payment_required``)."""
    if tenant is None or tenant.schema_name == PUBLIC:
        return
    if standing(tenant) == Standing.SUSPENDED:
        raise ServiceError(FieldError(None, SUSPENDED_MESSAGE, ErrorCode.PAYMENT_REQUIRED))
    refusal = feature_refusal(tenant, feature)
    if refusal is not None:
        raise ServiceError(FieldError(None, refusal, ErrorCode.PLAN_LIMIT))
