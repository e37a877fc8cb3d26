"""The schema served over WebSocket: the tenant schema's types, executed for subscriptions.

Same root types as ``graphql_schema.schema.tenant_schema`` (so every module's
subscriptions are here too), same request limits; events run through
``SharedEventExecutionContext``. No query optimizer: only subscriptions run here.
"""

from graphql_schema.extensions import Schema, request_extensions
from graphql_schema.schema import Mutation, Query, Subscription

from .execution import SharedEventExecutionContext

websocket_schema = Schema(
    query=Query,
    mutation=Mutation,
    subscription=Subscription,
    extensions=request_extensions(),
    execution_context_class=SharedEventExecutionContext,
)
