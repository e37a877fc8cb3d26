"""Database access from async code, always inside one tenant's schema.

django-tenants keeps the schema on the thread's connection, and every
``database_sync_to_async`` call of a process runs on one shared thread. So each
call sets the schema, does its work and puts ``public`` back, in the same
synchronous call: nothing a consumer does can inherit another tenant's schema.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from asgiref.sync import sync_to_async
from django.db import InterfaceError, OperationalError

from tenants.db import connection
from tenants.models import Tenant

P = ParamSpec("P")
T = TypeVar("T")


@contextmanager
def tenant_schema(tenant: Tenant | None) -> Iterator[None]:
    """``tenant``'s schema for the block (``public`` for None), then ``public`` again."""
    if tenant is None:
        connection.set_schema_to_public()
    else:
        connection.set_tenant(tenant)
    try:
        yield
    finally:
        connection.set_schema_to_public()


async def in_tenant(tenant: Tenant | None, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run the synchronous, read-only ``fn`` in ``tenant``'s schema on the database thread.

    Unlike ``database_sync_to_async``, this keeps the thread's connection open between
    calls (with ``CONN_MAX_AGE=0`` that would mean a new PostgreSQL connection for every
    event); a connection found broken is closed and the call tried once more.
    """

    def call() -> T:
        for attempt in (1, 2):
            try:
                with tenant_schema(tenant):
                    return fn(*args, **kwargs)
            except (InterfaceError, OperationalError):
                if attempt == 2 or connection.in_atomic_block:
                    raise
                connection.close()
        raise AssertionError("unreachable")

    result: T = await sync_to_async(call, thread_sensitive=True)()
    return result


async def in_public(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    return await in_tenant(None, fn, *args, **kwargs)
