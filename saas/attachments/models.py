"""Files attached to a CRM record of any registered type.

The link is the record's type name in the access registry plus its key as text (as an activity's), so
every record type has attachments by being registered. The bytes live in the attachments storage
(``saas.attachments.storage``) under a name that starts with the workspace's schema.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from saas.records import SoftDeletableRecord, user_reference


class Attachment(SoftDeletableRecord):
    """One uploaded file on one record; deleting moves it to the recycle bin (the file is kept for undo)."""

    # Plans limit attachments by the bytes they keep (the storage meter), not as CRM records.
    counts_as_record: ClassVar[bool] = False

    record_type = models.CharField(max_length=50)
    record_id = models.CharField(max_length=64)
    file_name = models.CharField(max_length=255)
    # Sniffed from the bytes (``sniffing.content_type``), never taken from the client or the name.
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    stored_name = models.CharField(max_length=500, editable=False)
    uploaded_by = user_reference(null=True, blank=True)

    class Meta(SoftDeletableRecord.Meta):
        ordering = ["-created_at", "id"]
        indexes = [models.Index(fields=["record_type", "record_id"], name="attachments_by_record")]

    def __str__(self) -> str:
        return self.file_name
