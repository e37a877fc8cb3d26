"""The attachments of a record."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry import relay
from strawberry.types import Info

from graphql_schema.core.keyset import KeysetConnection
from graphql_schema.core.lists import listed
from saas.attachments import models

from .types import AttachmentNode


@strawberry.type
class AttachmentsQuery:
    @strawberry_django.connection(
        KeysetConnection[AttachmentNode],
        description="Files attached to records you may read, newest first; `record:` those of one record "
        "(none for a record you may not read).",
    )
    def attachments(
        self,
        info: Info,
        record: Annotated[
            relay.GlobalID | None, strawberry.argument(description="Only the attachments of this record.")
        ] = None,
    ) -> QuerySet[Any]:
        queryset = models.Attachment.objects.all()
        if record is not None:
            queryset = queryset.filter(record_type=record.type_name, record_id=str(record.node_id))
        return listed(queryset, info)
