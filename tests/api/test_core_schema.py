"""Contract test: strawberry still keeps the graphql-core schema where ``core_schema`` reads it."""

from __future__ import annotations

from graphql import GraphQLSchema

from graphql_schema.core.core_schema import core_schema
from graphql_schema.schema import public_schema, tenant_schema


def test_the_graphql_core_schema_is_the_one_strawberry_executes() -> None:
    for schema in (tenant_schema, public_schema):
        found = core_schema(schema)
        assert isinstance(found, GraphQLSchema)
        assert found.query_type is not None
        # The root query strawberry declares is the one read here, field for field.
        query = schema.get_type_by_name(found.query_type.name)
        names = {schema.config.name_converter.get_graphql_name(f) for f in query.fields}  # type: ignore[union-attr]
        assert set(found.query_type.fields) == names


def test_a_root_resolver_is_called_as_strawberry_calls_it() -> None:
    """What ``resolve_root_field`` (exports) relies on: strawberry builds ``Info(_raw_info=, _field=)`` and
    converts arguments with ``convert_arguments``; a connection's resolver declares its own arguments."""
    import dataclasses
    import inspect

    from strawberry.types.arguments import convert_arguments

    assert {"_raw_info", "_field"} <= {f.name for f in dataclasses.fields(tenant_schema.config.info_class)}
    assert list(inspect.signature(convert_arguments).parameters)[:4] == [
        "value",
        "arguments",
        "scalar_registry",
        "config",
    ]
    assert tenant_schema.schema_converter.scalar_registry
    field = tenant_schema.get_field_for_type("companies", "Query")
    assert field is not None and field.base_resolver is not None
    names = [tenant_schema.config.name_converter.from_argument(a) for a in field.base_resolver.arguments]
    assert names == ["filter", "orderBy", "search"]


def test_a_resolver_reaches_graphql_cores_resolve_info() -> None:
    """What ``resolve_info`` (core/merged.py) relies on: strawberry's ``Info`` keeps graphql-core's info."""
    from typing import Any

    import strawberry
    from graphql import GraphQLResolveInfo

    from graphql_schema.core.core_schema import resolve_info

    seen: list[GraphQLResolveInfo] = []

    @strawberry.type
    class Query:
        @strawberry.field
        def greeting(self, info: strawberry.Info[Any, Any]) -> str:
            seen.append(resolve_info(info))
            return "hello"

    result = strawberry.Schema(query=Query).execute_sync("query Hi { greeting }")
    assert result.errors is None and result.data == {"greeting": "hello"}
    assert seen[0].field_name == "greeting" and seen[0].operation.name is not None
