"""The import's Celery task: runs in the tenant's schema (set by the Celery app from the ``_schema_name`` header)."""

from __future__ import annotations

import logging

from celery import shared_task

from tenants.db import connection

from . import services
from .models import DataImport

logger = logging.getLogger(__name__)


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


def enqueue(data_import: DataImport) -> None:
    """Run the import in a worker once the current transaction commits, in this workspace's schema."""
    from django.db import transaction

    headers = {"_schema_name": connection.schema_name}
    transaction.on_commit(lambda: run_import.apply_async(args=[str(data_import.pk)], headers=headers))
