"""Celery app. Every task runs with its tenant's schema set (tenant-schemas-celery)."""

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saas.settings")

app = CeleryApp("saas")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
