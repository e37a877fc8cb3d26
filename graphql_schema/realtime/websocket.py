"""The schema served over WebSocket: the tenant schema's types, executed for subscriptions.

Same root types as ``graphql_schema.schema.tenant_schema`` (both assembled from the module list,
so every module's subscriptions are here too), same request limits; events run through
``SharedEventExecutionContext``. No query optimizer: only subscriptions run here (queries and
mutations over the socket go through the HTTP tenant schema: ``realtime.operations``).
"""

from graphql_schema.extensions import Schema, request_extensions
from graphql_schema.registry import RootTypes
from graphql_schema.schema import ROOTS

from .execution import SharedEventExecutionContext


def build_websocket_schema(roots: RootTypes) -> Schema:
    return Schema(
        query=roots.query,
        mutation=roots.mutation,
        subscription=roots.subscription,
        extensions=request_extensions(),
        execution_context_class=SharedEventExecutionContext,
    )


websocket_schema = build_websocket_schema(ROOTS)
