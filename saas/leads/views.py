"""The public lead form of a workspace: ``POST /forms/leads/`` on its host, no sign-in.

Anyone may post (the workspace's web site embeds the form), so each client address has its own
rate-limit bucket (``RATE_LIMIT_PUBLIC_FORM_*``), and a honeypot field (hidden from people, filled by
bots) makes a submission look accepted while nothing is stored.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from saas import ratelimits
from saas.errors import ServiceError
from tenants.db import connection

from . import services

# The hidden field bots fill in; the form's HTML keeps it off-screen (see saas/leads/README.md).
HONEYPOT = "website_url"
# What the form may call each field (its HTML may use the API's camelCase or snake_case).
FIELD_NAMES = {
    "name": "name",
    "company": "company_name",
    "companyName": "company_name",
    "company_name": "company_name",
    "title": "title",
    "email": "email",
    "phone": "phone",
    "region": "region",
    "industry": "industry",
    "message": "description",
    "description": "description",
}
MAX_BODY = 16 * 1024
# The campaign a submission is captured for: a campaign's form key or its name, in the body or the form's URL.
CAMPAIGN = "campaign"

logger = logging.getLogger(__name__)


def _submitted(request: HttpRequest) -> dict[str, Any] | None:
    """The posted fields (JSON or form-encoded), or None when the body is not something we read."""
    if len(request.body) > MAX_BODY:
        return None
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            return None
        return body if isinstance(body, dict) else None
    return {key: request.POST.get(key) for key in request.POST}


def _accepted() -> JsonResponse:
    return JsonResponse({"ok": True}, status=201)


@csrf_exempt
@require_POST
def lead_form(request: HttpRequest) -> JsonResponse:
    tenant = getattr(connection, "tenant", None)
    if tenant is None or connection.schema_name == settings.PUBLIC_SCHEMA_NAME:
        return JsonResponse({"ok": False, "errors": [{"field": None, "code": "not_found"}]}, status=404)
    if getattr(settings, "RATE_LIMIT_ENABLED", True):
        address = request.META.get("REMOTE_ADDR") or "unknown"
        bucket = ratelimits.Bucket(
            "public_form", f"form:{tenant.pk}:{address}", ratelimits.rate_limit_for(tenant, "public_form")
        )
        status = ratelimits.take([bucket], 1)
        if not status.allowed:
            response = JsonResponse(
                {"ok": False, "errors": [{"field": None, "message": "Too many submissions.", "code": "rate_limited"}]},
                status=429,
            )
            response["Retry-After"] = str(max(1, round(status.retry_after)))
            return response
    submitted = _submitted(request)
    if submitted is None:
        return JsonResponse(
            {"ok": False, "errors": [{"field": None, "message": "Send JSON or a form.", "code": "invalid"}]},
            status=400,
        )
    if str(submitted.get(HONEYPOT) or "").strip():
        return _accepted()  # a bot: it sees what a person sees, and nothing is kept
    data = {
        FIELD_NAMES[key]: value for key, value in submitted.items() if key in FIELD_NAMES and isinstance(value, str)
    }
    named = submitted.get(CAMPAIGN) or request.GET.get(CAMPAIGN) or ""
    campaign = services.campaign_for_form(named) if isinstance(named, str) else None
    if named and campaign is None:
        # The visitor cannot fix the site's form: keep the lead, and tell the workspace's logs.
        logger.warning("lead form names an unknown campaign", extra={"schema": connection.schema_name})
    try:
        services.capture_lead(data, campaign)
    except ServiceError as error:
        errors = [{"field": e.field, "message": e.message, "code": str(e.code)} for e in error.errors]
        return JsonResponse({"ok": False, "errors": errors}, status=400)
    return _accepted()
