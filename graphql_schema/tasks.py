"""The API's Celery tasks, where the Celery app's autodiscovery looks for them."""

from .core.bulk_exports import run_bulk_export

__all__ = ["run_bulk_export"]
