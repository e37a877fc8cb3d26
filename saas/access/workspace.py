"""The workspace's own settings (name, locale, currency, time zone): owners and admins change them.

One service behind ``updateWorkspace`` (and the deprecated ``updateCompanyInfo``). It lives here,
not in ``tenants``, because it audits in the tenant's log and notifies colleagues: ``tenants``
imports no module.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from babel.numbers import is_currency
from django.db import transaction
from django_tenants.utils import tenant_context

from realtime import events
from saas.audit import services as audit
from saas.errors import ErrorCode, ErrorCollector, FieldError, ServiceError
from tenants.models import Membership, Tenant

from . import policy


@dataclass(frozen=True)
class WorkspaceSettings:
    """What owners and admins may change about their workspace; None leaves a setting as it is."""

    name: str | None = None
    locale: str | None = None
    currency: str | None = None
    time_zone: str | None = None


def validate_workspace_settings(changes: WorkspaceSettings, errors: ErrorCollector) -> WorkspaceSettings:
    """The settings cleaned up (trimmed, canonical case), with every problem added to ``errors``."""
    name = changes.name.strip() if changes.name is not None else None
    if name is not None and not name:
        errors.add("name", "Enter the company's name.", "required")
    elif name is not None and len(name) > 100:
        errors.add("name", "At most 100 characters.", "too_long")
    locale = changes.locale.strip() if changes.locale is not None else None
    if locale is not None:
        try:
            Locale.parse(locale, sep="-")
        except (ValueError, UnknownLocaleError):
            errors.add("locale", f"Unknown locale {locale!r}; use a language tag such as en-US or zh-CN.", "invalid")
    currency = changes.currency.strip().upper() if changes.currency is not None else None
    if currency is not None and not is_currency(currency):
        errors.add("currency", f"Unknown currency {currency!r}; use an ISO 4217 code such as USD or CNY.", "invalid")
    time_zone = changes.time_zone.strip() if changes.time_zone is not None else None
    if time_zone is not None and time_zone not in zoneinfo.available_timezones():
        errors.add("timeZone", f"Unknown time zone {time_zone!r}; use an IANA name such as Asia/Shanghai.", "invalid")
    return WorkspaceSettings(name=name, locale=locale, currency=currency, time_zone=time_zone)


def update_workspace(actor: Membership, changes: WorkspaceSettings) -> Tenant:
    """Rename the workspace or change its formats: owners and admins only, audited in the tenant's log."""
    if not policy.is_admin(actor):
        raise ServiceError(
            FieldError(None, "Only owners and admins change the workspace settings.", ErrorCode.PERMISSION_DENIED)
        )
    errors = ErrorCollector()
    cleaned = validate_workspace_settings(changes, errors)
    errors.raise_if_any()
    with transaction.atomic():
        tenant = Tenant.objects.select_for_update().get(pk=actor.tenant_id)
        changed: dict[str, dict[str, str]] = {}  # the audit log's one shape: {field: {old, new}}
        for field_name in ("name", "locale", "currency", "time_zone"):
            value = getattr(cleaned, field_name)
            if value is not None and value != getattr(tenant, field_name):
                changed[field_name] = {"old": getattr(tenant, field_name), "new": value}
                setattr(tenant, field_name, value)
        if changed:
            tenant.save(update_fields=list(changed))
            with tenant_context(tenant):
                audit.record(
                    actor=actor.user, action="update", record_type="Workspace", record_id=tenant.pk, changes=changed
                )
                # Colleagues' open pages pick up the new name and formats at once.
                who = actor.user.full_name or actor.user.email
                colleagues = Membership.objects.filter(tenant=tenant, is_active=True).exclude(user_id=actor.user_id)
                for user_id in colleagues.values_list("user_id", flat=True):
                    events.notify(user_id, "workspace_changed", f"{who} changed the workspace settings.", {})
    actor.tenant = tenant
    return tenant
