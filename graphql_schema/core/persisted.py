"""Persisted queries, Apollo style: ``extensions.persistedQuery.sha256Hash``.

A client first sends the hash alone; on ``PERSISTED_QUERY_NOT_FOUND`` it sends
the query with the hash, which is checked and stored in the cache; from then on
the hash alone is enough. Mobile clients save bandwidth, and the server's cache
holds only queries whose hash matches their text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from django.core.cache import cache
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

CACHE_SECONDS = 7 * 24 * 3600
MAX_QUERY_LENGTH = 20_000


def cache_key(sha256: str) -> str:
    return f"graphql:persisted:{sha256}"


def sha256_of(query: str) -> str:
    return hashlib.sha256(query.encode()).hexdigest()


class PersistedQueryNotFound(GraphQLError):
    def __init__(self) -> None:
        super().__init__("PersistedQueryNotFound", extensions={"code": "PERSISTED_QUERY_NOT_FOUND"})


class PersistedQueryMismatch(GraphQLError):
    def __init__(self) -> None:
        super().__init__(
            "provided sha256Hash does not match the query", extensions={"code": "PERSISTED_QUERY_HASH_MISMATCH"}
        )


def persisted_hash(operation_extensions: dict[str, Any] | None) -> str | None:
    persisted = (operation_extensions or {}).get("persistedQuery")
    if not isinstance(persisted, dict):
        return None
    value = persisted.get("sha256Hash")
    return value.lower() if isinstance(value, str) else None


class PersistedQueries(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        sha256 = persisted_hash(context.operation_extensions)
        if sha256 is not None:
            if context.query:
                if sha256_of(context.query) != sha256:
                    raise PersistedQueryMismatch()
                if len(context.query) <= MAX_QUERY_LENGTH:
                    cache.set(cache_key(sha256), context.query, CACHE_SECONDS)
            else:
                query = cache.get(cache_key(sha256))
                if query is None:
                    raise PersistedQueryNotFound()
                context.query = query
        yield
