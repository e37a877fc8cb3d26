"""Plans (the platform's price list), each workspace's subscription, Stripe events and invoices."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from saas import ratelimits
from tenants.models import Tenant

# The limits a plan sets, by name (``limit_for(tenant, name)``); a blank limit means unlimited.
LIMIT_NAMES = ("seats", "records", "custom_fields", "api_requests_per_day", "storage_mb")
# Features a plan switches on; the places that use one ask ``saas.modules.check_feature``.
FEATURES = {
    "realtime": "Live updates (subscriptions)",
    "api_keys": "API keys",
    "workflows": "Workflows",
    "sso": "Single sign-on",
    "audit_export": "Audit log export",
}


class Plan(models.Model):
    """A plan operators edit in the admin: its Stripe price, limits and features."""

    code = models.SlugField(max_length=30, unique=True)  # "free", "pro", "enterprise"
    name = models.CharField(max_length=60)
    # The Stripe Price subscribed to per seat; blank for a plan that is not sold (Free).
    stripe_price_id = models.CharField(max_length=100, blank=True)
    price_per_seat = models.DecimalField(max_digits=10, decimal_places=2, default=0)
    currency = models.CharField(max_length=3, default="USD")
    seats = models.PositiveIntegerField(null=True, blank=True, help_text="Active members; blank: unlimited.")
    records = models.PositiveIntegerField(null=True, blank=True, help_text="Companies, contacts...; blank: unlimited.")
    custom_fields = models.PositiveIntegerField(null=True, blank=True)
    api_requests_per_day = models.PositiveIntegerField(null=True, blank=True)
    storage_mb = models.PositiveIntegerField(null=True, blank=True)
    # Feature switches, e.g. ["workflows", "realtime", "api_keys"] (keys of ``FEATURES``).
    features = models.JSONField(default=list, blank=True)
    # API rate limits (saas/ratelimits.py) of the plan; blank: the RATE_LIMIT_* settings. The workspace's
    # bucket, and each caller's (a member or an API key): the most points it holds, and its refill a second.
    rate_limit_workspace_maximum = models.PositiveIntegerField(null=True, blank=True)
    rate_limit_workspace_per_second = models.PositiveIntegerField(null=True, blank=True)
    rate_limit_caller_maximum = models.PositiveIntegerField(null=True, blank=True)
    rate_limit_caller_per_second = models.PositiveIntegerField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)  # order on the billing page

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name

    def limits(self) -> dict[str, int | None]:
        return {name: getattr(self, name) for name in LIMIT_NAMES}

    def rate_limit(self, kind: ratelimits.Kind) -> ratelimits.Limit | None:
        """The plan's bucket of ``kind``; None where it leaves the settings' size."""
        scope = "workspace" if kind == "tenant" else "caller"
        maximum = getattr(self, f"rate_limit_{scope}_maximum")
        per_second = getattr(self, f"rate_limit_{scope}_per_second")
        if maximum is None or per_second is None:
            return None
        return ratelimits.Limit(maximum, float(per_second))

    def clean(self) -> None:
        """Refuse what would break workspaces on the plan: unknown features, half or too small buckets."""
        errors: dict[str, str] = {}
        if not isinstance(self.features, list) or not all(isinstance(f, str) for f in self.features):
            errors["features"] = 'A list of feature names, e.g. ["realtime", "api_keys"].'
        else:
            unknown = sorted(set(self.features) - FEATURES.keys())
            if unknown:
                errors["features"] = f"Unknown features: {', '.join(unknown)}. Known: {', '.join(FEATURES)}."
        for scope in ("workspace", "caller"):
            maximum = getattr(self, f"rate_limit_{scope}_maximum")
            per_second = getattr(self, f"rate_limit_{scope}_per_second")
            if (maximum is None) != (per_second is None):
                errors[f"rate_limit_{scope}_per_second"] = "Set both the maximum and the refill, or neither."
            elif maximum is not None and maximum < ratelimits.LARGEST_REQUEST_COST:
                # Smaller, the costliest query the API accepts could never run.
                errors[f"rate_limit_{scope}_maximum"] = f"At least {ratelimits.LARGEST_REQUEST_COST:,} points."
            elif per_second == 0:
                errors[f"rate_limit_{scope}_per_second"] = "At least 1 point a second, or the bucket never refills."
        if errors:
            raise ValidationError(errors)


class Status(models.TextChoices):
    """Stripe's subscription statuses, plus ``none`` (never subscribed: trial or Free)."""

    NONE = "none", "No subscription"
    TRIALING = "trialing", "Trialing"
    ACTIVE = "active", "Active"
    PAST_DUE = "past_due", "Past due"
    UNPAID = "unpaid", "Unpaid"
    INCOMPLETE = "incomplete", "Incomplete"
    INCOMPLETE_EXPIRED = "incomplete_expired", "Incomplete, expired"
    CANCELED = "canceled", "Canceled"
    PAUSED = "paused", "Paused"


class Subscription(models.Model):
    """A workspace's billing state, as last read from Stripe (never from an event's own copy)."""

    tenant = models.OneToOneField(Tenant, on_delete=models.CASCADE, related_name="subscription")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NONE)
    trial_ends_at = models.DateTimeField(null=True, blank=True)
    stripe_customer_id = models.CharField(max_length=100, blank=True, db_index=True)
    stripe_subscription_id = models.CharField(max_length=100, blank=True, db_index=True)
    seats_billed = models.PositiveIntegerField(default=0)  # the subscription item's quantity in Stripe
    current_period_end = models.DateTimeField(null=True, blank=True)
    cancel_at_period_end = models.BooleanField(default=False)
    # When the oldest unpaid invoice failed: the dunning clock (grace, read-only, suspended) runs from it.
    payment_failed_at = models.DateTimeField(null=True, blank=True)
    billing_email = models.EmailField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.tenant} on {self.plan}"


class StripeEvent(models.Model):
    """A webhook event, stored by its id so it is applied once; failures are retried by a sweep."""

    id = models.CharField(max_length=100, primary_key=True)  # evt_...
    type = models.CharField(max_length=100)
    tenant = models.ForeignKey(Tenant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    payload = models.JSONField()
    received_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["received_at"]

    def __str__(self) -> str:
        return f"{self.type} {self.id}"


class Invoice(models.Model):
    """A Stripe invoice of a workspace, as last read from Stripe (for the billing page)."""

    stripe_id = models.CharField(max_length=100, unique=True)
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="invoices")
    number = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=20)  # draft, open, paid, uncollectible, void
    amount_due = models.DecimalField(max_digits=12, decimal_places=2)
    amount_paid = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    hosted_invoice_url = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.number or self.stripe_id
