"""Warranties and repair orders in the Django admin (read-only: every change goes through the services)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from .models import RepairLine, RepairOrder, RepairStatusChange, Warranty


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class LineInline(admin.TabularInline):
    model = RepairLine
    extra = 0
    can_delete = False
    readonly_fields = ("position", "kind", "product", "description", "quantity", "unit_price", "amount", "covered")

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class StatusChangeInline(admin.TabularInline):
    model = RepairStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ("from_status", "to_status", "at", "by", "note")

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Warranty)
class WarrantyAdmin(ReadOnly):
    list_display = ("serial_number", "product", "company", "start_date", "end_date", "coverage", "voided_at")
    list_filter = ("coverage",)
    search_fields = ("serial_number",)


@admin.register(RepairOrder)
class RepairOrderAdmin(ReadOnly):
    list_display = ("number", "company", "product", "serial_number", "status", "received_on", "total", "currency")
    list_filter = ("status",)
    search_fields = ("serial_number", "problem")
    inlines = [LineInline, StatusChangeInline]
