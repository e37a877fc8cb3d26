"""Platform admin: operators edit plans; subscriptions, events and invoices are there to look at."""

from __future__ import annotations

from django.contrib import admin

from .models import Invoice, Plan, StripeEvent, Subscription


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "stripe_price_id", "price_per_seat", "seats", "records", "position")
    list_editable = ("position",)
    search_fields = ("name", "code")


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
