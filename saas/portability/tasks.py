"""The export's Celery tasks: run in the tenant's schema (set by the Celery app from the ``_schema_name`` header)."""

from __future__ import annotations

import logging

from celery import shared_task

from saas.kernel.schedules import scheduled_in_every_workspace
from tenants.db import connection

from . import services
from .models import WorkspaceExport

logger = logging.getLogger(__name__)
HOURLY = 3600


@shared_task(name="portability.run_export", ignore_result=True)
def run_export(export_id: str) -> None:
    """Write one queued ``WorkspaceExport``; once, whatever retries."""
    if connection.schema_name == "public":
        raise RuntimeError("run_export must run inside a tenant schema")
    export = WorkspaceExport.objects.filter(pk=export_id).first()
    if export is None:
        return
    try:
        services.run(export)
    except Exception:
        logger.exception("workspace export failed", extra={"export": export_id, "tenant": connection.schema_name})
        WorkspaceExport.objects.filter(pk=export_id).exclude(status=WorkspaceExport.Status.COMPLETED).update(
            status=WorkspaceExport.Status.FAILED, error_code="internal_error", error_message="Unexpected error."
        )


# Hourly in every workspace (Celery beat): files past ``WORKSPACE_EXPORT_TTL_HOURS`` are removed.
expire_exports, expire_exports_everywhere = scheduled_in_every_workspace(
    "portability.expire_exports", services.expire, beat="portability.expire-exports", every=HOURLY
)


def enqueue(export: WorkspaceExport) -> None:
    """Run the export in a worker once the current transaction commits, in this workspace's schema."""
    from django.db import transaction

    headers = {"_schema_name": connection.schema_name}
    transaction.on_commit(lambda: run_export.apply_async(args=[str(export.pk)], headers=headers))
