"""Platform admin: operators edit plans; subscriptions, events and invoices are there to look at."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

from .models import FEATURES, Invoice, Plan, StripeEvent, Subscription


class PlanForm(forms.ModelForm):
    """Features as boxes to tick (``Plan.clean`` still refuses unknown names from anywhere else)."""

    features = forms.MultipleChoiceField(
        choices=list(FEATURES.items()), widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Plan
        fields = ("features",)  # the admin adds the rest from its fieldsets


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    """Operators edit the price list here; workspaces on a plan feel a change within a minute at most."""

    form = PlanForm
    list_display = ("name", "code", "stripe_price_id", "price_per_seat", "seats", "records", "features_on", "position")
    list_editable = ("position",)
    search_fields = ("name", "code")
    fieldsets = (
        (None, {"fields": ("code", "name", "position")}),
        ("Price", {"fields": ("stripe_price_id", "price_per_seat", "currency")}),
        (
            "Limits (blank: unlimited)",
            {"fields": ("seats", "records", "custom_fields", "api_requests_per_day", "storage_mb")},
        ),
        ("Features", {"fields": ("features",)}),
        (
            "API rate limits (blank: the RATE_LIMIT_* settings)",
            {
                "description": "Points a full bucket holds and points it regains a second: the workspace's "
                "bucket, and each member's or API key's.",
                "fields": (
                    ("rate_limit_workspace_maximum", "rate_limit_workspace_per_second"),
                    ("rate_limit_caller_maximum", "rate_limit_caller_per_second"),
                ),
            },
        ),
    )

    @admin.display(description="Features")
    def features_on(self, plan: Plan) -> str:
        return ", ".join(FEATURES.get(f, f) for f in plan.features) or "—"

    def get_readonly_fields(self, request: Any, obj: Plan | None = None) -> tuple[str, ...]:
        # The platform finds plans by code (Free when a trial ends, BILLING_TRIAL_PLAN): fixed once made.
        return ("code",) if obj is not None else ()


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("tenant", "plan", "status", "trial_ends_at", "payment_failed_at", "seats_billed")
    list_filter = ("status", "plan")
    search_fields = ("tenant__name", "tenant__schema_name", "stripe_customer_id", "stripe_subscription_id")
    readonly_fields = ("stripe_customer_id", "stripe_subscription_id", "seats_billed", "updated_at")


@admin.register(StripeEvent)
class StripeEventAdmin(admin.ModelAdmin):
    list_display = ("id", "type", "tenant", "received_at", "processed_at", "attempts")
    list_filter = ("type",)
    search_fields = ("id",)
    readonly_fields = ("id", "type", "tenant", "payload", "received_at", "processed_at", "attempts", "last_error")


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    list_display = ("number", "tenant", "status", "amount_due", "amount_paid", "currency", "created_at")
    list_filter = ("status",)
