"""Django's ASGI handler with its sync work on a few long-lived threads instead of one new thread per request.

Why: Django's ``ASGIHandler`` gives every request a fresh single-thread executor
(``ThreadSensitiveContext()``). A thread per request costs its start and hand-offs, and
database connections are per thread, so ``CONN_MAX_AGE`` could not keep one: each request
opened (and, with a positive age, leaked until garbage collection) a PostgreSQL connection.
Here each request borrows one of ``REQUEST_THREADS`` executors for its whole life (middleware,
view, the request_started / request_finished signals, whose ``close_old_connections`` thus runs
on the thread that owns the connection), so a connection lives as long as ``CONN_MAX_AGE`` says
and is checked by ``CONN_HEALTH_CHECKS`` before reuse.

Public asgiref API only: ``ThreadSensitiveContext(executor=...)`` (asgiref >= 3.13, pinned).
django-tenants sets the tenant's ``search_path`` at the start of every request (``set_tenant``
forgets the cached path), so a connection reused by another tenant's request is safe
(tests/tenants/test_connection_reuse.py).
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import ThreadSensitiveContext
from django.core.handlers.asgi import ASGIHandler


class PooledThreadsASGIHandler(ASGIHandler):
    def __init__(self, threads: int) -> None:
        super().__init__()
        self.executors = [ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"request-{n}") for n in range(threads)]
        self._idle: asyncio.Queue[ThreadPoolExecutor] | None = None

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        idle = self._idle
        if idle is None:  # made on first use: the queue belongs to the serving event loop
            idle = self._idle = asyncio.Queue()
            for executor in self.executors:
                idle.put_nowait(executor)
        executor = await idle.get()  # more requests at once than threads wait here, as for a worker pool
        try:
            async with ThreadSensitiveContext(executor=executor):
                await self.handle(scope, receive, send)
        finally:
            idle.put_nowait(executor)
