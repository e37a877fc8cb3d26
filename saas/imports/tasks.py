"""The import's Celery task: runs in the tenant's schema (set by the Celery app from the ``_schema_name`` header)."""

from __future__ import annotations

import logging

from celery import shared_task

from saas.celery import app
from saas.kernel.schedules import in_every_workspace
from tenants.db import connection

from . import files, services
from .models import DataImport

logger = logging.getLogger(__name__)
HOURLY = 3600


@shared_task(name="imports.run_import", ignore_result=True)
def run_import(import_id: str) -> None:
    """Run one queued ``DataImport`` (a dry run or the import); once, whatever retries."""
    if connection.schema_name == "public":
        raise RuntimeError("run_import must run inside a tenant schema")
    data_import = DataImport.objects.filter(pk=import_id).first()
    if data_import is None:
        return
    try:
        services.run(data_import)
    except Exception:
        logger.exception("import failed", extra={"import": import_id, "tenant": connection.schema_name})
        DataImport.objects.filter(pk=import_id).exclude(status=DataImport.Status.COMPLETED).update(
            status=DataImport.Status.FAILED, error_code="internal_error", error_message="Unexpected error."
        )
        failed = DataImport.objects.filter(pk=import_id, dry_run=False, file_removed_at__isnull=True).first()
        if failed is not None:  # an import reads its file once, even when it broke
            files.remove(failed)
            failed.save(update_fields=["file_removed_at"])


@shared_task(name="imports.expire_files")
def expire_files() -> int:
    """Remove this workspace's import files left unused for ``IMPORT_FILE_TTL_HOURS`` (schema set by TenantTask)."""
    if connection.schema_name == "public":
        raise RuntimeError("expire_files must run inside a tenant schema")
    return services.expire_files()


@shared_task(name="imports.expire_files_everywhere", ignore_result=True)
def expire_files_everywhere() -> int:
    """Fan out: one task per workspace, each in its own schema."""
    return in_every_workspace(expire_files)


# Celery beat: hourly, so a file outlives its day by at most an hour.
app.conf.beat_schedule = {
    **(app.conf.beat_schedule or {}),
    "imports.expire-files": {"task": "imports.expire_files_everywhere", "schedule": HOURLY},
}


def enqueue(data_import: DataImport) -> None:
    """Run the import in a worker once the current transaction commits, in this workspace's schema."""
    from django.db import transaction

    headers = {"_schema_name": connection.schema_name}
    transaction.on_commit(lambda: run_import.apply_async(args=[str(data_import.pk)], headers=headers))
