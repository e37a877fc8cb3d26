"""Making tenant schemas fast.

Replaying every migration for each new tenant takes seconds and grows with the
project. Instead:

1. A *template* schema (``settings.TENANT_TEMPLATE_SCHEMA``) is kept fully
   migrated. It is a real ``Tenant`` row (``is_template=True``), so every
   ``migrate_schemas`` migrates it like any tenant.
2. A small *pool* of schemas cloned from the template waits in the database.
   Signup claims one with ``ALTER SCHEMA pool_x RENAME TO acme`` inside the
   signup transaction (milliseconds).
3. After the signup commits, the pool is refilled in the background by cloning
   the template (django-tenants' ``clone_schema``, under a second).

Each pool entry carries the template's migration fingerprint at cloning time;
when migrations change the template, older entries no longer match, are never
claimed, and are dropped on the next refill.
"""

from __future__ import annotations

import logging
import secrets
import threading

from django.conf import settings
from django.db import transaction
from django_tenants.clone import CloneSchema
from django_tenants.utils import schema_exists

from .db import connection
from .models import SchemaPoolEntry, Tenant

logger = logging.getLogger(__name__)

POOL_PREFIX = "pool_"
REFILL_LOCK_ID = 7_240_001  # pg advisory lock key for pool refills


def quote(schema_name: str) -> str:
    return connection.ops.quote_name(schema_name)


def template_schema() -> str:
    return str(settings.TENANT_TEMPLATE_SCHEMA)


def ensure_template() -> Tenant:
    """Create (by running migrations, once) the template tenant if it is missing."""
    template, created = Tenant.objects.get_or_create(
        schema_name=template_schema(), defaults={"name": "Template", "is_template": True}
    )
    if created or not schema_exists(template.schema_name):
        from django.core.management import call_command

        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE SCHEMA IF NOT EXISTS {quote(template.schema_name)}")
        call_command("migrate_schemas", tenant=True, schema_name=template.schema_name, interactive=False, verbosity=0)
        connection.set_schema_to_public()
    return template


def template_fingerprint() -> str:
    """A digest of the migrations applied to the template schema."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT md5(coalesce(string_agg(app || '.' || name, ',' ORDER BY app, name), ''))"
            f" FROM {quote(template_schema())}.django_migrations"
        )
        row = cursor.fetchone()
    return str(row[0]) if row else ""


def clone_template(schema_name: str) -> None:
    """Copy the template's tables, indexes and rows (migration records included)."""
    CloneSchema().clone_schema(template_schema(), schema_name, "DATA")
    connection.set_schema_to_public()


def create_schema_for(schema_name: str) -> str:
    """Make ``schema_name`` exist, fully migrated, inside the caller's transaction.

    Claims a pool schema when one is ready, else clones the template. Returns how
    (``"pool"`` or ``"clone"``), for logs and benchmarks.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("create_schema_for must run inside the signup transaction")
    fingerprint = template_fingerprint()
    entry = (
        SchemaPoolEntry.objects.select_for_update(skip_locked=True)
        .filter(fingerprint=fingerprint)
        .order_by("created_at")
        .first()
    )
    if entry is not None:
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER SCHEMA {quote(entry.schema_name)} RENAME TO {quote(schema_name)}")
        entry.delete()
        return "pool"
    clone_template(schema_name)
    return "clone"


def drop_schema(schema_name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {quote(schema_name)} CASCADE")


def refill_pool(size: int | None = None) -> int:
    """Drop stale pool entries and clone until ``size`` are ready. Returns how many were added."""
    target = settings.TENANT_POOL_SIZE if size is None else size
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        # One refill at a time across all processes; a second caller has nothing to add.
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [REFILL_LOCK_ID])
        if not cursor.fetchone()[0]:
            return 0
    try:
        return _refill_pool(target)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [REFILL_LOCK_ID])


def _refill_pool(target: int) -> int:
    ensure_template()
    fingerprint = template_fingerprint()
    for stale in SchemaPoolEntry.objects.exclude(fingerprint=fingerprint):
        with transaction.atomic():
            drop_schema(stale.schema_name)
            stale.delete()
    added = 0
    while SchemaPoolEntry.objects.filter(fingerprint=fingerprint).count() < target:
        name = f"{POOL_PREFIX}{secrets.token_hex(6)}"
        with transaction.atomic():
            clone_template(name)
            SchemaPoolEntry.objects.create(schema_name=name, fingerprint=fingerprint)
        added += 1
    if added:
        logger.info("schema pool refilled", extra={"added": added, "target": target})
    return added


_refill_lock = threading.Lock()


def refill_pool_soon() -> None:
    """Refill the pool off the request path.

    With a real broker this is a Celery task; with eager Celery (``make run``
    without Redis) a daemon thread does it so the signup response isn't delayed.
    """
    from .tasks import refill_schema_pool

    if not settings.TENANT_POOL_AUTO_REFILL:
        return
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        refill_schema_pool.delay()
        return

    def run() -> None:
        if not _refill_lock.acquire(blocking=False):
            return  # a refill is already running in this process
        try:
            refill_pool()
        except Exception:
            logger.exception("schema pool refill failed")
        finally:
            _refill_lock.release()
            connection.close()

    threading.Thread(target=run, name="schema-pool-refill", daemon=True).start()
