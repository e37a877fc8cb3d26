"""The unpaid gate: a read-only workspace answers mutations with ``PAYMENT_REQUIRED``; a suspended one, all but billing.

One schema extension, so every mutation type (the base's, hand-written, any module's) is covered
without each one checking. What stays open is what paying needs: billing, who am I, signing in.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import FieldNode, GraphQLError, OperationDefinitionNode
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from saas.billing import plans

OPEN_WHEN_UNPAID = frozenset({"startCheckout", "openBillingPortal", "logIn", "logOut"})
OPEN_WHEN_SUSPENDED = frozenset({"billing", "workspaceStanding", "me", "currentTenant", "__typename"})


def _root_fields(context: Any) -> set[str] | None:
    document = context.graphql_document
    if document is None:
        return None
    name = context.operation_name
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode) and (
            name is None or (definition.name is not None and definition.name.value == name)
        ):
            return {s.name.value for s in definition.selection_set.selections if isinstance(s, FieldNode)}
    return None


class UnpaidGate(SchemaExtension):
    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        tenant = getattr(getattr(context.context, "request", None), "tenant", None)
        if tenant is not None and getattr(tenant, "schema_name", "public") != "public":
            self.check(context, tenant)
        yield

    @staticmethod
    def check(context: Any, tenant: Any) -> None:
        standing = plans.standing(tenant)
        if standing in (plans.Standing.ACTIVE, plans.Standing.GRACE):
            return
        fields = _root_fields(context)
        if fields is None:
            return  # not parsed: validation answers first
        if context.operation_type == OperationType.MUTATION:
            allowed = fields <= OPEN_WHEN_UNPAID
        else:
            allowed = standing == plans.Standing.READ_ONLY or fields <= OPEN_WHEN_SUSPENDED
        if allowed:
            return
        message = (
            "This workspace is read-only until its payment is made; an owner can pay on the billing page."
            if standing == plans.Standing.READ_ONLY
            else plans.SUSPENDED_MESSAGE
        )
        raise GraphQLError(message, extensions={"code": "PAYMENT_REQUIRED", "standing": standing.value})
