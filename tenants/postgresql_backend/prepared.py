"""Server-side prepared statements for the queries the fast paths send on every request.

A list page or a record page is one long query (graphql_schema/core/sqlpages.py, sqlrecords.py) whose text
is the same from one request to the next but for its parameters. PostgreSQL parsed and planned it each time:
about a millisecond of a 3 ms page. ``execute`` prepares such a statement once per connection
(``PREPARE``, in the same round trip as its first ``EXECUTE``) and then only executes it.

Safe across workspaces: PostgreSQL parses a prepared statement again when ``search_path`` changed since its
last use (a workspace's tables are never read through another's plan), and when a table it reads changed.
Prepared statements outlive a rolled-back transaction; they end with the session, so the names kept here
belong to one database connection and are forgotten with it. A statement PostgreSQL cannot prepare (a
parameter whose type it cannot infer) runs as before and is not tried again on that connection; inside a
transaction the first preparation runs under a savepoint, so such a refusal leaves the transaction usable.

``DB_PREPARED_STATEMENTS=0`` turns this off: SQL ``PREPARE`` needs one session per connection (PgBouncer in
transaction pooling mode does not keep them).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from typing import Any

import psycopg2.extensions
from django.conf import settings
from django.db import DatabaseError
from django.db.backends.utils import CursorWrapper

# What one connection keeps at most (a list page's plan holds ~0.35 MB of the server's memory); the least
# recently used statement is deallocated beyond it.
KEPT_PER_CONNECTION = 50
_PLACEHOLDER = re.compile(r"%%|%s")  # ``%%`` stays: the statement is still interpolated
_SAVEPOINT = "crm_prepare"


class Statements:
    """The statements one database session has prepared: SQL text -> name, least recently used first."""

    def __init__(self, session: Any) -> None:
        self.session = session
        self.names: OrderedDict[str, str] = OrderedDict()
        self.refused: set[str] = set()
        self.counter = 0


def _statements(cursor: CursorWrapper) -> Statements:
    wrapper = cursor.db
    session = wrapper.connection
    kept: Statements | None = getattr(wrapper, "prepared_statements", None)
    if kept is None or kept.session is not session:
        kept = Statements(session)
        wrapper.prepared_statements = kept
    return kept


def execute(cursor: CursorWrapper, sql: str, params: tuple[Any, ...] | list[Any]) -> None:
    """``cursor.execute(sql, params)``, through a statement prepared on the cursor's connection.

    ``sql`` uses ``%s`` placeholders (a literal ``%`` written ``%%``), as Django's compilers write it.
    """
    if not getattr(settings, "DB_PREPARED_STATEMENTS", True):
        cursor.execute(sql, params)
        return
    kept = _statements(cursor)
    if sql in kept.refused:
        cursor.execute(sql, params)
        return
    arguments = f"({', '.join(['%s'] * len(params))})" if params else ""
    name = kept.names.get(sql)
    if name is not None:
        kept.names.move_to_end(sql)
        cursor.execute(f"EXECUTE {name}{arguments}", params)
        _log_as_run(cursor, sql, params)
        return
    kept.counter += 1
    name = f"crm_{kept.counter}"
    numbered = iter(range(1, len(params) + 1))
    body = _PLACEHOLDER.sub(lambda m: "%%" if m.group() == "%%" else f"${next(numbered)}", sql)
    evicted = ""
    if len(kept.names) >= KEPT_PER_CONNECTION:
        _, oldest = kept.names.popitem(last=False)
        evicted = f"DEALLOCATE {oldest}; "
    in_transaction = kept.session.get_transaction_status() != psycopg2.extensions.TRANSACTION_STATUS_IDLE
    prepare = f"{evicted}PREPARE {name} AS {body}; "
    if in_transaction:
        prepare = f"SAVEPOINT {_SAVEPOINT}; {prepare}RELEASE SAVEPOINT {_SAVEPOINT}; "
    try:
        cursor.execute(f"{prepare}EXECUTE {name}{arguments}", params)
    except DatabaseError as refusal:
        if not str(getattr(refusal.__cause__, "pgcode", "")).startswith("42"):
            raise  # not a refusal to prepare: the query itself failed, as it would have unprepared
        if in_transaction:
            cursor.execute(f"ROLLBACK TO SAVEPOINT {_SAVEPOINT}; RELEASE SAVEPOINT {_SAVEPOINT}")
        kept.refused.add(sql)
        cursor.execute(sql, params)
        return
    kept.names[sql] = name
    _log_as_run(cursor, sql, params)


def _log_as_run(cursor: CursorWrapper, sql: str, params: tuple[Any, ...] | list[Any]) -> None:
    """Where queries are logged (DEBUG, tests' query capture), log the statement the ``EXECUTE`` ran, with
    its values, as it would have been sent unprepared: what reads the log sees the query, not its name."""
    wrapper = cursor.db
    if wrapper.queries_logged and wrapper.queries_log:
        wrapper.queries_log[-1]["sql"] = cursor.cursor.mogrify(sql, params).decode()
