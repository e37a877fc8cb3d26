"""A record event's changed values in the API's names and shapes, as a query would return them.

Services emit ``{model field: new value}`` (``saas.kernel.services.written``), JSON-friendly, and the
realtime gate removes what the subscriber's role hides, by field name. Here each value becomes what
the record's GraphQL type answers for that field: camelCase names, enums by name (blank is null),
related records and users by global id, money as ``{amount, currency}``, nested objects with
camelCase keys, times in ISO 8601. A model field the type does not expose is left out; a name the
record type does not know at all (a payload a module made itself) keeps its value, camelCased.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
)
from strawberry.relay import to_base64

from graphql_schema.core.core_schema import core_schema
from saas.access.registry import RECORD_TYPES
from saas.kernel.money import money_columns


def camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


def snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


@cache
def _record_object(record_type: str) -> GraphQLObjectType | None:
    from graphql_schema.schema import tenant_schema  # the schema imports the subscriptions that use this

    found = core_schema(tenant_schema).get_type(record_type)
    return found if isinstance(found, GraphQLObjectType) else None


def _unwrap(type_: GraphQLOutputType) -> GraphQLOutputType:
    return type_.of_type if isinstance(type_, GraphQLNonNull) else type_


def _is_node(type_: Any) -> bool:
    return isinstance(type_, GraphQLObjectType) and any(i.name == "Node" for i in type_.interfaces)


def _camel_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {camel(str(k)): _camel_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_camel_keys(v) for v in value]
    return value


def _value(type_: GraphQLOutputType, value: Any) -> Any:
    """``value`` (as stored, JSON-friendly) as a field of ``type_`` answers it."""
    type_ = _unwrap(type_)
    if value is None:
        return None
    if isinstance(type_, GraphQLList):
        return [_value(type_.of_type, v) for v in value] if isinstance(value, list) else value
    if isinstance(type_, GraphQLEnumType):
        if value == "":
            return None
        for name, enum_value in type_.values.items():
            if str(getattr(enum_value.value, "value", enum_value.value)) == str(value):
                return name
        return value
    if _is_node(type_):
        return to_base64(type_.name, value)  # type: ignore[union-attr]
    if isinstance(type_, GraphQLScalarType):
        if type_.name == "DateTime" and isinstance(value, str):
            try:
                return datetime.fromisoformat(value).isoformat()
            except ValueError:
                return value
        return value  # JSON values included: stored as the client gave them
    return _camel_keys(value)  # an object type of its own (an address): its fields are camelCase


def graphql_change(record_type: str, fields: list[str], payload: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
    """The event's changed field names and values as the record's GraphQL type names and shapes them."""
    graphql_type = _record_object(record_type)
    if graphql_type is None:
        return [camel(f) for f in fields], {camel(k): v for k, v in payload.items()}
    registered = RECORD_TYPES.get(record_type)
    money = money_columns(registered.model) if registered is not None else {}
    currency_of = {currency: amount for amount, currency in money.items()}
    exposed = graphql_type.fields

    columns = {f.name for f in registered.model._meta.get_fields()} if registered is not None else set()

    def name_of(field: str) -> str | None:
        field = currency_of.get(field, field)  # a currency shows as its amount's money value
        if camel(field) in exposed:
            return camel(field)
        if field in exposed:  # already a GraphQL name
            return field
        if field in columns or snake(field) in columns:
            return None  # a column the API does not show
        return camel(field)

    values: dict[str, Any] = {}
    for field, value in payload.items():
        name = name_of(field)
        if name is None or name in values:
            continue
        amount = currency_of.get(field, field)
        if amount in money:
            if amount not in payload:  # the amount is hidden from this subscriber: so is the money value
                continue
            new = payload[amount]
            values[name] = None if new is None else {"amount": new, "currency": payload.get(money[amount])}
        elif name in exposed:
            values[name] = _value(exposed[name].type, value)
        else:
            values[name] = value
    names = sorted({n for n in map(name_of, fields) if n is not None and (n in values or n not in exposed)})
    return names, values
