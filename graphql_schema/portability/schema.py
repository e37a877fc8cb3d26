"""Full workspace exports (``saas.portability``): start one, follow it, download it. Owners and admins only."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any, ClassVar

import strawberry
import strawberry_django
from django.db import models
from strawberry import relay
from strawberry.scalars import JSON
from strawberry.types import Info

from graphql_schema.core.mutations import EMPTY_INPUT_DESCRIPTION, EmptyInput
from graphql_schema.core.nodes import record_type
from graphql_schema.errors import UserError, user_errors
from graphql_schema.permissions import require_membership
from saas.access import policy
from saas.errors import ServiceError
from saas.portability import services
from saas.portability.models import WorkspaceExport
from tenants.db import connection


@strawberry.enum(name="WorkspaceExportStatus", description="Where a workspace export is.")
class WorkspaceExportStatus(Enum):
    QUEUED = strawberry.enum_value("queued", description="Waiting for a worker.")
    RUNNING = strawberry.enum_value("running", description="Records are being written (`processedRecords`).")
    COMPLETED = strawberry.enum_value("completed", description="Done: `downloadUrl` serves the zip.")
    FAILED = strawberry.enum_value("failed", description="Stopped: `errorCode` and `errorMessage` say why.")
    EXPIRED = strawberry.enum_value("expired", description="The file was removed after its time; start another.")


@record_type(
    WorkspaceExport,
    name="WorkspaceExport",
    description="A full export of the workspace (every record type as JSON lines, attachments' files, a "
    "manifest) in one zip, for data portability. Owners and admins see and download them.",
)
class WorkspaceExportNode(relay.Node):
    _id_attr: ClassVar[str | None] = "pk"

    total_records: int = strawberry_django.field(description="Records to write (counted when it started).")
    processed_records: int = strawberry_django.field(description="Records written so far.")
    counts: JSON = strawberry_django.field(description='Records written by type, e.g. `{"Contact": 120}`.')
    attachment_files: int = strawberry_django.field(description="Attachments' files in the zip.")
    file_size: int = strawberry_django.field(description="The zip's size in bytes, once completed.")
    created_at: datetime = strawberry_django.field(description="When it was started.")
    completed_at: datetime | None = strawberry_django.field(description="When it completed or failed.")
    expires_at: datetime | None = strawberry_django.field(description="When the file is removed.")

    @classmethod
    def get_queryset(cls, queryset: models.QuerySet[Any], info: Info, **kwargs: Any) -> models.QuerySet[Any]:
        return queryset if policy.is_admin(require_membership(info)) else queryset.none()

    @strawberry_django.field(only=["status"], description="Where it is.")
    def status(self, root: WorkspaceExport) -> WorkspaceExportStatus:
        return WorkspaceExportStatus(root.status)

    @strawberry_django.field(
        only=["coverage"],
        description="`EVERYTHING` (an owner's: every record and field, the recycle bin's too) or `ROLE` (an "
        "admin's: their role's scopes, without the fields it hides).",
    )
    def coverage(self, root: WorkspaceExport) -> str:
        return root.coverage.upper()

    @strawberry_django.field(only=["error_code"], description="Why it failed; null otherwise.")
    def error_code(self, root: WorkspaceExport) -> str | None:
        return root.error_code or None

    @strawberry_django.field(only=["error_message"], description="Why it failed, in words; null otherwise.")
    def error_message(self, root: WorkspaceExport) -> str | None:
        return root.error_message or None

    @strawberry_django.field(
        only=["status", "stored_name", "expires_at"],
        description="A link to the zip for you, once completed; valid until `downloadExpiresAt` (ask again for a "
        "fresh one). It works only for you, signed in, while you are an owner or admin here.",
    )
    def download_url(self, root: WorkspaceExport, info: Info) -> str | None:
        found = services.link(root, connection.tenant, require_membership(info).user_id)
        return found.url if found else None

    @strawberry_django.field(only=["status", "stored_name", "expires_at"], description="When `downloadUrl` stops.")
    def download_expires_at(self, root: WorkspaceExport, info: Info) -> datetime | None:
        found = services.link(root, connection.tenant, require_membership(info).user_id)
        return found.expires_at if found else None


@strawberry.input(description=EMPTY_INPUT_DESCRIPTION)
class StartWorkspaceExportInput(EmptyInput):
    pass


@strawberry.type(description="The export started, or why not.")
class StartWorkspaceExportPayload:
    workspace_export: WorkspaceExportNode | None = strawberry.field(default=None, description="The export, `QUEUED`.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class PortabilityQuery:
    @strawberry.field(
        description="The workspace's full exports, newest first (owners and admins; an empty list for others)."
    )
    def workspace_exports(self, info: Info) -> list[WorkspaceExportNode]:
        return services.exports_for(require_membership(info))  # type: ignore[return-value]


@strawberry.type
class PortabilityMutation:
    @strawberry.mutation(
        description="Export the whole workspace in the background: every record type as JSON lines, attachments' "
        "files and a manifest, in one zip. Owners get everything; admins what their role may export. Follow it with "
        "`workspaceExports` or the `notifications` subscription (`workspace_export_progress`, "
        "`workspace_export_finished`). One at a time per workspace (`export_running`)."
    )
    def start_workspace_export(
        self, info: Info, input: StartWorkspaceExportInput | None = None
    ) -> StartWorkspaceExportPayload:
        membership = require_membership(info)
        try:
            export = services.start(membership)
        except ServiceError as error:
            return StartWorkspaceExportPayload(errors=user_errors(error.errors))
        return StartWorkspaceExportPayload(workspace_export=export)  # type: ignore[arg-type]
