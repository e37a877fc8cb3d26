"""Write batches on a second connection while the caller prepares the next one: Python and PostgreSQL at once.

A bulk write (an import) alternates two kinds of work: Python reads and checks a batch, then PostgreSQL
inserts it and updates the table's indexes. Done one after the other, the run takes the sum of both; with
``BatchWriter`` the batch's write (a job: a function of no arguments) runs in a thread on its own database
connection while the caller goes on with the next batch, so a run takes about the longer of the two (the
thread waits on PostgreSQL with the GIL released).

- One job at a time, in the order given: ``submit`` first waits for the previous job (so at most one batch
  is held besides the one being prepared).
- Each job runs in its own transaction: a job that raises is rolled back whole, no later job runs, and its
  error is raised in the caller by the next ``submit``, ``wait`` or ``close``. The jobs before it stay.
- ``wait()``: the previous job is done (committed), for a caller that must read what it wrote.
- The thread's connection is in the caller's tenant schema, and closed by ``close`` (or leaving ``with``).
- Inside a transaction (a caller's ``atomic`` block, a test's) a second connection would not see the rows
  the caller has not committed: jobs then run at once on the caller's connection, each in a savepoint
  (``transaction.atomic``), with the same order and the same errors.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import Any

from django.db import connection, transaction

Job = Callable[[], Any]


class BatchWriter:
    def __init__(self, *, threaded: bool | None = None) -> None:
        """``threaded``: None decides (a second connection unless the caller is inside a transaction)."""
        self.threaded = not connection.in_atomic_block if threaded is None else threaded
        self._tenant = getattr(connection, "tenant", None)
        self._schema = getattr(connection, "schema_name", None)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="batch-writer") if self.threaded else None
        self._pending: Future[Any] | None = None
        self._failed: BaseException | None = None
        self._connected = False

    def submit(self, job: Job) -> None:
        """Run ``job`` in its own transaction once the previous one is done (raises the previous one's error)."""
        self.wait()
        if self._pool is None:
            with transaction.atomic():
                job()
            return
        self._pending = self._pool.submit(self._run, job)

    def wait(self) -> None:
        """Return once the submitted job has committed; raise its error if it failed (and from then on)."""
        if self._failed is not None:
            raise self._failed
        pending, self._pending = self._pending, None
        if pending is None:
            return
        try:
            pending.result()
        except BaseException as error:
            self._failed = error
            raise

    def close(self) -> None:
        """Wait for the last job (raising its error), then close the thread's connection."""
        try:
            self.wait()
        finally:
            if self._pool is not None:
                if self._connected:
                    self._pool.submit(_close).result()
                self._pool.shutdown()
                self._pool = None

    def _run(self, job: Job) -> Any:
        if not self._connected:  # this thread's own connection, in the caller's schema
            self._connected = True
            if self._tenant is not None:
                connection.set_tenant(self._tenant)  # type: ignore[attr-defined]
            elif self._schema is not None:
                connection.set_schema(self._schema)  # type: ignore[attr-defined]
        with transaction.atomic():
            return job()

    def __enter__(self) -> BatchWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if error is None:
            self.close()
            return
        # The caller failed: the batch under way still ends (committed or rolled back), then the connection
        # closes; the caller's error is the one raised.
        with contextlib.suppress(Exception):
            self.close()


def _close() -> None:
    connection.close()  # the connection of the thread this runs in (``connection`` is looked up per thread)
