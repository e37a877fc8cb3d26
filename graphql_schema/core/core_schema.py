"""The graphql-core schema behind a strawberry schema, read in this one place.

Strawberry keeps it in ``Schema._schema`` and offers no public accessor; strawberry's version range is
pinned in ``pyproject.toml`` and ``tests/api/test_core_schema.py`` is the contract test.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLSchema


def core_schema(schema: Any) -> GraphQLSchema:
    """The ``GraphQLSchema`` a strawberry ``Schema`` executes (validation rules, input checks, planning)."""
    found = schema._schema  # noqa: SLF001
    assert isinstance(found, GraphQLSchema)
    return found
