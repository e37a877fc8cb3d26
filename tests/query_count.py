"""Pin the number of SQL queries an operation makes (lists must not grow with their page size)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


@contextmanager
def assert_num_queries(expected: int) -> Iterator[CaptureQueriesContext]:
    """Fails with every SQL statement listed when the block runs other than ``expected`` queries."""
    with CaptureQueriesContext(connection) as captured:
        yield captured
    if len(captured) != expected:
        statements = "\n".join(f"{i + 1}. {q['sql'][:300]}" for i, q in enumerate(captured.captured_queries))
        raise AssertionError(f"expected {expected} SQL queries, ran {len(captured)}:\n{statements}")


def count_queries(operation: Callable[[], Any]) -> int:
    with CaptureQueriesContext(connection) as captured:
        operation()
    return len(captured)
