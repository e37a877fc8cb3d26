"""Full workspace export for data portability: every registered record type as JSON lines, in one zip.

Who and what:

- only owners and admins start one, see them and download them (``policy.is_admin``);
- an **owner's** export holds *everything*: every record of every type, the recycle bin's included,
  every field (the workspace's owner is its data's owner: a portability export that leaves things
  out is not one);
- an **admin's** export follows the admin's role: the types it may ``export``, the rows of its export
  scope, without the fields its role hides (``policy.hidden_fields(..., "export", ...)``); types it may
  not export are left out (the manifest names them).

The zip holds ``<RecordType>.jsonl`` for every type registered in the access registry (a module's new
type joins by registering), one line per record: ``{"id", "deleted", "fields"}`` with ``fields`` by
model field (foreign keys as ids, many-to-many as lists of ids, custom fields as
``custom_fields.<key>``) and ``deleted`` true for a record in the recycle bin; the files of the exported
attachments under ``attachments/<id>/<file name>``; and ``manifest.json`` (schema version, workspace,
time, coverage, counts).

It runs as a Celery task (in process without ``REDIS_URL``): rows are read ``CHUNK`` at a time through
a server-side cursor and written straight into the zip (a temporary file), so memory stays flat; the
finished file goes to the export storage (``STORAGES["workspace_exports"]`` or ``WORKSPACE_EXPORT_DIR``)
under the workspace's schema name, and counts against the plan's storage meter until it expires
(``WORKSPACE_EXPORT_TTL_HOURS``; ``expire`` removes it). Progress: ``processed_records`` of
``total_records``, and ``workspace_export_progress`` notifications.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import models, transaction
from django.db.models import Sum
from django.utils import timezone
from django_tenants.utils import schema_context

from realtime import events
from saas import modules
from saas.access import policy
from saas.access.registry import RECORD_TYPES, RecordType
from saas.attachments import services as attachments
from saas.errors import ErrorCode, FieldError, ServiceError
from saas.kernel.changes import CUSTOM_FIELDS, plain
from saas.kernel.services import BAD_KEY
from tenants.db import connection
from tenants.models import Membership, Role, Tenant

from .models import WorkspaceExport

SCHEMA_VERSION = 1
CHUNK = 2_000
SALT = "saas.portability.download"
RUNNING = (WorkspaceExport.Status.QUEUED, WorkspaceExport.Status.RUNNING)


def storage() -> Storage:
    """Where finished exports go: ``STORAGES["workspace_exports"]`` if configured, else ``WORKSPACE_EXPORT_DIR``."""
    if "workspace_exports" in settings.STORAGES:
        return storages["workspace_exports"]
    return FileSystemStorage(location=settings.WORKSPACE_EXPORT_DIR)


def _refuse_unless_admin(membership: Membership | None) -> Membership:
    if not policy.is_admin(membership):
        raise ServiceError(
            FieldError(None, "Only the workspace's owners and admins export it.", ErrorCode.PERMISSION_DENIED)
        )
    assert membership is not None
    return membership


# --- starting, reading -------------------------------------------------------------------------


def start(membership: Membership | None) -> WorkspaceExport:
    """Queue an export of the workspace for this owner or admin (one at a time per workspace)."""
    membership = _refuse_unless_admin(membership)
    with transaction.atomic():
        running = WorkspaceExport.objects.select_for_update().filter(status__in=RUNNING)
        if len(running):
            raise ServiceError(
                FieldError(None, "An export of this workspace is under way: wait until it is done.", "export_running")
            )
        export = WorkspaceExport(coverage="everything" if membership.role == Role.OWNER else "role")
        export.requested_by_id = membership.user_id
        export.save()
    from .tasks import enqueue  # the task module imports this one

    enqueue(export)
    return export


def exports_for(membership: Membership | None) -> list[WorkspaceExport]:
    """The workspace's exports, newest first, for its owners and admins (nobody else: empty)."""
    if not policy.is_admin(membership):
        return []
    return list(WorkspaceExport.objects.all()[:50])


def get_for(membership: Membership | None, export_id: Any) -> WorkspaceExport | None:
    if not policy.is_admin(membership):
        return None
    try:
        return WorkspaceExport.objects.filter(pk=export_id).first()
    except BAD_KEY:
        return None


# --- the run -----------------------------------------------------------------------------------


def run(export: WorkspaceExport) -> None:
    """Write the export (once, whatever retries) for whoever asked, if they still may."""
    taken = WorkspaceExport.objects.filter(pk=export.pk, status=WorkspaceExport.Status.QUEUED).update(
        status=WorkspaceExport.Status.RUNNING, updated_at=timezone.now()
    )
    if not taken:
        return
    export.refresh_from_db()
    membership = (
        Membership.objects.filter(user_id=export.requested_by_id, tenant=connection.tenant, is_active=True)
        .select_related("user", "tenant")
        .first()
    )
    if not policy.is_admin(membership):
        _fail(export, ErrorCode.PERMISSION_DENIED, "Whoever started this export is no longer an owner or admin.")
        return
    assert membership is not None
    everything = export.coverage == "everything" and membership.role == Role.OWNER
    try:
        _write(export, membership, everything)
    except ServiceError as error:
        first = error.errors[0]
        _fail(export, str(first.code), first.message)


@dataclass
class _Part:
    record_type: RecordType
    queryset: models.QuerySet[Any]
    hidden: frozenset[str]


def _parts(membership: Membership, everything: bool) -> tuple[list[_Part], list[str]]:
    """What goes in, type by type (every registered type, by name), and the types left out."""
    parts: list[_Part] = []
    left_out: list[str] = []
    for name in sorted(RECORD_TYPES):
        record_type = RECORD_TYPES[name]
        everyone = record_type.model._base_manager.all()  # the recycle bin's records too
        if everything:
            parts.append(_Part(record_type, everyone.order_by("pk"), frozenset()))
            continue
        if not policy.allows(membership, "export", record_type.model):
            left_out.append(name)
            continue
        rows = policy.scope_queryset(membership, everyone, "export").order_by("pk")
        parts.append(_Part(record_type, rows, frozenset(policy.hidden_fields(membership, "export", record_type.model))))
    return parts, left_out


def lines_of(part: _Part) -> Iterator[dict[str, Any]]:
    """The type's records as export lines, ``CHUNK`` at a time (a server-side cursor).

    Many-to-many values come from one query per field and chunk, on the relation's own table (Django's
    ``prefetch_related`` builds a queryset per record: 20 times slower here).
    """
    model = part.record_type.model
    hidden = part.hidden
    # As ``saas.kernel.changes.snapshot`` gives them (foreign keys by id), read off the row's attributes.
    columns = [
        (f.name, f.attname)
        for f in model._meta.concrete_fields
        if f.name not in ("id", CUSTOM_FIELDS) and f.name not in hidden
    ]
    custom = any(f.name == CUSTOM_FIELDS for f in model._meta.concrete_fields)
    many = [f for f in model._meta.many_to_many if f.name not in hidden]
    for chunk in _chunks(part.queryset.iterator(chunk_size=CHUNK)):
        related = {field.name: _related_ids(field, [record.pk for record in chunk]) for field in many}
        for record in chunk:
            row = record.__dict__
            values: dict[str, Any] = {}
            if custom:
                for key, value in (row.get(CUSTOM_FIELDS) or {}).items():
                    if f"{CUSTOM_FIELDS}.{key}" not in hidden:
                        values[f"{CUSTOM_FIELDS}.{key}"] = plain(value)
            for name, attname in columns:
                values[name] = plain(row[attname])
            for name, ids in related.items():
                values[name] = sorted(ids.get(record.pk, ()))
            yield {"id": str(record.pk), "deleted": getattr(record, "deleted_at", None) is not None, "fields": values}


def _chunks(rows: Iterator[Any]) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _related_ids(field: Any, keys: list[Any]) -> dict[Any, list[str]]:
    """{record's key: [related keys as text]} of a many-to-many field, for a chunk of records: one query."""
    through = field.remote_field.through
    source = field.m2m_field_name()
    target = field.m2m_reverse_field_name()
    found: dict[Any, list[str]] = {}
    pairs = through._default_manager.filter(**{f"{source}_id__in": keys}).values_list(f"{source}_id", f"{target}_id")
    for key, other in pairs:
        found.setdefault(key, []).append(str(other))
    return found


def _write(export: WorkspaceExport, membership: Membership, everything: bool) -> None:
    parts, left_out = _parts(membership, everything)
    export.total_records = sum(part.queryset.count() for part in parts)
    export.save(update_fields=["total_records", "updated_at"])
    tenant: Tenant = connection.tenant
    counts: dict[str, int] = {}
    files = 0
    missing = 0
    with tempfile.TemporaryFile(dir=settings.WORKSPACE_EXPORT_TMP_DIR) as handle:
        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            for part in parts:
                name = part.record_type.name
                counts[name] = 0
                attached: list[tuple[str, str, str]] = []
                with archive.open(f"{name}.jsonl", "w", force_zip64=True) as out:
                    for line in lines_of(part):
                        out.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")).encode())
                        out.write(b"\n")
                        counts[name] += 1
                        if name == "Attachment":
                            attached.append((line["id"], *_attachment_file(line)))
                        if counts[name] % CHUNK == 0:
                            _progress(export, CHUNK)
                _progress(export, counts[name] % CHUNK)
                for pk, stored_name, file_name in attached:
                    if _copy_attachment(archive, tenant, pk, stored_name, file_name):
                        files += 1
                    else:
                        missing += 1
            manifest = {
                "schemaVersion": SCHEMA_VERSION,
                "workspace": {
                    "name": tenant.name,
                    "subdomain": tenant.schema_name.replace("_", "-"),
                    "schema": tenant.schema_name,
                },
                "createdAt": timezone.now().isoformat(),
                "requestedBy": membership.user.email,
                "coverage": "everything" if everything else f"role:{membership.role}",
                "counts": counts,
                "leftOut": left_out,
                "attachmentFiles": files,
                "missingAttachmentFiles": missing,
                "format": "One <RecordType>.jsonl per record type: one JSON object a line, "
                '{"id", "deleted", "fields"}; attachments\' files under attachments/<id>/<file name>.',
            }
            archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        size = handle.tell()
        handle.seek(0)
        with transaction.atomic():
            modules.check_adding(tenant, modules.STORED_BYTES, size)
            stored = storage().save(f"{tenant.schema_name}/{export.pk}.zip", File(handle))
            try:
                now = timezone.now()
                export.status = WorkspaceExport.Status.COMPLETED
                export.counts = counts
                export.attachment_files = files
                export.stored_name = stored
                export.file_size = size
                export.completed_at = now
                export.expires_at = now + timedelta(hours=settings.WORKSPACE_EXPORT_TTL_HOURS)
                export.save()
                events.notify(
                    export.requested_by_id,
                    "workspace_export_finished",
                    "Your workspace export is ready.",
                    _summary(export),
                )
            except BaseException:
                storage().delete(stored)
                raise


def _attachment_file(line: dict[str, Any]) -> tuple[str, str]:
    fields = line["fields"]
    return str(fields.get("stored_name") or ""), str(fields.get("file_name") or "file")


def _copy_attachment(archive: zipfile.ZipFile, tenant: Tenant, pk: str, stored_name: str, file_name: str) -> bool:
    """The attachment's bytes into the zip, streamed; only a file under this workspace's own folder."""
    if not stored_name or not stored_name.startswith(f"{tenant.schema_name}/"):
        return False
    store = attachments.storage()
    if not store.exists(stored_name):
        return False
    safe = attachments.clean_name(file_name)
    with (
        store.open(stored_name, "rb") as source,
        archive.open(f"attachments/{pk}/{safe}", "w", force_zip64=True) as out,
    ):
        shutil.copyfileobj(source, out, 1024 * 1024)
    return True


def _progress(export: WorkspaceExport, added: int) -> None:
    if not added:
        return
    export.processed_records += added
    WorkspaceExport.objects.filter(pk=export.pk).update(
        processed_records=export.processed_records, updated_at=timezone.now()
    )
    events.notify(export.requested_by_id, "workspace_export_progress", "", _summary(export))


def _summary(export: WorkspaceExport) -> dict[str, Any]:
    return {
        "exportId": str(export.pk),
        "status": export.status.upper(),
        "totalRecords": export.total_records,
        "processedRecords": export.processed_records,
    }


def _fail(export: WorkspaceExport, code: str, message: str) -> None:
    export.status = WorkspaceExport.Status.FAILED
    export.error_code = code[:40]
    export.error_message = message
    export.completed_at = timezone.now()
    export.save(update_fields=["status", "error_code", "error_message", "completed_at", "updated_at"])
    events.notify(
        export.requested_by_id, "workspace_export_finished", "Your workspace export failed.", _summary(export)
    )


# --- download links ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    url: str
    expires_at: datetime


def link(export: WorkspaceExport, tenant: Tenant, user_id: int) -> Link | None:
    """A URL to the finished file for this member, valid ``WORKSPACE_EXPORT_URL_TTL_SECONDS``; None until done.

    The token names the export, the workspace and the member; the download checks all three again and
    that the member is (still) an owner or admin there: a forwarded link is useless to anyone else.
    """
    if export.status != WorkspaceExport.Status.COMPLETED or not export.stored_name:
        return None
    token = signing.dumps({"e": str(export.pk), "t": tenant.schema_name, "u": user_id}, salt=SALT)
    ttl = settings.WORKSPACE_EXPORT_URL_TTL_SECONDS
    expires = timezone.now() + timedelta(seconds=ttl)
    if export.expires_at is not None:
        expires = min(expires, export.expires_at)
    return Link(f"{tenant.url}/exports/workspace/{token}.zip", expires)


def for_token(token: str, tenant: Tenant, membership: Membership | None) -> WorkspaceExport | None:
    """The export a download token names, if it is this member's link, unexpired, and they are an admin here."""
    if not policy.is_admin(membership):
        return None
    assert membership is not None
    try:
        signed = signing.loads(token, salt=SALT, max_age=settings.WORKSPACE_EXPORT_URL_TTL_SECONDS)
    except signing.BadSignature:  # SignatureExpired included
        return None
    if not isinstance(signed, dict) or signed.get("t") != tenant.schema_name or signed.get("u") != membership.user_id:
        return None
    found = get_for(membership, str(signed.get("e")))
    if found is None or found.status != WorkspaceExport.Status.COMPLETED or not found.stored_name:
        return None
    return found


def open_file(export: WorkspaceExport) -> Any:
    return storage().open(export.stored_name, "rb")


# --- expiry, storage meter ---------------------------------------------------------------------


def expire(now: datetime | None = None) -> int:
    """Remove the files of this workspace's exports past their time (``expired``); return how many."""
    now = now or timezone.now()
    count = 0
    for export in WorkspaceExport.objects.filter(status=WorkspaceExport.Status.COMPLETED, expires_at__lt=now):
        with transaction.atomic():
            name = export.stored_name
            export.status = WorkspaceExport.Status.EXPIRED
            export.stored_name = ""
            export.save(update_fields=["status", "stored_name", "updated_at"])
            transaction.on_commit(lambda name=name: storage().delete(name) if name else None)  # type: ignore[misc]
        count += 1
    return count


def stored_bytes(tenant: Any) -> int:
    """Bytes of export files the workspace keeps (finished, not yet expired): the plan's storage counts them."""
    with schema_context(tenant.schema_name):
        kept = WorkspaceExport.objects.filter(status=WorkspaceExport.Status.COMPLETED)
        return int(kept.aggregate(total=Sum("file_size"))["total"] or 0)
