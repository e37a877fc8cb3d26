"""Who is viewing a record right now ("someone else is editing").

Kept in the cache (Redis with ``REDIS_URL``, so every process sees it), one
entry per record: ``{connection: viewer}``. A viewer refreshes its entry every
``REALTIME_PRESENCE_TTL_SECONDS / 3`` while its subscription lives; entries of
connections that vanished without leaving expire after the TTL. Every change is
announced on the record's presence group. Call these functions in the tenant's
schema (``realtime.tenancy.in_tenant``): the cache key is tenant-prefixed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache

from tenants.db import connection


@dataclass(frozen=True)
class Viewer:
    user_id: int
    full_name: str
    email: str
    since: float


def _key(record_type: str, record_id: str) -> str:
    # make_key adds the tenant too; the schema is repeated here so the key is unmistakable.
    return f"realtime:presence:{connection.schema_name}:{record_type}:{record_id}"


def _ttl() -> int:
    return int(settings.REALTIME_PRESENCE_TTL_SECONDS)


def _live(entries: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    cutoff = time.time() - _ttl()
    return {conn: entry for conn, entry in entries.items() if entry["seen"] >= cutoff}


def _viewers(entries: dict[str, dict[str, Any]]) -> list[Viewer]:
    by_user: dict[int, Viewer] = {}
    for entry in entries.values():
        viewer = Viewer(entry["user_id"], entry["full_name"], entry["email"], entry["since"])
        if viewer.user_id not in by_user or viewer.since < by_user[viewer.user_id].since:
            by_user[viewer.user_id] = viewer
    return sorted(by_user.values(), key=lambda v: (v.since, v.user_id))


def join(record_type: str, record_id: str, connection_name: str, user: Any) -> tuple[list[Viewer], bool]:
    """Add or refresh this connection's entry; the viewers, and whether anyone came or went."""
    key = _key(record_type, record_id)
    stored: dict[str, dict[str, Any]] = cache.get(key) or {}
    entries = _live(stored)
    now = time.time()
    previous = entries.get(connection_name)
    entries[connection_name] = {
        "user_id": user.pk,
        "full_name": user.full_name,
        "email": user.email,
        "since": previous["since"] if previous else now,
        "seen": now,
    }
    cache.set(key, entries, _ttl() * 2)
    changed = previous is None or len(entries) != len(stored)
    return _viewers(entries), changed


def leave(record_type: str, record_id: str, connection_name: str) -> None:
    key = _key(record_type, record_id)
    entries = _live(cache.get(key) or {})
    entries.pop(connection_name, None)
    if entries:
        cache.set(key, entries, _ttl() * 2)
    else:
        cache.delete(key)


def viewers(record_type: str, record_id: str) -> list[Viewer]:
    return _viewers(_live(cache.get(_key(record_type, record_id)) or {}))
