"""Bulk exports: a whole list query as a JSON-lines file, written in the background, fetched by signed URL.

The record's life: ``created`` (by ``start``) → ``running`` → ``completed`` (``row_count``, a file) or
``failed`` (``error_code``, ``error_message``); a completed export's file is removed after
``BULK_EXPORT_KEEP_DAYS`` (``expired``, by the hourly ``kernel.expire_bulk_exports``). Which rows and
fields go in is the API's business
(``graphql_schema.core.bulk_exports`` runs the list query chunk by chunk, as its caller); this module
keeps the record, writes the rows it is handed one at a time (constant memory, whatever the count),
and signs and checks download URLs. Only whoever started an export reads it; a URL names one export
of one workspace, expires after ``BULK_EXPORT_URL_TTL_SECONDS`` and is refused if altered.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import models, transaction
from django.http import FileResponse, HttpRequest, JsonResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.views.decorators.http import require_GET

from realtime import events
from saas import modules
from saas.access import policy
from saas.errors import ErrorCode, FieldError, ServiceError
from tenants.db import connection
from tenants.models import Membership, Tenant

from .models import BulkExport
from .services import BAD_KEY

SALT = "saas.kernel.bulk_exports"
MAX_RUNNING = 1  # per member: a second one waits until the first is done (as Shopify's bulk operations)
MAX_QUERY_LENGTH = 20_000


@dataclass(frozen=True)
class Download:
    url: str
    expires_at: datetime


def start(
    membership: Membership, query: str, variables: dict[str, Any] | None, model: type[models.Model]
) -> BulkExport:
    """Record an export of ``model``'s list for this member, if the role may export and none is running.

    The query itself is checked by the API before (it knows the schema); the rows are written later.
    """
    policy.check(membership, "export", model)
    # The file will count against the plan's storage: a workspace that is full gets no new one.
    modules.check_adding(getattr(connection, "tenant", None), modules.STORED_BYTES, 1)
    if len(query) > MAX_QUERY_LENGTH:
        raise ServiceError(FieldError("query", f"At most {MAX_QUERY_LENGTH} characters.", ErrorCode.TOO_LONG))
    with transaction.atomic():
        running = BulkExport.objects.select_for_update().filter(
            requested_by_id=membership.user_id, status__in=(BulkExport.Status.CREATED, BulkExport.Status.RUNNING)
        )
        if len(running) >= MAX_RUNNING:
            raise ServiceError(
                FieldError(
                    None, "An export of yours is still running: wait until it is done.", ErrorCode.EXPORT_RUNNING
                )
            )
        export = BulkExport(query=query, variables=variables or {})
        export.requested_by_id = membership.user_id
        export.save()
    return export


def get_for(membership: Membership | None, export_id: Any) -> BulkExport | None:
    """The export if this member started it; None otherwise (another member's, another workspace's, none)."""
    if membership is None:
        return None
    try:
        return BulkExport.objects.filter(pk=export_id, requested_by_id=membership.user_id).first()
    except BAD_KEY:  # a malformed id finds nothing
        return None


def mark_running(export: BulkExport) -> bool:
    """Take the export on; False when it is no longer waiting (run twice, or already over)."""
    taken = BulkExport.objects.filter(pk=export.pk, status=BulkExport.Status.CREATED).update(
        status=BulkExport.Status.RUNNING, updated_at=timezone.now()
    )
    export.status = BulkExport.Status.RUNNING
    return taken == 1


def write_rows(export: BulkExport, schema_name: str, rows: Iterable[str]) -> None:
    """Write ``rows`` (each a JSON text on one line) as they come, then mark the export completed (or failed, on
    error).

    The file is written under a temporary name and renamed when whole: a URL never serves half a file.
    """
    folder = settings.BULK_EXPORT_DIR / schema_name
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".partial-", suffix=".jsonl")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            for row in rows:
                out.write(row)
                out.write("\n")
                count += 1
        name = f"{export.pk}.jsonl"
        os.replace(temporary, folder / name)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    export.status = BulkExport.Status.COMPLETED
    export.row_count = count
    export.file_name = name
    export.file_size = (folder / name).stat().st_size
    export.completed_at = timezone.now()
    export.save(update_fields=["status", "row_count", "file_name", "file_size", "completed_at", "updated_at"])
    _tell_requester(export, "Your bulk export is ready.")


def expire_files(now: datetime | None = None) -> int:
    """Remove the files of this workspace's exports completed more than ``BULK_EXPORT_KEEP_DAYS`` ago.

    Each becomes ``expired`` (its URL finds nothing, its bytes leave the storage meter); return how many.
    """
    cutoff = (now or timezone.now()) - timedelta(days=settings.BULK_EXPORT_KEEP_DAYS)
    folder = settings.BULK_EXPORT_DIR / connection.schema_name
    stale = BulkExport.objects.filter(status=BulkExport.Status.COMPLETED, completed_at__lt=cutoff)
    count = 0
    for export in stale:
        if export.file_name:
            (folder / export.file_name).unlink(missing_ok=True)
        export.status = BulkExport.Status.EXPIRED
        export.file_name = ""
        export.file_size = 0
        export.save(update_fields=["status", "file_name", "file_size", "updated_at"])
        count += 1
    return count


def fail(export: BulkExport, code: str, message: str) -> None:
    export.status = BulkExport.Status.FAILED
    export.error_code = code[:40]
    export.error_message = message
    export.completed_at = timezone.now()
    export.save(update_fields=["status", "error_code", "error_message", "completed_at", "updated_at"])
    _tell_requester(export, "Your bulk export failed.")


def _tell_requester(export: BulkExport, message: str) -> None:
    # The ``notifications`` subscription hears it: no need to poll.
    events.notify(
        export.requested_by_id,
        "bulk_export_finished",
        message,
        {"bulkExportId": str(export.pk), "status": export.status.upper()},
    )


def download(export: BulkExport, tenant: Tenant, now: datetime | None = None) -> Download | None:
    """A signed URL to the export's file, valid ``BULK_EXPORT_URL_TTL_SECONDS`` from ``now``; None until done."""
    if export.status != BulkExport.Status.COMPLETED or not export.file_name:
        return None
    token = signing.dumps({"export": str(export.pk), "tenant": tenant.schema_name}, salt=SALT, compress=True)
    expires_at = (now or timezone.now()) + timedelta(seconds=settings.BULK_EXPORT_URL_TTL_SECONDS)
    return Download(url=f"{tenant.url}/exports/bulk/{token}.jsonl", expires_at=expires_at)


def file_for_token(token: str, tenant: Tenant) -> tuple[BulkExport, str] | None:
    """The export and its file's path a download token names, in this workspace; None if altered or expired."""
    try:
        signed = signing.loads(token, salt=SALT, max_age=settings.BULK_EXPORT_URL_TTL_SECONDS)
    except signing.BadSignature:  # SignatureExpired included
        return None
    if not isinstance(signed, dict) or signed.get("tenant") != tenant.schema_name:
        return None
    try:
        export = BulkExport.objects.filter(pk=str(signed.get("export")), status=BulkExport.Status.COMPLETED).first()
    except BAD_KEY:
        return None
    if export is None or not export.file_name:
        return None
    path = settings.BULK_EXPORT_DIR / tenant.schema_name / export.file_name
    return (export, str(path)) if path.exists() else None


@require_GET
def serve(request: HttpRequest, token: str) -> HttpResponseBase:
    """``GET /exports/bulk/<token>.jsonl``: the file a valid, unexpired token names; 404 for anything else.

    The signature is the credential (no session needed, as a link handed to a download tool); an altered,
    expired or other workspace's token finds nothing.
    """
    tenant = getattr(request, "tenant", None)
    found = file_for_token(token, tenant) if isinstance(tenant, Tenant) else None
    if found is None:
        return JsonResponse(
            {"errors": [{"message": "This download link is invalid or has expired.", "code": "not_found"}]},
            status=404,
        )
    export, path = found
    response = FileResponse(open(path, "rb"), content_type="application/jsonl; charset=utf-8")  # noqa: SIM115
    response["Content-Disposition"] = f'attachment; filename="export-{export.pk}.jsonl"'
    response["Cache-Control"] = "private, no-store"
    return response
