"""Return requests and claims in the Django admin (read-only: every change goes through the services)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from .models import Claim, ClaimStatusChange, ReturnLine, ReturnRequest, ReturnStatusChange


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class LineInline(ReadOnlyInline):
    model = ReturnLine
    readonly_fields = ("order_line", "quantity")


class ReturnChangeInline(ReadOnlyInline):
    model = ReturnStatusChange
    readonly_fields = ("from_status", "to_status", "at", "by", "note")


class ClaimChangeInline(ReadOnlyInline):
    model = ClaimStatusChange
    readonly_fields = ("from_status", "to_status", "at", "by", "note")


@admin.register(ReturnRequest)
class ReturnRequestAdmin(ReadOnly):
    list_display = ("number", "company", "order", "status", "reason", "resolution", "refund_amount", "currency")
    list_filter = ("status", "resolution")
    search_fields = ("reason", "notes")
    inlines = [LineInline, ReturnChangeInline]


@admin.register(Claim)
class ClaimAdmin(ReadOnly):
    list_display = ("number", "kind", "company", "status", "amount_claimed", "amount_approved", "currency")
    list_filter = ("status", "kind")
    search_fields = ("description",)
    inlines = [ClaimChangeInline]
