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
    """Load the application, freeze it and collect the young generation less often. Idempotent."""
    load_application()
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, MIDDLE_THRESHOLD, OLD_THRESHOLD)


def load_application() -> None:
    """Import what the first request would otherwise import (the URL confs, their views, the GraphQL schema),
    so that it is frozen with the rest: left to the first request, the schema's hundreds of thousands of
    objects stayed in the collected generations, and every middle collection walked them again."""
    from django.conf import settings
    from django.urls import get_resolver

    for urlconf in {settings.ROOT_URLCONF, getattr(settings, "PUBLIC_SCHEMA_URLCONF", settings.ROOT_URLCONF)}:
        get_resolver(urlconf).url_patterns  # noqa: B018 (the property imports the URL conf)
