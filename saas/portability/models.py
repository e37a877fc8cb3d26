"""A full export of a workspace (every record type, JSON lines, attachments' files) for data portability."""

from __future__ import annotations

from django.db import models

from saas.records import Record, user_reference


class WorkspaceExport(Record):
    """One zip of the workspace's records: ``queued`` → ``running`` → ``completed`` (a file) or ``failed``.

    A completed file is kept ``WORKSPACE_EXPORT_TTL_HOURS``, then removed (``expired``).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        COMPLETED = "completed", "Completed"
        FAILED = "failed", "Failed"
        EXPIRED = "expired", "Expired"

    requested_by = user_reference()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # ``everything`` (an owner's export) or ``role`` (an admin's: their role's scopes and field rules)
    coverage = models.CharField(max_length=10, default="everything")
    total_records = models.PositiveIntegerField(default=0)
    processed_records = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)  # {record type: records written}
    attachment_files = models.PositiveIntegerField(default=0)
    stored_name = models.CharField(max_length=500, blank=True)
    file_size = models.PositiveBigIntegerField(default=0)
    error_code = models.CharField(max_length=40, blank=True)
    error_message = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "id"]
        indexes = [models.Index(fields=["status", "expires_at"], name="portability_export_expiry")]

    def __str__(self) -> str:
        return f"workspace export {self.pk} ({self.status})"
