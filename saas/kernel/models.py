"""The kernel's own tenant tables: saved views (any module's list can have them), bulk exports, bulk changes."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models

from saas.audit.models import current_transaction_id
from saas.records import Record, user_reference


class SavedView(Record):
    """A named filter + ordering + columns over one list, private or shared with the team.

    ``record_type`` is a ``SavedViewType.value`` a module declared (``saas.modules``); the
    table is still ``customers_savedview``, where the customers module first kept it.
    """

    name = models.CharField(max_length=100)
    record_type = models.CharField(max_length=40)  # a saved-view type key (saas.modules.SavedViewType)
    filter = models.JSONField(default=dict, blank=True)
    ordering = models.JSONField(default=list, blank=True)
    columns = ArrayField(models.CharField(max_length=50), default=list, blank=True)
    shared = models.BooleanField(default=False)
    owner = user_reference()

    class Meta:
        db_table = "customers_savedview"
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class BulkExport(Record):
    """One asynchronous export of a whole list query as JSON lines (``saas.kernel.bulk_exports``).

    Only whoever started it reads it; the file is downloaded through a signed, expiring URL.
    """

    class Status(models.TextChoices):
        CREATED = "created", "Created"
        RUNNING = "running", "Running"
        COMPLETED = "completed", "Completed"
        FAILED = "failed", "Failed"
        EXPIRED = "expired", "Expired"  # its file was removed after BULK_EXPORT_KEEP_DAYS

    requested_by = user_reference()
    query = models.TextField()
    variables = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CREATED)
    row_count = models.PositiveIntegerField(default=0)
    error_code = models.CharField(max_length=40, blank=True)
    error_message = models.TextField(blank=True)
    file_name = models.CharField(max_length=200, blank=True)  # in the bulk-export storage
    file_size = models.PositiveBigIntegerField(default=0)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "id"]
        indexes = [models.Index(fields=["requested_by", "status"])]

    def __str__(self) -> str:
        return f"bulk export {self.pk} ({self.status})"


class BulkChange(models.Model):
    """Many records of one type written at once (a batch of an import, its undo), for the change feed.

    Writes that go around the kit's ``written`` (PostgreSQL ``COPY``, one ``UPDATE`` or ``DELETE`` for a
    batch) leave no audit entry per record; they leave one of these per batch instead, in the batch's
    transaction, so the change feed (``saas.kernel.sync``) hands each record out like an audited write.
    ``owner_ids`` go with ``record_ids``: each record's owner after the write (before it, for a delete).
    """

    class Action(models.TextChoices):
        CREATE = "create"
        UPDATE = "update"
        DELETE = "delete"

    created_at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    record_type = models.CharField(max_length=64)
    record_ids = ArrayField(models.CharField(max_length=64))
    owner_ids = ArrayField(models.BigIntegerField(null=True))
    # The writing transaction's id (the database fills it in), as ``AuditEntry.xact``.
    xact = models.BigIntegerField(db_default=current_transaction_id(), editable=False)

    class Meta:
        indexes = [
            models.Index(fields=["xact", "id"], name="kernel_bulk_change_feed"),
            # A record's version counts the batches that wrote it (``sync.version_expression``).
            GinIndex(fields=["record_ids"], name="kernel_bulk_change_records"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {len(self.record_ids)} {self.record_type}"
