"""One record by id (``node(id:)``) whose JSON PostgreSQL writes, its first pages of nested lists included.

Why it exists: the web client's record page (``CustomerContact``: the contact, its company, owner and
tags, its timeline and its history) took about twenty milliseconds on the normal path, nearly all of
it Python: the optimizer working out its prefetches, Django compiling nine queries and turning their
rows into instances, graphql-core completing them. PostgreSQL writes the same JSON in well under a
millisecond (bench/bench_client.py).

``sql_record`` builds on sqlpages.py: the record is a page of one row (``p``) and its selection is
compiled by the same ``TemplateCompiler``, which here also reads the record's nested connections
(``interactions(first: 50, orderBy: …) { edges { node { … } } }``) as correlated subqueries. Their
rows are the normal path's own querysets, made at request time: the field's ``get_queryset`` with
its ``filter:`` / ``orderBy:`` (scope, hidden-field refusal and ordering included) for a relation,
or what a connection field declares with ``in_sql(RowsOf(...))`` (``history``); sliced as the
connection's ``first:`` slices it. Computed values whose SQL is exact only for some rows (a full
name, an enum) write a sentinel elsewhere (``"\\u0000"``, which no PostgreSQL text can hold), and a
record holding one is answered by the normal path, as is any selection this does not know (another
resolver, a cursor, ``pageInfo``, ``totalCount``, ``after:`` / ``last:``, a field the member's role
hides). The SQL of a selection is compiled once per query text; scopes and rows every time.
tests/api/test_sql_records.py compares the answers both ways, member by member.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from django.db import connections, models
from django.db.models import ForeignObjectRel
from graphql import (
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    OperationType,
)
from graphql.execution.collect_fields import FieldDetails
from graphql.execution.values import VariableValues, get_argument_values
from strawberry.schema.schema_converter import GraphQLCoreConverter, get_arguments
from strawberry.types import Info
from strawberry.types.nodes import get_variable_values
from strawberry_django.fields.field import StrawberryDjangoConnectionExtension, StrawberryDjangoField
from strawberry_django.optimizer import DjangoOptimizerExtension
from strawberry_django.queryset import run_type_get_queryset
from strawberry_django.relay import resolve_model_nodes
from strawberry_django.utils.typing import get_django_definition

from saas.access import policy
from saas.fastpaths import fell_back
from tenants.postgresql_backend import prepared

from . import keyset, sqlpages
from .lists import NestedListField
from .selections import Fallback, selected_fields
from .sqlpages import (
    IN_SQL,
    BuiltNode,
    Check,
    Relation,
    TemplateCompiler,
    _all,
    _at,
    _executor_of,
    _hole,
    _literal,
    _scope,
)

# Written where a value's SQL is not exact for the row; ``"\u0000"`` (a NUL) is no text PostgreSQL can hold.
SENTINEL = '"\\u0000"'


@dataclass(frozen=True)
class RowsOf:
    """A connection field's rows for one record, as its resolver would list them (before the page's slice).

    ``rows(info, model, pk)`` gives the queryset (ordered); e.g. ``history``:
    ``strawberry_django.connection(..., metadata=in_sql(RowsOf(history_rows)))``.
    """

    rows: Callable[[Info, type[models.Model], Any], models.QuerySet[Any]]


@dataclass(frozen=True)
class NestedRows:
    """A hole of the template: the ``FROM`` subquery of a nested connection's rows (``alias``)."""

    alias: str
    field: StrawberryDjangoField
    field_def: GraphQLField
    parent_type: GraphQLObjectType
    details: Any  # the connection field's FieldDetailsList (its nodes carry the arguments)
    columns: tuple[str, ...]  # what the node selection reads of the rows
    related_key: str | None  # the relation's field on the rows' model; None: ``declared`` lists the rows
    declared: RowsOf | None
    node_origin: Any  # the node's strawberry type
    node_model: type[models.Model]


@dataclass(frozen=True)
class RequestValue:
    """A hole of the template: a ``SqlValue``'s value of the request, as a jsonb parameter."""

    alias: str
    value: sqlpages.SqlValue


@dataclass(frozen=True)
class RecordTemplate:
    model: type[models.Model]
    parts: tuple[str, ...]
    holes: tuple[Relation | NestedRows | RequestValue, ...]
    rule_fields: tuple[tuple[type[models.Model], str], ...]
    columns: tuple[str, ...]  # what the record's selection reads of its row
    predicate: str
    check: Check | None


_templates: dict[Hashable, RecordTemplate | None] = {}
NOT_BUILT = object()  # what ``sql_record`` returns when the normal path must answer


class RecordCompiler(TemplateCompiler):
    """``TemplateCompiler`` for one record: nested connections of the record, and inexact values as sentinels."""

    reads_arguments = True
    joins_relations = False  # one row: nothing to share between rows

    def __init__(self, executor: Any) -> None:
        super().__init__(executor)
        self.holes: list[Any] = self.relations  # one numbering for every hole (``_hole`` reads the alias)

    def record(self, gql_type: GraphQLObjectType, details: Any) -> RecordTemplate:
        # the page compiler's template; its relations are every hole here (``self.holes`` is that list)
        page = self.compile(gql_type, details)
        return RecordTemplate(
            page.model, page.parts, page.relations, page.rule_fields, page.page_columns, page.predicate, page.check
        )

    def field(
        self,
        gql_type: GraphQLObjectType,
        definition: Any,
        model: type[models.Model],
        field_def: Any,
        details: Any,
        alias: str,
    ) -> tuple[str, Check | None]:
        field = field_def.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
        if isinstance(field, StrawberryDjangoField) and field.is_connection:
            return self.connection(gql_type, model, field, field_def, details, alias)
        if details[0].node.arguments:
            raise Fallback
        return super().field(gql_type, definition, model, field_def, details, alias)

    def exactly(self, json_sql: str, exact_when: str, alias: str) -> str:
        if alias == "p":
            return super().exactly(json_sql, exact_when, alias)
        return f"CASE WHEN COALESCE({exact_when}, false) THEN {json_sql} ELSE {_literal(SENTINEL)} END"

    def request_value(self, value: sqlpages.SqlValue) -> str:
        hole = RequestValue(f"h{len(self.holes)}", value)
        self.holes.append(hole)
        return _hole(hole)  # type: ignore[arg-type]

    def connection(
        self,
        parent_type: GraphQLObjectType,
        model: type[models.Model],
        field: StrawberryDjangoField,
        field_def: GraphQLField,
        details: Any,
        alias: str,
    ) -> tuple[str, Check | None]:
        """``{"edges":[{"node":{…}},…]}`` of a connection of the record (only ``edges { node }`` and typenames)."""
        if alias != "p" or field.permission_classes:
            raise Fallback  # connections of nested rows would need their parents' keys at request time
        if any(not isinstance(e, StrawberryDjangoConnectionExtension) for e in field.extensions):
            raise Fallback
        declared = field.metadata.get(IN_SQL) if field.metadata else None
        related_key = None
        if not isinstance(declared, RowsOf):
            if not _lists_the_relation(field) or declared is not None:
                raise Fallback
            relation = model._meta.get_field(field.django_name or field.python_name)
            if not isinstance(relation, ForeignObjectRel) or relation.many_to_many or relation.multiple is False:
                raise Fallback  # reverse foreign keys only (``contact.interactions``)
            related_key = relation.field.name
            declared = None
        connection_type = _named(field_def.type)
        edges_key, edges, connection_keys = self.only_field(connection_type, details, "edges")
        edge_type = _named(connection_type.fields["edges"].type)
        node_key, node_details, edge_keys = self.only_field(edge_type, edges, "node")
        node_type = _named(edge_type.fields["node"].type)
        node_origin = getattr(node_type.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF), "origin", None)
        node_model = getattr(get_django_definition(node_origin), "model", None) if node_origin else None
        if node_model is None:
            raise Fallback
        rows_alias = f"n{len(self.holes)}"
        hole_index = len(self.holes)
        self.holes.append(None)  # its place; filled in below, once the node's columns are known
        row_model, node_sql, checks = self.node(node_type, node_details, rows_alias)
        if row_model is not node_model or (
            related_key is not None and row_model._meta.get_field(related_key).related_model is not model
        ):
            raise Fallback
        columns = set(re.findall(rf'(?<![\w"]){rows_alias}\."([^"]+)"', node_sql))
        hole = NestedRows(
            rows_alias, field, field_def, parent_type, details, tuple(sorted(columns)) or ("pk",),
            related_key, declared, node_origin, node_model,
        )  # fmt: skip
        self.holes[hole_index] = hole
        edge = _object(edge_keys, node_sql)
        edges_sql = (
            f"COALESCE((SELECT '[' || string_agg({edge}, ',') || ']'"
            f" FROM ({_hole(hole)}) AS {rows_alias}), '[]')"  # type: ignore[arg-type]
        )
        check = None
        if checks:
            node_check = _all(checks)
            check = _at(edges_key, lambda rows: all(node_check(row[node_key]) for row in rows))
        return _object(connection_keys, edges_sql), check

    def only_field(self, parent: GraphQLObjectType, details: Any, name: str) -> tuple[str, Any, list[Any]]:
        """The one response key selecting ``name``, its details, and every key in order (``__typename``
        as its SQL, ``name``'s as None)."""
        found = None
        keys: list[tuple[str, str | None]] = []
        for response_name, field_def, field_details in selected_fields(self.executor, parent, details):
            if field_def is None:
                keys.append((response_name, _literal(json.dumps(parent.name))))
            elif field_details[0].node.name.value == name and found is None and not field_details[0].node.arguments:
                found = (response_name, field_details)
                keys.append((response_name, None))
            else:
                raise Fallback  # a cursor, page info, a total, the same field twice
        if found is None:
            raise Fallback
        return found[0], found[1], keys


def _lists_the_relation(field: StrawberryDjangoField) -> bool:
    """A connection field without a resolver of its own (strawberry-django's default one lists the relation)."""
    resolver = field.base_resolver
    func = getattr(resolver, "wrapped_func", None)
    return resolver is None or (
        getattr(func, "__qualname__", "") == "StrawberryDjangoConnectionExtension.apply.<locals>.default_resolver"
    )


def _object(keys: list[tuple[str, str | None]], value: str) -> str:
    """A JSON object's SQL from its keys in order, each with its SQL (None: ``value``), compact as the
    response encoder writes it."""
    pieces: list[str] = []
    for key, sql in keys:
        pieces += [_literal(f"{',' if pieces else '{'}{json.dumps(key)}:"), value if sql is None else sql]
    return f"({' || '.join([*pieces, _literal('}')])})"


def _named(type_: GraphQLOutputType) -> GraphQLObjectType:
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        type_ = type_.of_type
    if not isinstance(type_, GraphQLObjectType):
        raise Fallback
    return type_


def sql_record(info: Any, node_type: Any, type_name: str, pk: Any) -> Any:
    """The record ``pk`` of ``node_type`` (GraphQL type ``type_name``) as PostgreSQL built it (a ``BuiltNode``),
    None when the member may not read it or it does not exist, or ``NOT_BUILT`` when the normal path must answer."""
    raw: GraphQLResolveInfo = getattr(info, "_raw_info", info)
    if not sqlpages.enabled() or raw.path.prev is not None or raw.operation.operation != OperationType.QUERY:
        return NOT_BUILT
    if getattr(getattr(node_type.resolve_nodes, "__func__", None), "__wrapped__", None) is not resolve_model_nodes:
        return NOT_BUILT  # a type that finds its nodes its own way
    executor = _executor_of(raw.context)
    if executor is None or not executor._plannable:
        return NOT_BUILT
    gql_type = raw.schema.get_type(type_name)
    if not isinstance(gql_type, GraphQLObjectType):
        return NOT_BUILT
    template = _template(executor, raw, gql_type)
    if template is None:
        fell_back("sqlrecords", "selection")
        return NOT_BUILT
    membership = getattr(getattr(raw.context, "request", None), "membership", None)
    if any(policy.field_rule(membership, model, name) == "hidden" for model, name in template.rule_fields):
        fell_back("sqlrecords", "hidden field")
        return NOT_BUILT  # the normal path answers those fields null, with a FORBIDDEN error
    origin = gql_type.extensions[GraphQLCoreConverter.DEFINITION_BACKREF].origin
    # as strawberry-django's resolve_model_nodes: the default manager, the type's scope, the id
    queryset = run_type_get_queryset(template.model._default_manager.all(), origin, info)
    queryset = queryset.filter(**{origin.resolve_id_attr(): pk})
    try:
        holes = [_hole_sql(hole, raw, template.model, pk) for hole in template.holes]
        # EmptyResultSet when the type's scope is ``none()`` for this member (settings types for non-admins)
        record_sql, record_params = queryset.values(*template.columns).query.get_compiler(using=queryset.db).as_sql()
    except Exception:  # a refused filter, a bad ordering, an empty scope: the normal path answers
        fell_back("sqlrecords", "rows")
        return NOT_BUILT
    sql, params = [template.parts[0]], list[Any]()
    for (hole_sql, hole_params), part in zip(holes, template.parts[1:], strict=True):
        sql.append(hole_sql)
        sql.append(part)
        params += hole_params
    with connections[queryset.db].cursor() as cursor:
        prepared.execute(
            cursor, f"SELECT {''.join(sql)}, {template.predicate} FROM ({record_sql}) AS p", (*params, *record_params)
        )
        row = cursor.fetchone()
    if row is None:
        return None
    text, exact = row
    if not exact or SENTINEL in text:
        fell_back("sqlrecords", "row check")
        return NOT_BUILT
    data = json.loads(text)  # jsonb values decode as Django's JSONField decodes them
    if template.check is not None and not template.check(data):
        fell_back("sqlrecords", "row check")
        return NOT_BUILT
    return BuiltNode(data)


def _template(executor: Any, raw: GraphQLResolveInfo, gql_type: GraphQLObjectType) -> RecordTemplate | None:
    details = [FieldDetails(node, None) for node in raw.field_nodes]
    # as a page's, and the record's type too (node(id:) answers any type)
    return sqlpages.remembered(
        _templates, executor, raw, (gql_type.name,), lambda: RecordCompiler(executor).record(gql_type, details)
    )


def _hole_sql(hole: Any, raw: GraphQLResolveInfo, model: type[models.Model], pk: Any) -> tuple[str, tuple[Any, ...]]:
    if isinstance(hole, Relation):
        return _scope(hole, raw)
    if isinstance(hole, RequestValue):
        assert hole.value.request_value is not None
        return "%s::jsonb", (json.dumps(hole.value.request_value(raw)),)
    return _rows_sql(hole, raw, model, pk)


def _rows_sql(hole: NestedRows, raw: GraphQLResolveInfo, model: type[models.Model], pk: Any) -> tuple[str, Any]:
    """The rows of one page of a nested connection of record ``pk``, as the optimizer's prefetch selects them."""
    field, field_node = hole.field, hole.details[0].node
    field_info = raw._replace(
        field_name=field_node.name.value,
        field_nodes=[d.node for d in hole.details],
        return_type=hole.field_def.type,
        parent_type=hole.parent_type,
        path=raw.path.add_key(field_node.name.value, hole.parent_type.name),
    )
    strawberry_info = Info(_raw_info=field_info, _field=field)
    schema: Any = raw.schema._strawberry_schema  # type: ignore[attr-defined]
    _, kwargs = get_arguments(
        field=field,
        source=None,
        info=strawberry_info,
        kwargs=get_argument_values(
            hole.field_def, field_node, VariableValues(sources={}, coerced=get_variable_values(raw))
        ),
        config=schema.config,
        scalar_registry=schema.schema_converter.scalar_registry,
    )
    kwargs.pop("info", None)
    if any(kwargs.get(name) is not None for name in ("after", "before", "last")):
        raise Fallback  # pages after a cursor or from the end: the normal path
    extension = next(e for e in field.extensions if isinstance(e, StrawberryDjangoConnectionExtension))
    limit = extension.max_results if kwargs.get("first") is None else kwargs["first"]
    if limit is None or limit < 0 or (extension.max_results is not None and limit > extension.max_results):
        raise Fallback
    if hole.declared is not None:
        rows = hole.declared.rows(strawberry_info, model, pk)
    else:
        rows = run_type_get_queryset(hole.node_model._base_manager.all(), hole.node_origin, strawberry_info)
        with DjangoOptimizerExtension.disabled():
            if isinstance(field, NestedListField):  # one parent: its rows in the prefetch's order, no windows
                rows = keyset.one_parent_rows(field.get_queryset(rows, strawberry_info, **kwargs))
            else:
                related = {"_strawberry_related_field_id": hole.related_key}
                rows = field.get_queryset(rows, strawberry_info, **related, **kwargs)
        rows = rows.filter(**{str(hole.related_key): pk})
    rows = rows.values(*hole.columns)[:limit]
    sql, params = rows.query.get_compiler(using=rows.db).as_sql()
    return sql, tuple(params)
