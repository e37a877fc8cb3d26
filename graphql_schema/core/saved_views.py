"""Saved views on the API side: the record-type enum and the check of a view's filter language.

Which lists have saved views comes from the module registry (``saas.modules.SavedViewType``):
a new module's list gets them by declaring one, with no edit here or in customers.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import strawberry
from graphql import GraphQLError, GraphQLInputObjectType, GraphQLList, GraphQLNonNull
from graphql.utilities import validate_input_value

from saas.errors import ErrorCode, ErrorCollector
from saas.modules import saved_view_types

from .core_schema import core_schema
from .mutations import Create, Update

if TYPE_CHECKING:  # for mypy a plain Enum; its members exist only at run time
    SavedViewRecordType = enum.Enum
else:  # built once the modules are installed (the API is imported after Django's apps are ready)
    SavedViewRecordType = strawberry.enum(
        enum.Enum("SavedViewRecordType", {kind.upper(): kind for kind in saved_view_types()}),
        name="SavedViewRecordType",
        description="The lists that have saved views (one per module list that declares them).",
    )


def view_shape_problems(record_type: str, filter: Any, ordering: Any) -> ErrorCollector:
    """What the list's ``filter:`` / ``orderBy:`` would refuse in a saved view (checked as GraphQL input).

    A view that the list would refuse is refused when it is saved, not when someone opens it.
    """
    from graphql_schema.schema import tenant_schema  # the schema this check reads is built from this module

    errors = ErrorCollector()
    kind = saved_view_types().get(record_type)
    if kind is None:
        return errors
    schema = core_schema(tenant_schema)

    def refuse_in(field: str) -> Any:
        def refuse(error: GraphQLError, path: Any) -> None:
            where = ".".join(map(str, path or ()))
            errors.add(field, f"{where}: {error.message}" if where else error.message, ErrorCode.INVALID)

        return refuse

    if filter is not None:
        filter_type = cast(GraphQLInputObjectType, schema.get_type(kind.filter_input))
        validate_input_value(filter, filter_type, refuse_in("filter"))
    if ordering is not None:
        order_type = GraphQLList(GraphQLNonNull(cast(GraphQLInputObjectType, schema.get_type(kind.order_input))))
        validate_input_value(ordering, order_type, refuse_in("ordering"))
    return errors


@dataclass(frozen=True)
class CreateSavedView(Create):
    """Create, then check the filter language in the same transaction (a refused shape undoes it)."""

    def call(self, membership: Any, input: Any) -> Any:
        view = super().call(membership, input)
        view_shape_problems(view.record_type, view.filter or None, view.ordering or None).raise_if_any()
        return view


@dataclass(frozen=True)
class UpdateSavedView(Update):
    """Update, then check the filter language the same way, against the view's own list."""

    def call(self, membership: Any, input: Any) -> Any:
        data = self.arguments(input)
        view = super().call(membership, input)
        view_shape_problems(view.record_type, data.get("filter"), data.get("ordering")).raise_if_any()
        return view
