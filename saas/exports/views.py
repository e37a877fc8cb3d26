"""``GET /exports/<list>.<csv|xlsx>`` on a tenant host: the whole list, as the member sees it, as a file.

Query parameters mirror the list's GraphQL arguments (``filter`` and ``orderBy`` as JSON,
``search``), plus ``mode`` (active, pool, deleted), ``columns`` (comma-separated, as shown) and
``lang`` (the interface language of the labels). Bad input answers 400 with the typed errors.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import AsyncIterator, Iterator
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.http import FileResponse, HttpRequest, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET

from saas.access import policy
from saas.errors import FieldError, ServiceError
from tenants.db import connection

from .lists import LANGUAGES, LISTS, Column, ExportList
from .query import invalid, matching
from .writers import csv_lines, local, xlsx_file

FORMATS = ("csv", "xlsx")
CHUNK = 500


def _json(request: HttpRequest, name: str) -> Any:
    raw = request.GET.get(name)
    if not raw:
        return None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise invalid(name, f"{name} is not JSON.") from exc


def _columns(export: ExportList, request: HttpRequest, hidden: frozenset[str]) -> list[Column]:
    """The name column, then the columns asked for, in order; unknown ones refused, hidden ones left out."""
    name_column = next(iter(export.columns.values()))
    asked = [c for c in (request.GET.get("columns") or "").split(",") if c and c != name_column.key]
    unknown = [c for c in asked if c not in export.columns]
    if unknown:
        raise invalid("columns", f"Unknown columns: {', '.join(unknown)}.")
    chosen = [name_column, *(export.columns[c] for c in dict.fromkeys(asked))]
    return [c for c in chosen if c.rule_field is None or c.rule_field not in hidden]


def _errors(error: ServiceError, status: int = 400) -> JsonResponse:
    payload = [{"field": e.field, "message": e.message, "code": e.code} for e in error.errors]
    return JsonResponse({"errors": payload}, status=status)


@require_GET
def export_list(request: HttpRequest, list_name: str, file_format: str) -> HttpResponseBase:
    """Stream the list's matching rows (CSV) or send them as a workbook (XLSX)."""
    membership = getattr(request, "membership", None)
    if membership is None:
        return _errors(ServiceError(FieldError(None, "Sign in first.", "unauthenticated")), status=401)
    export = LISTS.get(list_name)
    if export is None or file_format not in FORMATS:
        return _errors(ServiceError(FieldError(None, "No such export.", "not_found")), status=404)
    language = request.GET.get("lang") or "en"
    if language not in LANGUAGES:
        language = "en"
    try:
        hidden = policy.hidden_fields(membership, "export", export.model)
        columns = _columns(export, request, hidden)
        queryset = matching(
            export,
            membership,
            mode=request.GET.get("mode") or "active",
            filter=_json(request, "filter"),
            search=request.GET.get("search"),
            order_by=_json(request, "orderBy"),
        )
    except ServiceError as error:
        status = 403 if any(e.code == "permission_denied" for e in error.errors) else 400
        return _errors(error, status=status)

    tenant = connection.tenant
    try:
        zone: Any = ZoneInfo(getattr(tenant, "time_zone", "") or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    header = [c.label(language) for c in columns]

    def rows() -> Iterator[list[Any]]:
        # A streamed body is read after the view returns: make sure it reads this tenant's schema.
        connection.set_tenant(tenant)
        for record in queryset.iterator(chunk_size=CHUNK):
            yield [_cell(column, record, language, zone) for column in columns]

    file_name = f"{export.file_name}.{file_format}"
    if file_format == "csv":
        lines = csv_lines(header, rows())
        # Under ASGI a sync iterator would be read whole before sending: hand over chunks as they come.
        body = _async_chunks(lines) if isinstance(request, ASGIRequest) else lines
        response: HttpResponseBase = StreamingHttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    else:
        response = FileResponse(xlsx_file(header, rows(), export.file_name), as_attachment=True, filename=file_name)
        response["Content-Type"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response["Cache-Control"] = "no-store"
    return response


def _next_chunk(lines: Iterator[bytes], size: int = 200) -> bytes:
    """Up to ``size`` lines joined (one hop to the database thread per chunk, not per line)."""
    return b"".join(itertools.islice(lines, size))


async def _async_chunks(lines: Iterator[bytes]) -> AsyncIterator[bytes]:
    # thread_sensitive: the same thread as the view, which holds the tenant's database connection.
    while chunk := await sync_to_async(_next_chunk, thread_sensitive=True)(lines):
        yield chunk


def _cell(column: Column, record: Any, language: str, zone: Any) -> Any:
    value = column.value(record)
    # Choices are stored lower-case and named upper-case by the API (``active`` / ``ACTIVE``).
    name = str(value).upper()
    if column.choices and name in column.choices:
        return column.choices[name].get(language) or column.choices[name]["en"]
    return local(value, zone)
