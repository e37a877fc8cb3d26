"""Garbage collection for long-running server processes (each uvicorn worker and Celery worker process runs this once).

CPython's defaults (thresholds 700, 10, 10) collect the youngest generation every few hundred net
allocations, so objects that live a few milliseconds (an event on its way to a tenant's subscribers)
survive into the older generations, and full collections follow every few seconds under load. A full
collection walks every tracked object of the process: Django, the GraphQL schema and every open
connection, 0.1 to 0.4 s on the bench machine, during which nothing is delivered (it was the realtime
bench's p99). So what exists once the application is loaded is frozen (it lives as long as the process;
collections never walk it again), and the youngest generation is collected after 20,000 net allocations,
by which time a transient object is gone. The older generations keep CPython's rules (a full collection
also waits until the survivors grew by a quarter), so cycles left by closed connections are still
collected, a little later.
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 20_000  # net allocations between collections of the youngest generation
MIDDLE_THRESHOLD = 5  # young collections between collections of the middle generation
OLD_THRESHOLD = 10  # middle collections before a full collection may run


def tune_for_serving() -> None:
    """Freeze what is loaded so far and collect the young generation less often. Idempotent."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, MIDDLE_THRESHOLD, OLD_THRESHOLD)
