"""What the fast paths (plans, PostgreSQL-built pages) accept of a selection, said once for both."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TypeGuard

from graphql import GraphQLField, GraphQLObjectType, TypeNameMetaFieldDef
from graphql.execution.collect_fields import FieldDetailsList
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField
from strawberry_django.fields.field import StrawberryDjangoField

from .nodes import ColumnField

if TYPE_CHECKING:
    from graphql.execution.executor import Executor

_DJANGO_GETTERS = (StrawberryDjangoField.get_result, ColumnField.get_result)


class Fallback(Exception):
    """This selection (or object) takes graphql-core's normal path."""


def selected_fields(
    executor: Executor[Any], parent: GraphQLObjectType, details: FieldDetailsList, arguments: bool = False
) -> Iterator[tuple[str, GraphQLField | None, FieldDetailsList]]:
    """Each response key of the merged selection with its field (None: ``__typename``).

    Raises ``Fallback`` for ``@defer``, directives other than ``@skip`` / ``@include``, and arguments
    unless the caller reads them (``arguments=True``: it must then look at each field's arguments).
    """
    grouped, defer_usages, _ = executor.collect_subfields(parent, details)
    if defer_usages:
        raise Fallback
    for response_name, field_details in grouped.items():
        node = field_details[0].node
        if node.arguments and not arguments:
            raise Fallback
        if any(d.name.value not in ("skip", "include") for d in node.directives or ()):
            raise Fallback
        if node.name.value == "__typename":
            yield response_name, None, field_details
            continue
        field_def = parent.fields.get(node.name.value)
        if field_def is None or field_def is TypeNameMetaFieldDef:
            raise Fallback
        yield response_name, field_def, field_details


def plain_field(field_def: GraphQLField) -> StrawberryField:
    """The strawberry field behind ``field_def``, when it takes no arguments and no permission classes."""
    field: Any = field_def.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if not isinstance(field, StrawberryField) or field.arguments or field.permission_classes:
        raise Fallback
    return field


def reads_the_model(field: StrawberryField) -> TypeGuard[StrawberryDjangoField]:
    """Whether the field's value is the model attribute of its name (strawberry-django's own getter)."""
    return isinstance(field, StrawberryDjangoField) and type(field).get_result in _DJANGO_GETTERS
