"""Descriptions the API's conventions imply, filled in where a module wrote none.

Every mutation's ``input`` argument, its input and payload types and the payload's ``errors``; a
node's ``id``; a list's ``filter`` / ``orderBy`` / ``search`` arguments, the ``AND`` / ``OR`` /
``NOT`` / ``DISTINCT`` of filter types and each field of a filter or order type (a condition on, or
an ordering by, the record's field of that name), and a field of ``CreateXInput`` / ``UpdateXInput`` (what
``X``'s field of that name says) mean the same everywhere, so they are described once here
(the API reference and introspection show them). A description a module wrote is never replaced.
Run on the graphql-core schema when a ``Schema`` is built (``graphql_schema.extensions.Schema``).
"""

from __future__ import annotations

import re
from collections import defaultdict

from graphql import (
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    get_named_type,
)

LIST_ARGUMENTS = {
    "filter": "Only the records matching these conditions (per field `eq`, `in`, `contains`, `gte`, `lte`, `isNull`).",
    "orderBy": "The order of the list: one field per item, the first deciding; ties are broken by id.",
    "search": "Full-text search: every word must match the start of a word of the record's visible text.",
    "first": "Return at most this many items from the start (after `after`): 0 to 100, 20 by default.",
    "last": "Return at most this many items from the end (before `before`): 0 to 100.",
    "after": "A cursor from this list: the items after it.",
    "before": "A cursor from this list: the items before it.",
    "ids": "Global ids, at most 100; the answer keeps their order.",
    "id": "A global id.",
}
FILTER_FIELDS = {
    "AND": "All of these conditions too.",
    "OR": "Either these conditions or this filter's others.",
    "NOT": "Records not matching these conditions.",
    "DISTINCT": "Each record once, even when several related rows match.",
}


# Types the schema gets from strawberry-django rather than from a module.
LIBRARY_TYPES = {
    "Ordering": "A direction for one field of an `orderBy:` item; NULLS_FIRST / NULLS_LAST place empty values.",
}


def describe_conventions(schema: GraphQLSchema) -> None:
    """Fill in the conventional descriptions the schema's types and fields lack (see the module docstring)."""
    answers, inputs = _mutation_types(schema)
    for type_name, named in schema.type_map.items():
        if type_name.startswith("__"):
            continue
        if type_name in LIBRARY_TYPES and not named.description:
            named.description = LIBRARY_TYPES[type_name]
        if isinstance(named, GraphQLObjectType) and type_name in answers and type_name.endswith("Payload"):
            _describe_payload(named, answers[type_name])
        if isinstance(named, GraphQLInputObjectType):
            _describe_input(named, inputs.get(type_name))
            _describe_like_the_record(schema, named)
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
            _describe_fields(named)


def _mutation_types(schema: GraphQLSchema) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Payload type name -> mutations answering it; input type name -> mutations taking it (``input`` described)."""
    answers: dict[str, list[str]] = defaultdict(list)
    inputs: dict[str, list[str]] = defaultdict(list)
    if schema.mutation_type is None:
        return answers, inputs
    for name, field in schema.mutation_type.fields.items():
        answers[get_named_type(field.type).name].append(name)
        argument = field.args.get("input")
        if argument is not None:
            inputs[get_named_type(argument.type).name].append(name)
            if not argument.description:
                argument.description = f"What `{name}` needs; see the input type."
    return answers, inputs


def _describe_payload(named: GraphQLObjectType, mutations: list[str]) -> None:
    if not named.description:
        named.description = f"The answer of {_names(mutations)}: the result, or `errors` saying why nothing changed."
    errors = named.fields.get("errors")
    if errors is not None and not errors.description:
        errors.description = "Expected failures (validation, permission, limits); empty on success."


def _describe_input(named: GraphQLInputObjectType, mutations: list[str] | None) -> None:
    name = named.name
    if not named.description:
        if mutations:
            named.description = f"The input of {_names(mutations)}."
        elif name.endswith("Filter"):
            named.description = f"Conditions on {name.removesuffix('Filter')} records, for a list's `filter:`."
        elif name.endswith("Order"):
            named.description = f"One ordering of {name.removesuffix('Order')} lists: set one field to ASC or DESC."
    for field_name, input_field in named.fields.items():
        if input_field.description:
            continue
        if field_name in FILTER_FIELDS and name.endswith("Filter"):
            input_field.description = FILTER_FIELDS[field_name]
        elif name.endswith("Filter") and not mutations:
            input_field.description = f"Conditions on the record's `{field_name}`."
        elif name.endswith("Order") and not mutations:
            input_field.description = f"Sort by the record's `{field_name}` (ASC or DESC)."
        elif field_name == "id" and mutations:
            input_field.description = "The global id of the record to act on."


def _describe_like_the_record(schema: GraphQLSchema, named: GraphQLInputObjectType) -> None:
    """``CreateXInput`` / ``UpdateXInput``: a field the module left blank means what ``X``'s field of that name
    means (``companyId``: ``X.company``; ``tagIds``: ``X.tags``), so it takes that description."""
    match = re.fullmatch(r"(?:Create|Update)(\w+)Input", named.name)
    record = schema.type_map.get(match.group(1)) if match else None
    if not isinstance(record, GraphQLObjectType):
        return
    for field_name, input_field in named.fields.items():
        if input_field.description or field_name == "id":
            continue
        for candidate in (field_name, field_name.removesuffix("Id"), field_name.removesuffix("Ids") + "s"):
            found = record.fields.get(candidate)
            if found is not None and found.description:
                input_field.description = found.description
                break


def _describe_fields(named: GraphQLObjectType | GraphQLInterfaceType) -> None:
    for field_name, field in named.fields.items():
        if field_name == "id" and not field.description:
            field.description = "The global id: unique across types and workspaces; `node(id:)` finds it."
        for arg_name, argument in field.args.items():
            if not argument.description and arg_name in LIST_ARGUMENTS:
                argument.description = LIST_ARGUMENTS[arg_name]


def _names(fields: list[str]) -> str:
    return ", ".join(f"`{name}`" for name in sorted(fields))
