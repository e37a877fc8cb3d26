"""Attachments: keep a file on a record, list, sign download links, count the bytes kept.

An upload goes through the checks in this order, and nothing is kept when one refuses: the role may
create attachments, the record exists and the member may read it (another workspace's id is
``not_found``), the file is not empty nor over ``ATTACHMENT_MAX_BYTES``, its sniffed type is in
``ATTACHMENT_ALLOWED_TYPES``, the virus scan (``ATTACHMENT_SCANNER``) passes, and the plan's storage
has room. Then the file is stored under the workspace's schema name and the row, its audit entry and
its realtime event are written in one transaction (the file is removed again if that fails).

Delete and restore are the kernel's (recycle bin); the file stays until the row is purged, so undo works.
A record deleted for good (an import undone, a record type without a recycle bin, any later purge) takes
its attachments with it: ``purge_orphans`` (the hourly task ``attachments.purge_orphans``) deletes
the rows whose record is gone and, once that committed, their files. A workspace deleted takes its whole
folder of files (``remove_workspace_files``, on the tenant's deletion).
"""

from __future__ import annotations

import logging
import os
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import IO, Any

from django.conf import settings
from django.core import signing
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import transaction
from django.db.models import CharField, Subquery, Sum
from django.db.models.functions import Cast
from django.utils import timezone
from django_tenants.utils import tenant_context

from saas import modules
from saas.access import policy
from saas.access.registry import RECORD_TYPES
from saas.errors import ErrorCode, ErrorCollector, FieldError, ServiceError
from saas.kernel.services import BAD_KEY, collect_reference, get_for, written
from tenants.db import connection
from tenants.models import Membership, Tenant

from . import scanning, sniffing
from .models import Attachment

logger = logging.getLogger(__name__)

SALT = "saas.attachments.download"
FIELDS = ("file_name", "content_type", "size", "record_type", "record_id")
# What a browser may show in place (``?inline=1``): pictures and PDFs; everything else downloads.
PREVIEWABLE = ("image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf")


def storage() -> Storage:
    """The storage attachments go to: ``STORAGES["attachments"]`` (S3) if configured, else ``ATTACHMENT_DIR``."""
    if "attachments" in settings.STORAGES:
        return storages["attachments"]
    return FileSystemStorage(location=settings.ATTACHMENT_DIR)


def refused(code: str, message: str, field: str | None = "file") -> ServiceError:
    return ServiceError(FieldError(field, message, code))


def clean_name(file_name: str) -> str:
    """The name the member sees: the last path part, without control characters, at most 255 characters."""
    name = os.path.basename(file_name.replace("\\", "/"))
    name = "".join(c for c in name if c.isprintable()).strip()
    if len(name) > 255:
        stem, dot, extension = name.rpartition(".")
        name = f"{stem[: 254 - len(extension)]}.{extension}" if dot and len(extension) < 20 else name[:255]
    return name or "file"


def upload(membership: Membership, record: tuple[str, Any] | None, file_name: str, content: File[Any]) -> Attachment:
    """Keep ``content`` as an attachment of ``record`` (type name, primary key); see the module docstring."""
    policy.check(membership, "create", Attachment)
    errors = ErrorCollector()
    if record is None:
        errors.add("recordId", "Name the record to attach the file to.", ErrorCode.REQUIRED)
        errors.raise_if_any()
    linked = collect_reference(errors, membership, record[0], record[1], "recordId")  # type: ignore[index]
    errors.raise_if_any()
    assert linked is not None
    size = content.size or 0
    if size == 0:
        raise refused(ErrorCode.EMPTY_FILE, "The file is empty.")
    if size > settings.ATTACHMENT_MAX_BYTES:
        limit = settings.ATTACHMENT_MAX_BYTES / (1024 * 1024)
        raise refused(ErrorCode.FILE_TOO_LARGE, f"At most {limit:g} MB in one file.")
    name = clean_name(file_name)
    handle: IO[bytes] = content.file  # type: ignore[assignment]
    kind = sniffing.content_type(handle, name)
    if kind not in settings.ATTACHMENT_ALLOWED_TYPES:
        raise refused(ErrorCode.FILE_TYPE_NOT_ALLOWED, f"Files of this type ({kind}) cannot be attached.")
    try:
        scanning.scanner()(handle, name)
    except scanning.Infected as found:
        raise refused(ErrorCode.INFECTED_FILE, f"The virus scan refused this file: {found}.") from found
    handle.seek(0)
    tenant = getattr(connection, "tenant", None)
    store = storage()
    with transaction.atomic():
        modules.check_adding(tenant, modules.STORED_BYTES, size)
        # The schema first: tenants never share a path, whatever the storage.
        stored = store.save(f"{connection.schema_name}/{linked[0]}/{uuid.uuid4().hex}", content)
        try:
            attachment = Attachment(
                record_type=linked[0],
                record_id=linked[1],
                file_name=name,
                content_type=kind,
                size=size,
                stored_name=stored,
            )
            attachment.uploaded_by_id = membership.user_id
            attachment.save()
            changes = {field: {"old": None, "new": getattr(attachment, field)} for field in FIELDS}
            written(membership, "create", attachment, changes, "created")
        except BaseException:
            store.delete(stored)
            raise
    return attachment


# --- download links ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    url: str
    expires_at: datetime


def link(attachment: Attachment, tenant: Tenant, user_id: int, *, inline: bool = False) -> Link:
    """A URL to the file for this member, valid ``ATTACHMENT_URL_TTL_SECONDS``.

    The token names the attachment, the workspace and the member; the download checks all three again
    (and that the member may still read the record), so a forwarded link is useless to anyone else.
    """
    token = signing.dumps({"a": str(attachment.pk), "t": tenant.schema_name, "u": user_id}, salt=SALT)
    url = f"{tenant.url}/attachments/file/{token}"
    if inline and attachment.content_type in PREVIEWABLE:
        url += "?inline=1"
    return Link(url, timezone.now() + timedelta(seconds=settings.ATTACHMENT_URL_TTL_SECONDS))


def for_token(token: str, tenant: Tenant, membership: Membership | None) -> Attachment | None:
    """The attachment a download token names, if it is this member's, unexpired, and the record readable."""
    if membership is None:
        return None
    try:
        signed = signing.loads(token, salt=SALT, max_age=settings.ATTACHMENT_URL_TTL_SECONDS)
    except signing.BadSignature:  # SignatureExpired included
        return None
    if not isinstance(signed, dict) or signed.get("t") != tenant.schema_name or signed.get("u") != membership.user_id:
        return None
    try:
        return get_for(membership, Attachment, str(signed.get("a")), "read")
    except (ServiceError, *BAD_KEY):
        return None


def open_file(attachment: Attachment) -> IO[bytes]:
    handle: IO[bytes] = storage().open(attachment.stored_name, "rb")
    return handle


# --- the plan's storage meter ------------------------------------------------------------------


def stored_bytes(tenant: Any) -> int:
    """Bytes of attachments the workspace keeps, the recycle bin's included (their files are kept too)."""
    with tenant_context(tenant):
        return int(Attachment.all_objects.aggregate(total=Sum("size"))["total"] or 0)


# --- purging: files of records that are gone -----------------------------------------------------


def purge_orphans() -> int:
    """Delete the attachments whose record no longer exists (deleted for good), then their files; how many.

    A record in the recycle bin still exists: its attachments stay (restoring it brings them back). The rows
    go in one transaction and the files only once it committed, so a rollback never loses a file. A type no
    longer registered is left alone (its records may come back with it).
    """
    if connection.schema_name == "public":
        raise RuntimeError("purge_orphans must run inside a tenant schema")
    gone: list[tuple[str, str]] = []  # (pk, stored name)
    with transaction.atomic():
        for type_name in Attachment.all_objects.values_list("record_type", flat=True).distinct().order_by():
            registered = RECORD_TYPES.get(type_name)
            if registered is None:
                continue
            model = registered.model
            existing = model._base_manager.annotate(key=Cast("pk", CharField())).values("key")
            orphans = Attachment.all_objects.filter(record_type=type_name).exclude(record_id__in=Subquery(existing))
            gone += [(str(pk), name) for pk, name in orphans.values_list("pk", "stored_name")]
        if not gone:
            return 0
        Attachment.all_objects.filter(pk__in=[pk for pk, _ in gone]).delete()
        names = [name for _, name in gone]
        transaction.on_commit(lambda: _remove_files(names))
    return len(gone)


def _remove_files(names: list[str]) -> None:
    store = storage()
    for name in names:
        try:
            store.delete(name)
        except OSError:
            logger.warning("attachment file not removed", extra={"stored_name": name}, exc_info=True)


def remove_workspace_files(schema_name: str) -> int:
    """Remove every file kept under the workspace's folder (its schema name); how many."""
    if not schema_name or "/" in schema_name or schema_name.startswith("."):
        return 0
    store = storage()
    removed = 0
    folders = [schema_name]
    while folders:
        folder = folders.pop()
        try:
            subfolders, files = store.listdir(folder)
        except (FileNotFoundError, NotADirectoryError):
            continue
        folders += [f"{folder}/{name}" for name in subfolders]
        for name in files:
            store.delete(f"{folder}/{name}")
            removed += 1
    return removed
