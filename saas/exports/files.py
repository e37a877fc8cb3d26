"""A list's rows as a file: the columns asked for (hidden ones left out), labels, time zone, CSV or XLSX.

Which rows: the queryset handed in (the API builds it through the list's own resolver, see
``graphql_schema.core.exports``); nothing here filters, orders or searches.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Iterator
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.db import models
from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase

from saas import modules
from saas.access import policy
from saas.errors import FieldError, ServiceError
from tenants.db import connection
from tenants.models import Membership

from .lists import LANGUAGES, Column, ExportList
from .writers import csv_lines, local, xlsx_file

FORMATS = ("csv", "xlsx")
CHUNK = 500


def invalid(field: str, message: str) -> ServiceError:
    return ServiceError(FieldError(field, message, "invalid"))


def language_of(request: HttpRequest) -> str:
    language = request.GET.get("lang") or "en"
    return language if language in LANGUAGES else "en"


def columns_of(
    export: ExportList, membership: Membership, asked_for: str | None, custom_fields: str | None = None
) -> list[Column]:
    """The name column, the columns asked for, then the custom fields; unknown ones refused, hidden ones left out.

    ``custom_fields``: the keys of the custom fields wanted (comma-separated), in order; None means every
    one of the type, "" none.
    """
    hidden = policy.hidden_fields(membership, "export", export.model)
    name_column = next(iter(export.columns.values()))
    asked = [c for c in (asked_for or "").split(",") if c and c != name_column.key]
    unknown = [c for c in asked if c not in export.columns]
    if unknown:
        raise invalid("columns", f"Unknown columns: {', '.join(unknown)}.")
    chosen = [name_column, *(export.columns[c] for c in dict.fromkeys(asked))]
    custom = {c.key.removeprefix("customFields."): c for c in modules.custom_field_columns(membership, export.model)}
    if custom_fields is not None:
        keys = [k for k in custom_fields.split(",") if k]
        if missing := [k for k in keys if k not in custom]:
            raise invalid("customFields", f"Unknown custom fields: {', '.join(missing)}.")
        custom = {k: custom[k] for k in dict.fromkeys(keys)}
    chosen.extend(custom.values())
    return [c for c in chosen if not {c.rule_field, *c.also_rule_fields} & set(hidden)]


def check_export(export: ExportList, membership: Membership) -> None:
    """A role without export is refused (``permission_denied``) before the list is read."""
    policy.check(membership, "export", export.model)


def exportable(export: ExportList, membership: Membership, listed: models.QuerySet[Any]) -> models.QuerySet[Any]:
    """The list's rows the member may also export (``export`` scope), with what the columns read, fetched per chunk."""
    queryset = policy.scope_queryset(membership, listed, "export")
    return queryset.select_related(*export.select_related).prefetch_related(*export.prefetch_related)


def file_response(
    request: HttpRequest,
    export: ExportList,
    columns: list[Column],
    queryset: models.QuerySet[Any],
    file_format: str,
    language: str,
) -> HttpResponseBase:
    """Stream the rows (CSV) or send them as a workbook (XLSX)."""
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
