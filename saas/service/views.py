"""The test clock endpoint: browser tests move a workspace's service clock (``DJANGO_ENV=test`` only).

``saas.urls_tenant`` mounts it only when ``settings.TESTING``; in any other environment the URL does
not exist (and ``clock.move`` refuses anyway).
"""

from __future__ import annotations

import json
from datetime import timedelta

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import clock, services


@csrf_exempt
@require_POST
def move_clock(request: HttpRequest) -> HttpResponse:
    """Move this workspace's clock by ``{"minutes": n}``, then sweep for breaches as the beat task would."""
    try:
        minutes = int(json.loads(request.body or b"{}").get("minutes", 0))
    except (ValueError, TypeError, AttributeError):
        return JsonResponse({"error": "minutes must be a number"}, status=400)
    now = clock.move(timedelta(minutes=minutes))
    return JsonResponse({"now": now.isoformat(), "breaches": services.detect_breaches()})
