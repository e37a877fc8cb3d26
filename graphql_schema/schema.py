"""The two root schemas. Each module adds its Query / Mutation / Subscription classes here."""

from __future__ import annotations

import strawberry

from .access.schema import AccessMutation, AccessQuery
from .audit.types import AuditQuery
from .core.nodes import NodeQuery
from .core.plans import PlannedExecutor
from .core.prefetch import CrmOptimizer
from .customers.mutations import CustomersMutation
from .customers.queries import CustomersQuery
from .extensions import Schema, request_extensions
from .platform.public import PublicMutation, PublicQuery
from .platform.tenant import PlatformMutation, PlatformQuery
from .realtime import RealtimeSubscription


@strawberry.type
class Query(NodeQuery, CustomersQuery, AuditQuery, PlatformQuery, AccessQuery):
    pass


@strawberry.type
class Mutation(CustomersMutation, PlatformMutation, AccessMutation):
    pass


@strawberry.type
class Subscription(RealtimeSubscription):
    pass


tenant_schema = Schema(
    query=Query,
    mutation=Mutation,
    subscription=Subscription,
    extensions=[CrmOptimizer, *request_extensions()],
    execution_context_class=PlannedExecutor,  # list pages without a resolver call per field
)

public_schema = Schema(query=PublicQuery, mutation=PublicMutation, extensions=request_extensions())
