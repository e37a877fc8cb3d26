"""What a module adds to the API, and how the root schemas are assembled from the list of modules.

A module's API package declares one ``ApiModule`` (``graphql_schema/<module>/module.py``) naming its
root Query / Mutation / Subscription classes and its domain declaration (``saas.<module>.module``,
which brings record types, permissions, demo data and saved-view types). ``graphql_schema.modules``
lists them; ``build_tenant_schema`` turns the list into the tenant schema and the WebSocket schema.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import strawberry

from saas.modules import MODULES as INSTALLED
from saas.modules import Module


@dataclass(frozen=True)
class ApiModule:
    name: str
    query: type | None = None
    mutation: type | None = None
    subscription: type | None = None
    # The domain half; None for API-only parts (node lookup, the realtime stream).
    domain: Module | None = None
    # Schema extensions every request of the tenant schema goes through (e.g. billing's unpaid gate).
    extensions: tuple[type, ...] = ()


ROOT_DESCRIPTIONS = {
    "Query": "Everything you can read in this workspace; each list is paged (`first`, `after`).",
    "Mutation": "Everything you can change in this workspace; each takes one `input` and answers `errors`.",
    "Subscription": "Live updates over graphql-ws: record changes and who is looking at a record.",
}


def root_type(name: str, parts: Sequence[type]) -> type:
    """One root type whose fields are those of ``parts``, in module order (as if written by hand)."""
    return strawberry.type(type(name, tuple(parts), {}), description=ROOT_DESCRIPTIONS.get(name))


def check_installed(modules: Sequence[ApiModule]) -> None:
    """A module in the API whose app is not in ``INSTALLED_APPS`` would serve types nobody registered."""
    missing = [m.name for m in modules if m.domain is not None and INSTALLED.get(m.domain.name) is not m.domain]
    if missing:
        raise RuntimeError(f"API modules without their app in INSTALLED_APPS: {', '.join(missing)}")


@dataclass(frozen=True)
class RootTypes:
    query: type
    mutation: type
    subscription: type
    extensions: tuple[type, ...] = ()


def root_types(modules: Sequence[ApiModule]) -> RootTypes:
    check_installed(modules)
    return RootTypes(
        query=root_type("Query", [m.query for m in modules if m.query is not None]),
        mutation=root_type("Mutation", [m.mutation for m in modules if m.mutation is not None]),
        subscription=root_type("Subscription", [m.subscription for m in modules if m.subscription is not None]),
        extensions=tuple(e for m in modules for e in m.extensions),
    )
