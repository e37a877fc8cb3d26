"""The two root schemas. The tenant schema is assembled from the module list (graphql_schema.modules)."""

from __future__ import annotations

from .core.plans import PlannedExecutor
from .core.prefetch import CrmOptimizer
from .extensions import Schema, request_extensions
from .modules import MODULES
from .platform.public import PublicMutation, PublicQuery
from .registry import RootTypes, root_types


def build_tenant_schema(roots: RootTypes) -> Schema:
    """The HTTP schema of a tenant host over these root types (the WebSocket one shares them)."""
    return Schema(
        query=roots.query,
        mutation=roots.mutation,
        subscription=roots.subscription,
        extensions=[CrmOptimizer, *request_extensions(), *roots.extensions],
        execution_context_class=PlannedExecutor,  # list pages without a resolver call per field
    )


ROOTS = root_types(MODULES)
Query, Mutation, Subscription = ROOTS.query, ROOTS.mutation, ROOTS.subscription

tenant_schema = build_tenant_schema(ROOTS)

public_schema = Schema(query=PublicQuery, mutation=PublicMutation, extensions=request_extensions())
