"""Pin the number of SQL queries an operation makes (lists must not grow with their page size).

django-tenants sends ``SET search_path`` before each statement; those are left out of the count, so
the pinned figures are the data queries an operation makes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


class Queries:
    def __init__(self, captured: CaptureQueriesContext) -> None:
        self.captured = captured

    @property
    def statements(self) -> list[str]:
        return [q["sql"] for q in self.captured.captured_queries if not q["sql"].startswith("SET search_path")]

    def __len__(self) -> int:
        return len(self.statements)

    def listing(self) -> str:
        return "\n".join(f"{i + 1}. {sql[:300]}" for i, sql in enumerate(self.statements))


@contextmanager
def assert_num_queries(expected: int) -> Iterator[Queries]:
    """Fails, listing every statement, when the block makes other than ``expected`` data queries."""
    with CaptureQueriesContext(connection) as captured:
        queries = Queries(captured)
        yield queries
    if len(queries) != expected:
        raise AssertionError(f"expected {expected} SQL queries, ran {len(queries)}:\n{queries.listing()}")


def count_queries(operation: Callable[[], Any], *, warm_up: bool = True) -> int:
    """Data queries ``operation`` makes; run once before so per-process caches are warm."""
    if warm_up:
        operation()
    with CaptureQueriesContext(connection) as captured:
        operation()
    return len(Queries(captured))
