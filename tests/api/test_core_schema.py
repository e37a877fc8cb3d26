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
