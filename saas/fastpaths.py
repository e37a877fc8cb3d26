"""On/off switches of the fast paths (plans, PostgreSQL-built pages), and the count of their fallbacks.

A fast path that hands a request back to the normal path says so here: ``fell_back(path, reason)``
counts it (``fallback_counts()``, for tests and the benchmarks) and logs it at DEBUG on the
``saas.fastpaths`` logger, so a fallback is never silent.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from threading import Lock

logger = logging.getLogger("saas.fastpaths")
_fallbacks: Counter[tuple[str, str]] = Counter()
_lock = Lock()


@contextmanager
def switched_off(switch: ContextVar[bool]) -> Iterator[None]:
    token = switch.set(False)
    try:
        yield
    finally:
        switch.reset(token)


def fell_back(path: str, reason: str) -> None:
    """``path`` (e.g. ``sqlpages``) left this request, or part of it, to the normal path."""
    with _lock:
        _fallbacks[path, reason] += 1
    logger.debug("fast path fell back", extra={"fast_path": path, "reason": reason})


def fallback_counts() -> dict[tuple[str, str], int]:
    """(path, reason) -> fallbacks since the process started."""
    with _lock:
        return dict(_fallbacks)
