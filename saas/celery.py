"""Celery app. Every task runs with its tenant's schema set (tenant-schemas-celery)."""

import os

from celery import signals
from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saas.settings")

app = CeleryApp("saas")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.worker_process_init.connect  # each process of the prefork pool, after the fork
@signals.worker_init.connect  # the worker itself (the solo and thread pools run tasks in it)
def _tune_garbage_collection(**kwargs: object) -> None:
    """As every server process does (saas/gc_tuning.py): a bulk export or import allocates by the million, and
    CPython's default thresholds spent more of its CPU time collecting than exporting (bench_bulk_export)."""
    from saas.gc_tuning import tune_for_serving

    tune_for_serving()
