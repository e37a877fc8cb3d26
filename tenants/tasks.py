from celery import shared_task

from . import provisioning


@shared_task(name="tenants.refill_schema_pool", ignore_result=True)
def refill_schema_pool() -> int:
    return provisioning.refill_pool()
