"""Database connections kept across requests (CONN_MAX_AGE, saas/request_threads.py) never carry one
tenant's schema into another tenant's request."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx
import psycopg2
import pytest
from django.conf import settings
from django.db import transaction
from django.test.utils import CaptureQueriesContext

from saas.customers.models import Contact
from tenants.db import connection
from tenants.postgresql_backend.base import DatabaseWrapper
from tests.conftest import PASSWORD, Workspace
from tests.live_stack import live_stack
from tests.tenants.test_prepared_statements import prepared_statements

CONTACT_NAMES = "{ contacts(first: 10) { edges { node { firstName } } } }"


@pytest.mark.django_db
def test_two_tenants_alternating_on_one_connection_each_read_their_own_rows(
    workspace_a: Workspace, workspace_b: Workspace
) -> None:
    for workspace, name in ((workspace_a, "Alma"), (workspace_b, "Bruno")):
        workspace.activate()
        Contact.objects.create(first_name=name, last_name="Only")
    connection.set_schema_to_public()
    connection.ensure_connection()
    backend = connection.connection
    workspace_a.api.data(CONTACT_NAMES)
    prepared_for_a = prepared_statements()  # the page's query, prepared (tenants/postgresql_backend/prepared.py)
    assert any('"customers_contact"' in sql for sql in prepared_for_a)
    for _ in range(3):  # A, B, A, B, ...: the cached search_path must follow every switch
        for workspace, name in ((workspace_a, "Alma"), (workspace_b, "Bruno")):
            data = workspace.api.data(CONTACT_NAMES)
            assert [e["node"]["firstName"] for e in data["contacts"]["edges"]] == [name]
            workspace.activate()
            assert list(Contact.objects.values_list("first_name", flat=True)) == [name]
    assert connection.connection is backend  # one connection all along
    # B's pages ran A's prepared statement, which PostgreSQL parses again for each search path
    assert prepared_statements() == prepared_for_a


def _search_path_sets(run: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        run()
    return sum(1 for query in captured.captured_queries if query["sql"].startswith("SET search_path"))


def _request_in(workspace: Workspace) -> str:
    """What every request does to the connection first (tenants/middleware.py), then a query; the schema read."""
    connection.set_schema_to_public()
    workspace.activate()
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        return str(cursor.fetchone()[0])


@pytest.mark.django_db
def test_a_kept_connection_sets_the_search_path_only_when_it_changes(
    workspace_a: Workspace, workspace_b: Workspace
) -> None:
    """tenants/postgresql_backend: no ``SET search_path`` round trip for the path the session already has, one
    for any other, and one again after a rollback undid the last (the contract with django-tenants' internals)."""
    a, b = workspace_a.tenant.schema_name, workspace_b.tenant.schema_name
    assert _request_in(workspace_a) == a
    assert _search_path_sets(lambda: _request_in(workspace_a)) == 0
    assert _search_path_sets(lambda: _request_in(workspace_b)) == 1
    assert _search_path_sets(lambda: _request_in(workspace_b)) == 0
    assert _request_in(workspace_b) == b

    def rolled_back_switch() -> None:
        with pytest.raises(RuntimeError), transaction.atomic():
            assert _request_in(workspace_a) == a
            raise RuntimeError

    # A's path, then A's again after the rollback to the savepoint undid it (django-tenants' own rule)
    assert _search_path_sets(rolled_back_switch) == 2
    assert _search_path_sets(lambda: _request_in(workspace_b)) == 1
    assert _request_in(workspace_b) == b


@pytest.mark.django_db
def test_an_api_request_on_a_kept_connection_sends_no_search_path(workspace_a: Workspace) -> None:
    """The request path reads the platform's cached keys (billing standing, plan terms) without switching
    the connection to ``public`` and back (tenants/cache.py), so a request of the same workspace as the last
    one costs no ``SET search_path`` round trip at all."""
    workspace_a.api.data(CONTACT_NAMES)
    assert _search_path_sets(lambda: workspace_a.api.data(CONTACT_NAMES)) == 0


@pytest.mark.django_db
def test_the_health_check_runs_only_on_a_connection_idle_for_a_while(monkeypatch: pytest.MonkeyPatch) -> None:
    checks: list[bool] = []

    def is_usable(self: DatabaseWrapper) -> bool:
        checks.append(True)
        return True

    monkeypatch.setattr(DatabaseWrapper, "is_usable", is_usable)
    connection.ensure_connection()
    assert connection.health_check_enabled  # CONN_HEALTH_CHECKS

    def next_request(idle: float) -> None:
        connection._last_used = time.monotonic() - idle
        connection.health_check_done = False  # as Django resets it at each request's end
        connection.close_if_health_check_failed()
        assert connection.health_check_done

    next_request(idle=0.5)
    assert checks == []  # served a query half a second ago: taken as alive
    next_request(idle=settings.DB_HEALTH_CHECK_AFTER + 1)
    assert checks == [True]


CREATE = """mutation($input: CreateContactInput!) { createContact(input: $input) { errors { code } } }"""


def _post(client: httpx.Client, url: str, host: str, query: str, variables: dict[str, Any], token: str = "") -> Any:
    headers = {"Host": host, **({"Authorization": f"Bearer {token}"} if token else {})}
    return client.post(f"{url}/graphql/", json={"query": query, "variables": variables}, headers=headers).json()


PROBE = "connection-count-probe"


def _server_connections(database_url: str) -> list[tuple[int, str]]:
    # The probes leave out themselves by name: an earlier probe's backend may still be ending (a loaded
    # machine), which is not a connection of the server's.
    db = psycopg2.connect(database_url, application_name=PROBE)
    try:
        with db.cursor() as cursor:
            cursor.execute(
                "SELECT pid, backend_start::text FROM pg_stat_activity WHERE datname = current_database()"
                " AND application_name <> %s AND backend_type = 'client backend'",
                [PROBE],
            )
            return sorted(cursor.fetchall())
    finally:
        db.close()


@pytest.mark.live_server_process
def test_a_server_keeps_one_connection_per_request_thread_across_tenants() -> None:
    threads = 2
    env = {"CONN_MAX_AGE": "300", "REQUEST_THREADS": str(threads)}
    with live_stack(processes=1, extra_env=env) as stack, httpx.Client(timeout=30) as client:
        url, tokens = stack.host_url(), {}
        for name in ("alpha", "bravo"):
            tokens[name] = stack.sign_up(client, name, PASSWORD)
            created = _post(
                client, url, f"{name}.localhost", CREATE, {"input": {"firstName": name.title()}}, tokens[name]
            )
            assert created["data"]["createContact"]["errors"] == [], created
        seen: set[int] = set()
        for _ in range(20):  # the two tenants alternate on the server's kept connections
            for name in ("alpha", "bravo"):
                body = _post(client, url, f"{name}.localhost", CONTACT_NAMES, {}, tokens[name])
                assert body["data"] == {"contacts": {"edges": [{"node": {"firstName": name.title()}}]}}, body
            now = _server_connections(stack.database_url)
            assert 1 <= len(now) <= threads, now  # kept after the request, and not one per request
            seen |= {pid for pid, _started in now}
        assert len(seen) <= threads, seen  # the same backends served all 80 requests
