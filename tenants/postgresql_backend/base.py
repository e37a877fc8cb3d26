"""django-tenants' PostgreSQL backend with one round trip per request fewer on a kept connection.

The health check of ``CONN_HEALTH_CHECKS`` (a ``SELECT 1`` before a request's first query) runs only on a
connection that has served nothing for ``DB_HEALTH_CHECK_AFTER`` seconds, as PgBouncer's
``server_check_delay``: a connection that answered a moment ago is taken as alive. A query that still finds
it dead fails that one request, and Django closes the connection afterwards (``errors_occurred``).

Django's internals read here, and only here: ``health_check_done`` and ``health_check_enabled`` (Django
pinned to 5.2.x in pyproject.toml; contract test: tests/tenants/test_connection_reuse.py).
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django_tenants.postgresql_backend.base import DatabaseWrapper as TenantDatabaseWrapper


class DatabaseWrapper(TenantDatabaseWrapper):
    _last_used = 0.0

    def _cursor(self, name: str | None = None) -> Any:
        cursor = super()._cursor(name)
        self._last_used = time.monotonic()
        return cursor

    def close_if_health_check_failed(self) -> None:
        recently = time.monotonic() - self._last_used < getattr(settings, "DB_HEALTH_CHECK_AFTER", 0)
        if self.connection is not None and self.health_check_enabled and recently:
            self.health_check_done = True
            return
        super().close_if_health_check_failed()
