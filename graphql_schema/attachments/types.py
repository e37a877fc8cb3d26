"""The ``Attachment`` record type: a file on a record, with links to download or preview it."""

from __future__ import annotations

from datetime import datetime

import strawberry_django
from strawberry import relay
from strawberry.types import Info

from graphql_schema.core.nodes import Scoped, record_type
from graphql_schema.core.users import UserNode
from graphql_schema.permissions import require_membership
from saas.attachments import models, services
from tenants.db import connection


@record_type(models.Attachment, name="Attachment", description="A file attached to a CRM record.")
class AttachmentNode(Scoped, relay.Node):
    file_name: str = strawberry_django.field(description="The file's name as uploaded (without folders).")
    content_type: str = strawberry_django.field(
        description="The type sniffed from the file's bytes (`image/png`, `application/pdf`...), not its name."
    )
    size: int = strawberry_django.field(description="Bytes.")
    uploaded_by: UserNode | None = strawberry_django.field(description="Who uploaded it.")
    created_at: datetime = strawberry_django.field(description="When it was uploaded.")
    deleted_at: datetime | None = strawberry_django.field(description="When it went to the recycle bin.")

    @strawberry_django.field(only=["record_type"], description="The record's type (`Company`...).")
    def record_type(self, root: models.Attachment) -> str:
        return root.record_type

    @strawberry_django.field(only=["record_type", "record_id"], description="Global id of the record it is on.")
    def record_id(self, root: models.Attachment) -> relay.GlobalID | None:
        return relay.GlobalID(root.record_type, root.record_id) if root.record_type else None

    @strawberry_django.field(
        only=["content_type"],
        description="A link that downloads the file, for you only (it asks for your sign-in too), valid "
        "`ATTACHMENT_URL_TTL_SECONDS` (5 minutes by default): ask again for a fresh one.",
    )
    def download_url(self, root: models.Attachment, info: Info) -> str:
        membership = require_membership(info)
        return services.link(root, connection.tenant, membership.user_id).url

    @strawberry_django.field(
        only=["content_type"],
        description="Like `downloadUrl`, but shown in the browser: pictures and PDFs only (null for others).",
    )
    def preview_url(self, root: models.Attachment, info: Info) -> str | None:
        if root.content_type not in services.PREVIEWABLE:
            return None
        membership = require_membership(info)
        return services.link(root, connection.tenant, membership.user_id, inline=True).url
