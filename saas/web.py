"""Plain HTTP endpoints: health check and the web client's entry page."""

from __future__ import annotations

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.html import escape

from tenants.db import connection
from tenants.middleware import is_public

# frontend/index.html carries this marker; the server replaces it with what the client
# cannot know by itself (which site it is on), so the same build serves every host.
SITE_MARKER = "<!--crm-site-->"


def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "tenant": connection.schema_name})


def site_meta(request: HttpRequest) -> str:
    site = {
        "site": "public" if is_public(request) else "tenant",
        "baseDomain": settings.BASE_DOMAIN,
        "port": settings.PUBLIC_URL_PORT,
        "scheme": settings.PUBLIC_URL_SCHEME,
    }
    return f'<meta name="crm-site" content="{escape(json.dumps(site))}">'


def web_client(request: HttpRequest) -> HttpResponse:
    """The single-page web client (frontend/dist/index.html) when built; a pointer to the API otherwise."""
    index = settings.BASE_DIR / "frontend" / "dist" / "index.html"
    if index.exists():
        html = index.read_text().replace(SITE_MARKER, site_meta(request), 1)
        response = HttpResponse(html, content_type="text/html")
        # Always revalidate: the page names the current hashed assets.
        response["Cache-Control"] = "no-cache"
        return response
    return HttpResponse(
        '<!doctype html><title>CRM</title><h1>CRM</h1><p>The API is at <a href="/graphql/">/graphql/</a>.</p>',
        content_type="text/html",
    )
