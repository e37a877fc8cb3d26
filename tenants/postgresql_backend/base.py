"""django-tenants' PostgreSQL backend with two round trips per request fewer on a kept connection.

- ``SET search_path`` only when the session does not have that path already. django-tenants forgets the
  path it set on every ``set_tenant`` (each request sets its tenant after going back to ``public``, each
  ``tenant_context`` switches twice), so a request on a kept connection paid one or two ``SET`` round trips
  for the path its session already had. What it forgets on ``close``, ``rollback`` and a savepoint rollback
  (a rolled-back ``SET`` is undone) it still forgets.
- The health check of ``CONN_HEALTH_CHECKS`` (a ``SELECT 1`` before a request's first query) only on a
  connection that has served nothing for ``DB_HEALTH_CHECK_AFTER`` seconds, as PgBouncer's
  ``server_check_delay``: a connection that answered a moment ago is taken as alive. A query that still finds
  it dead fails that one request, and Django closes the connection afterwards (``errors_occurred``).

django-tenants' internals read here, and only here: ``search_path_set_schemas``, ``_get_cursor_search_paths``
and ``_handle_search_path`` (django-tenants pinned to 4.0.x in pyproject.toml; contract test:
tests/tenants/test_connection_reuse.py).
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django_tenants.postgresql_backend.base import DatabaseWrapper as TenantDatabaseWrapper


class DatabaseWrapper(TenantDatabaseWrapper):
    _last_used = 0.0
    _session_path: list[str] | None = None  # the search path this connection's session has, when known

    def set_tenant(self, tenant: Any, include_public: bool = True) -> None:
        super().set_tenant(tenant, include_public)
        session = self._session_path
        if session is not None and self.connection is not None and self._get_cursor_search_paths() == session:
            self.search_path_set_schemas = session  # the session has this path already: no ``SET``

    def _handle_search_path(self, cursor: Any = None) -> None:
        super()._handle_search_path(cursor)
        if self.search_path_set_schemas is not None:
            self._session_path = self.search_path_set_schemas

    def close(self) -> None:
        self._session_path = None
        super().close()

    def rollback(self) -> None:
        self._session_path = None  # a ``SET`` in the rolled-back transaction is undone
        super().rollback()

    def savepoint_rollback(self, sid: str) -> None:
        self._session_path = None
        super().savepoint_rollback(sid)

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
