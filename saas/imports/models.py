"""Bulk imports of records from CSV / XLSX files: the uploaded file, each run, what it wrote, saved mappings."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models

from saas.records import Record, user_reference


class DataImport(Record):
    """One uploaded file of one record type, checked (dry run) and imported in the background.

    Only whoever uploaded it reads it. ``batches`` keep what the import wrote, so the last import of a
    type can be undone: the records it created are deleted, the ones it updated get their old values.
    """

    class Status(models.TextChoices):
        UPLOADED = "uploaded", "Uploaded"  # read and counted; waiting for a mapping
        QUEUED = "queued", "Queued"  # a run was asked for; waiting for a worker
        VALIDATING = "validating", "Validating"  # a dry run is reading the rows
        VALIDATED = "validated", "Validated"  # the dry run is done: ``row_errors`` say what would fail
        IMPORTING = "importing", "Importing"
        COMPLETED = "completed", "Completed"
        FAILED = "failed", "Failed"  # stopped (``error_code``): batches written before stay, and can be undone
        UNDONE = "undone", "Undone"

    class Dedupe(models.TextChoices):
        SKIP = "skip", "Skip"  # a row whose key matches an existing record is left out
        UPDATE = "update", "Update"  # ... updates that record with the row's mapped columns
        CREATE = "create", "Create"  # ... is created anyway

    requested_by = user_reference()
    record_type = models.CharField(max_length=40)
    file_name = models.CharField(max_length=255)  # as uploaded
    stored_name = models.CharField(max_length=255)  # in the imports storage
    file_format = models.CharField(max_length=4)  # csv | xlsx
    file_size = models.PositiveBigIntegerField(default=0)
    encoding = models.CharField(max_length=20, default="utf-8")
    headers = ArrayField(models.CharField(max_length=200), default=list, blank=True)
    sample = models.JSONField(default=list, blank=True)  # the first rows, as text, for the mapping step
    row_count = models.PositiveIntegerField(default=0)
    # {column header: field name}, the one the last run used
    mapping = models.JSONField(default=dict, blank=True)
    dedupe = models.CharField(max_length=6, choices=Dedupe.choices, default=Dedupe.SKIP)
    dry_run = models.BooleanField(default=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UPLOADED)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    # [{row, column, field, message, code}], the first ``MAX_ROW_ERRORS`` of them
    row_errors = models.JSONField(default=list, blank=True)
    error_code = models.CharField(max_length=40, blank=True)
    error_message = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    # The file is deleted from the storage once an import has read it, or unused after IMPORT_FILE_TTL_HOURS.
    file_removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "id"]
        indexes = [models.Index(fields=["record_type", "status", "-completed_at"])]

    def __str__(self) -> str:
        return f"import {self.pk} of {self.record_type} ({self.status})"


class ImportBatch(Record):
    """What one batch of an import wrote, for its undo: the ids it created and the old values it replaced."""

    data_import = models.ForeignKey(DataImport, on_delete=models.CASCADE, related_name="batches")
    created_ids = ArrayField(models.UUIDField(), default=list, blank=True)
    # [{"id": ..., "before": {field: old value}}] of the records it updated
    updated = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"batch of {self.data_import_id}"


class ImportMapping(Record):
    """A saved column mapping of a record type ({column header: field name}), for the workspace's next files."""

    record_type = models.CharField(max_length=40)
    name = models.CharField(max_length=100)
    mapping = models.JSONField(default=dict)
    created_by = user_reference(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["record_type", "name"], name="imports_mapping_unique_name")]

    def __str__(self) -> str:
        return self.name
