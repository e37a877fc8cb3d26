"""The fast paths' queries as server-side prepared statements (tenants/postgresql_backend/prepared.py): prepared
once per connection, shared by every workspace on it without reading another's rows, and never in the way of a
query PostgreSQL will not prepare."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from tenants.db import connection
from tenants.postgresql_backend import prepared
from tests.conftest import Workspace

CONTACT_NAMES = "{ contacts(first: 5) { edges { node { lastName } } } }"


def prepared_statements(wrapper: Any = connection) -> list[str]:
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE name LIKE 'crm\\_%%' ORDER BY name")
        return [row[0] for row in cursor.fetchall()]


def _run(sql: str, params: list[Any], wrapper: Any = connection) -> Any:
    with wrapper.cursor() as cursor:
        prepared.execute(cursor, sql, params)
        return cursor.fetchone()


@pytest.mark.django_db
def test_the_query_log_shows_the_statement_an_execute_ran(workspace_a: Workspace) -> None:
    """Tests and DEBUG's query log see the page's SQL with its values, not ``EXECUTE crm_1(...)``."""
    workspace_a.api.data(CONTACT_NAMES)
    with CaptureQueriesContext(connection) as captured:
        workspace_a.api.data(CONTACT_NAMES)
    sent = [q["sql"] for q in captured.captured_queries]
    assert any('"customers_contact"' in sql for sql in sent), sent
    assert not any(sql.startswith(("EXECUTE", "PREPARE", "SAVEPOINT")) for sql in sent), sent


@pytest.mark.django_db
def test_a_statement_postgresql_cannot_prepare_runs_unprepared_and_the_transaction_goes_on() -> None:
    with transaction.atomic():
        # PostgreSQL cannot tell the type of $1 in ``$1 IS NULL``: PREPARE refuses, the query itself is fine
        assert _run("SELECT %s IS NULL", [None]) == (True,)
        assert _run("SELECT %s IS NULL", [1]) == (False,)
        assert _run("SELECT 1 + %s", [1]) == (2,)  # the transaction is still usable
    assert "SELECT %s IS NULL" in connection.prepared_statements.refused
    assert not any("$1 IS NULL" in sql for sql in prepared_statements())


@pytest.mark.django_db
def test_a_query_that_fails_fails_as_it_would_unprepared() -> None:
    from django.db import DataError

    with pytest.raises(DataError), transaction.atomic():
        _run("SELECT 1 / %s", [0])
    assert _run("SELECT 10 / %s", [2]) == (5,)


@pytest.mark.django_db
def test_placeholders_and_literal_percent_signs() -> None:
    for _ in range(2):  # prepared, then executed
        assert _run("SELECT 7 %% %s, 'a%%s' || %s", [4, "b"]) == (3, "a%sb")
    assert _run("SELECT 'no parameters %%'", []) == ("no parameters %",)


@pytest.mark.django_db
def test_a_connection_keeps_a_bounded_number_of_statements(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prepared, "KEPT_PER_CONNECTION", 3)
    before = len(prepared_statements())
    for n in range(6):
        assert _run(f"SELECT {n} + %s", [1]) == (n + 1,)
    assert len(prepared_statements()) <= max(before, 3)
    assert _run("SELECT 0 + %s", [1]) == (1,)  # evicted, prepared again


@pytest.mark.django_db
def test_a_new_session_on_the_same_connection_prepares_again() -> None:
    other = connections.create_connection("default")
    try:
        assert _run("SELECT 40 + %s", [2], other) == (42,)
        assert len(prepared_statements(other)) == 1
        other.close()  # the session and its statements end; the names kept for it must go too
        assert _run("SELECT 40 + %s", [2], other) == (42,)
        assert len(prepared_statements(other)) == 1
    finally:
        other.close()


@pytest.mark.django_db
def test_off_by_setting(settings: Any) -> None:
    settings.DB_PREPARED_STATEMENTS = False
    before = prepared_statements()
    assert _run("SELECT 1 + %s + 1", [1]) == (3,)
    assert prepared_statements() == before
