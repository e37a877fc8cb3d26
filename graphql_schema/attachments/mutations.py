"""Removing an attachment and undoing it (uploads go through ``POST /attachments/upload``: see views)."""

from __future__ import annotations

import strawberry

from graphql_schema.core.inputs import RecordIdInput
from graphql_schema.core.mutations import recycle_bin_fields
from graphql_schema.errors import UserError
from saas.attachments import models

from .types import AttachmentNode


@strawberry.type
class AttachmentPayload:
    attachment: AttachmentNode | None = strawberry.field(
        default=None, description="The attachment as it is now; null when the change was refused."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class AttachmentsMutation:
    delete_attachment, restore_attachment = recycle_bin_fields(
        models.Attachment,
        RecordIdInput,
        AttachmentPayload,
        "attachment",
        delete="Remove an attachment from its record (to the recycle bin: `restoreAttachment` undoes it).",
        restore="Bring a removed attachment back.",
    )
