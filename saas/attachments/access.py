"""How attachments plug into access control: one record type, as visible as the record it is on."""

from __future__ import annotations

import uuid

from saas.access.links import linked_record_readable
from saas.access.registry import register

from .models import Attachment


def new_attachment(owner_id: int | None) -> Attachment:
    """The permission matrix's sample: a row without a file or a record (visible to whoever reads the type)."""
    attachment = Attachment(file_name="notes.txt", content_type="text/plain", size=5, stored_name=uuid.uuid4().hex)
    attachment.uploaded_by_id = owner_id
    attachment.save()
    return attachment


def register_record_types() -> None:
    # No owner: an attachment is anyone's who may read its record (``narrowed_by``); the role's scopes on
    # the type say who may add (create) and remove (delete) attachments at all.
    register(Attachment, owner_field=None, factory=new_attachment, narrowed_by=linked_record_readable(Attachment))
