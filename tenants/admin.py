"""Platform admin (public host only): tenants, domains, users, memberships, tokens."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import AuthToken, Domain, Membership, SchemaPoolEntry, Tenant, User


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = ("name", "schema_name", "locale", "currency", "time_zone", "created_at", "is_template")
    list_filter = ("locale", "currency")
    search_fields = ("name", "schema_name")
    inlines = [DomainInline, MembershipInline]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ("email",)
    list_display = ("email", "full_name", "is_active", "is_staff", "date_joined")
    search_fields = ("email", "full_name")
    fieldsets = (
        (None, {"fields": ("email", "password", "full_name")}),
        ("Status", {"fields": ("is_active", "is_staff", "is_superuser")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)
    inlines = [MembershipInline]


@admin.register(AuthToken)
class AuthTokenAdmin(admin.ModelAdmin):
    list_display = ("id", "user", "created_at", "expires_at", "revoked_at", "last_used_at")
    readonly_fields = ("id", "user", "secret_hash", "created_at", "expires_at", "last_used_at", "user_agent")
    search_fields = ("user__email",)


@admin.register(SchemaPoolEntry)
class SchemaPoolEntryAdmin(admin.ModelAdmin):
    list_display = ("schema_name", "fingerprint", "created_at")
