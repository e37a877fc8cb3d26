"""Plain HTTP endpoints: health check and the web client's entry page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from tenants.db import connection


def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "tenant": connection.schema_name})


def web_client(request: HttpRequest) -> HttpResponse:
    """The single-page web client (frontend/dist/index.html) when built; a pointer to the API otherwise."""
    index = settings.BASE_DIR / "frontend" / "dist" / "index.html"
    if index.exists():
        return HttpResponse(index.read_text(), content_type="text/html")
    return HttpResponse(
        '<!doctype html><title>CRM</title><h1>CRM</h1><p>The API is at <a href="/graphql/">/graphql/</a>.</p>',
        content_type="text/html",
    )
