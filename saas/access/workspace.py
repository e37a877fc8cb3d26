"""The workspace's own settings: owners and admins change them.

Name and formats (locale, currency, time zone), the company profile (legal name, address, website),
the currencies it trades in with their exchange rates, the fiscal year's first month and branding
(a colour and a logo, kept in Django's default storage).

One service behind ``updateWorkspace`` (and the deprecated ``updateCompanyInfo``). It lives here,
not in ``tenants``, because it audits in the tenant's log and notifies colleagues: ``tenants``
imports no module.
"""

from __future__ import annotations

import base64
import binascii
import re
import uuid
import zoneinfo
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from babel import Locale, UnknownLocaleError
from babel.numbers import is_currency
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET
from django_tenants.utils import tenant_context

from realtime import events
from saas.audit import services as audit
from saas.errors import ErrorCode, ErrorCollector, FieldError, ServiceError
from tenants.models import Membership, Tenant

from . import policy

COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
WEBSITE = re.compile(r"^https?://[\w.-]+\.[a-z]{2,}(:\d+)?(/\S*)?$", re.I)
MAX_RATES = 50
MAX_LOGO_BYTES = 512 * 1024
# Raster images only: an SVG may carry script.
LOGO_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp"}
LOGO_MAGIC = {"png": b"\x89PNG\r\n\x1a\n", "jpg": b"\xff\xd8\xff", "webp": b"RIFF"}


@dataclass(frozen=True)
class WorkspaceSettings:
    """What owners and admins may change about their workspace; None leaves a setting as it is."""

    name: str | None = None
    locale: str | None = None
    currency: str | None = None
    time_zone: str | None = None
    legal_name: str | None = None
    address: str | None = None
    website: str | None = None
    #: (currency code, how many of the default currency one unit is worth), each code once; replaces
    #: the whole table.
    exchange_rates: list[tuple[str, Any]] | dict[str, Any] | None = None
    fiscal_year_start_month: int | None = None
    brand_colour: str | None = None
    #: A data URL (``data:image/png;base64,...``); "" removes the logo.
    logo: str | None = None


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
    profile = _clean_profile(changes, errors)
    rates = _clean_rates(changes.exchange_rates, errors) if changes.exchange_rates is not None else None
    if changes.logo:
        _logo_bytes(changes.logo, errors)
    return WorkspaceSettings(
        name=name,
        locale=locale,
        currency=currency,
        time_zone=time_zone,
        exchange_rates=rates,
        logo=changes.logo,
        **profile,
    )


def _clean_profile(changes: WorkspaceSettings, errors: ErrorCollector) -> dict[str, Any]:
    """Company profile, fiscal year and colour, cleaned (None: left as it is)."""
    clean: dict[str, Any] = {}
    for field_name, api_name, limit in (("legal_name", "legalName", 200), ("address", "address", 500)):
        value = getattr(changes, field_name)
        clean[field_name] = value.strip() if value is not None else None
        if value is not None and len(value.strip()) > limit:
            errors.add(api_name, f"At most {limit} characters.", ErrorCode.TOO_LONG)
    website = clean["website"] = changes.website.strip() if changes.website is not None else None
    if website and (len(website) > 200 or not WEBSITE.match(website)):
        errors.add("website", "A web address starting with http:// or https:// expected.", ErrorCode.INVALID_FORMAT)
    month = clean["fiscal_year_start_month"] = changes.fiscal_year_start_month
    if month is not None and not 1 <= month <= 12:
        errors.add("fiscalYearStartMonth", "A month from 1 (January) to 12.", ErrorCode.OUT_OF_RANGE)
    colour = clean["brand_colour"] = changes.brand_colour.strip().lower() if changes.brand_colour is not None else None
    if colour and not COLOUR.match(colour):
        errors.add("brandColour", "A colour like #1a7f37 expected.", ErrorCode.INVALID_FORMAT)
    return clean


def _clean_rates(given: list[tuple[str, Any]] | dict[str, Any], errors: ErrorCollector) -> dict[str, str]:
    """Codes upper-cased and known, rates positive decimals (as strings) with at most 10 decimal places."""
    rates: dict[str, str] = {}
    for code, raw in given.items() if isinstance(given, dict) else given:
        field = f"exchangeRates.{code}"
        code = str(code).strip().upper()
        if not is_currency(code):
            errors.add(field, f"Unknown currency {code!r}.", ErrorCode.INVALID_CHOICE)
            continue
        if code in rates:
            errors.add(field, "Given twice.", ErrorCode.INVALID)
        try:
            rate = Decimal(str(raw))
        except InvalidOperation:
            rate = Decimal(-1)
        exponent = rate.as_tuple().exponent
        too_fine = not isinstance(exponent, int) or exponent < -10
        if not rate.is_finite() or rate <= 0 or rate >= Decimal(10) ** 9 or too_fine:
            errors.add(field, "A positive rate (at most 10 decimal places) expected.", ErrorCode.OUT_OF_RANGE)
            continue
        rates[code] = format(rate.normalize(), "f")
    if len(rates) > MAX_RATES:
        errors.add("exchangeRates", f"At most {MAX_RATES} currencies.", ErrorCode.TOO_MANY)
    return rates


def _logo_bytes(data_url: str, errors: ErrorCollector) -> tuple[bytes, str] | None:
    """The image in a ``data:`` URL and its file extension; PNG, JPEG or WebP up to 512 KB."""
    head, _, body = data_url.partition(",")
    kind = head.removeprefix("data:").removesuffix(";base64")
    extension = LOGO_TYPES.get(kind)
    if not head.startswith("data:") or not head.endswith(";base64") or extension is None:
        errors.add("logo", "A PNG, JPEG or WebP image as a base64 data URL expected.", ErrorCode.INVALID_FORMAT)
        return None
    try:
        image = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        errors.add("logo", "Not valid base64.", ErrorCode.INVALID_FORMAT)
        return None
    if len(image) > MAX_LOGO_BYTES:
        errors.add("logo", f"At most {MAX_LOGO_BYTES // 1024} KB.", ErrorCode.TOO_LONG)
        return None
    if not image.startswith(LOGO_MAGIC[extension]):
        errors.add("logo", f"The file is not a {extension.upper()} image.", ErrorCode.INVALID_FORMAT)
        return None
    return image, extension


def _rates_against(tenant: Tenant, currency: str, rates: dict[str, str] | None, errors: ErrorCollector) -> Any:
    """The exchange-rate table after the change: the default currency never in it.

    A new default currency that was in the table turns the table around (its rate becomes 1); one that
    was not needs the new rates in the same change.
    """
    if rates is not None:
        if currency in rates:
            errors.add(f"exchangeRates.{currency}", "The default currency is worth 1 of itself.", ErrorCode.INVALID)
        return rates
    old = dict(tenant.exchange_rates or {})
    if currency == tenant.currency or not old:
        return None
    if currency not in old:
        errors.add("exchangeRates", f"Give the exchange rates against {currency} too.", ErrorCode.REQUIRED)
        return None
    pivot = Decimal(old.pop(currency))
    turned = {code: Decimal(rate) / pivot for code, rate in old.items()}
    turned[tenant.currency] = 1 / pivot
    return {code: format(rate.quantize(Decimal("1e-10")).normalize(), "f") for code, rate in turned.items()}


SETTINGS = tuple(f.name for f in fields(WorkspaceSettings) if f.name not in {"exchange_rates", "logo"})


def require_settings_admin(actor: Membership | None) -> Membership:
    """Refuse anyone but the workspace's owners and admins: its settings are theirs to change.

    The one permission of every workspace setting, whichever module keeps it (the business hours live
    with the service desk, whose SLA clocks count in them), so all of them refuse alike.
    """
    if not policy.is_admin(actor):
        raise ServiceError(
            FieldError(None, "Only owners and admins change the workspace settings.", ErrorCode.PERMISSION_DENIED)
        )
    assert actor is not None
    return actor


def tell_colleagues(actor: Membership, what: str) -> None:
    """Notify the actor's active colleagues (after commit) that ``what`` changed: their open pages read it again."""
    who = actor.user.full_name or actor.user.email
    colleagues = Membership.objects.filter(tenant_id=actor.tenant_id, is_active=True).exclude(user_id=actor.user_id)
    for user_id in colleagues.values_list("user_id", flat=True):
        events.notify(user_id, "workspace_changed", f"{who} changed {what}.", {})


def update_workspace(actor: Membership, changes: WorkspaceSettings) -> Tenant:
    """Change the workspace's settings: owners and admins only, audited in the tenant's log."""
    require_settings_admin(actor)
    errors = ErrorCollector()
    cleaned = validate_workspace_settings(changes, errors)
    errors.raise_if_any()
    with transaction.atomic():
        tenant = Tenant.objects.select_for_update().get(pk=actor.tenant_id)
        rates = _rates_against(
            tenant, cleaned.currency or tenant.currency, cast("dict[str, str] | None", cleaned.exchange_rates), errors
        )
        errors.raise_if_any()
        changed: dict[str, dict[str, Any]] = {}  # the audit log's one shape: {field: {old, new}}
        for field_name in (*SETTINGS, "exchange_rates"):
            value = rates if field_name == "exchange_rates" else getattr(cleaned, field_name)
            if value is not None and value != getattr(tenant, field_name):
                changed[field_name] = {"old": getattr(tenant, field_name), "new": value}
                setattr(tenant, field_name, value)
        if cleaned.logo is not None:
            _replace_logo(tenant, cleaned.logo, changed)
        if changed:
            tenant.save(update_fields=list(changed))
            with tenant_context(tenant):
                audit.record(
                    actor=actor.user, action="update", record_type="Workspace", record_id=tenant.pk, changes=changed
                )
                # Colleagues' open pages pick up the new name and formats at once.
                tell_colleagues(actor, "the workspace settings")
    actor.tenant = tenant
    return tenant


def _replace_logo(tenant: Tenant, data_url: str, changed: dict[str, dict[str, Any]]) -> None:
    """Store the new logo (or none) and drop the old file once the change commits."""
    old = tenant.logo.name or ""
    if not data_url and not old:
        return
    if data_url:
        errors = ErrorCollector()
        found = _logo_bytes(data_url, errors)
        assert found is not None  # validated before
        image, extension = found
        # A new name each time: browsers and caches never show the old logo under the new one's address.
        tenant.logo.save(f"{tenant.schema_name}-{uuid.uuid4().hex[:12]}.{extension}", ContentFile(image), save=False)
    else:
        tenant.logo = ""
    changed["logo"] = {"old": old, "new": tenant.logo.name or ""}
    if old:
        storage = tenant.logo.storage
        transaction.on_commit(lambda: storage.delete(old))


LOGO_PATH = "/branding/logo/"


def logo_path(tenant: Tenant) -> str | None:
    """Where the web client and e-mails fetch the logo: a path on the workspace's host (None: no logo)."""
    return f"{LOGO_PATH}{_file_name(tenant)}" if tenant.logo else None


def _file_name(tenant: Tenant) -> str:
    return (tenant.logo.name or "").rsplit("/", 1)[-1]


@require_GET
def serve_logo(request: HttpRequest, name: str) -> FileResponse:
    """``GET /branding/logo/<name>``: the workspace's current logo, from whatever storage keeps it.

    Public (sign-in pages show it); the name changes with each upload, so it may be cached for good.
    """
    tenant = getattr(request, "tenant", None)
    if not isinstance(tenant, Tenant) or not tenant.logo or _file_name(tenant) != name:
        raise Http404("No such logo.")
    extension = name.rsplit(".", 1)[-1]
    content_type = next((kind for kind, ext in LOGO_TYPES.items() if ext == extension), "application/octet-stream")
    response = FileResponse(tenant.logo.open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["X-Content-Type-Options"] = "nosniff"
    return response
