"""List pages whose nodes PostgreSQL writes as JSON text, in the page's one query.

Why it exists: with selection plans (core/plans.py) a page of ``contacts(first: 100)`` with
company, owner and tags no longer spends its time in graphql-core, but in Django: one query
per relation, each compiled, its rows turned into model instances and matched to their
contacts by the prefetch machinery, then the whole page encoded to JSON again. That was
several times the time PostgreSQL needs to write the same rows as JSON (bench/bench_client.py).

For a root connection whose node selection holds only what PostgreSQL writes exactly as the
response encoder would (text, booleans, 32-bit integers, ids, arrays of text, datetimes and dates
as ``isoformat()`` writes them, relay ids, ``__typename``, computed fields that declare their SQL
with ``in_sql``, forward foreign keys and many-to-many lists of such nodes), ``sql_page``
skips the optimizer and runs one query: the connection's queryset (filtered, ordered and
sliced as usual) as a ``FROM`` subquery, and for each of its rows the node's compact JSON
text, relations as correlated subqueries scoped by their type's ``get_queryset`` (what the
optimizer's prefetch would apply); a selected ``totalCount`` is counted in the same round trip.
The SQL of a selection is compiled once per query text (``PageTemplate``); the member's scopes
and field rules are applied on every request.

The HTTP view splices that text into the response as it is (``RawJSON``, ``dumps``); other
callers get it decoded. Anything else (another resolver, arguments, JSON, decimals, a field the
member's role hides, ``last:``) leaves the page to the optimizer and plans, and so does a page
where a row fails a check (a non-null field null, a declared value not exact for that row): the
normal path answers, or reports the error. Each fallback is counted (``switches.fell_back``).
tests/api/test_plans.py compares the bytes of each catalogued query three ways.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import AbstractContextManager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.postgres.fields import ArrayField
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, models
from django.db.models.fields.related_descriptors import ForwardManyToOneDescriptor, ManyToManyDescriptor
from django.db.models.query import BaseIterable
from django.db.models.query_utils import DeferredAttribute
from graphql import (
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLID,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLScalarType,
    GraphQLString,
    OperationType,
)
from graphql.execution.collect_fields import FieldDetails
from strawberry import relay
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.base import StrawberryObjectDefinition
from strawberry_django.queryset import run_type_get_queryset
from strawberry_django.utils.typing import get_django_definition

from graphql_schema.permissions import FieldRuleExtension
from saas.access import policy
from saas.fastpaths import fell_back, switched_off
from tenants.postgresql_backend import prepared

from . import keyset
from .keyset import PageRequest
from .selections import Fallback, plain_field, reads_the_model, selected_fields

if TYPE_CHECKING:
    from .plans import PlannedExecutor

Check = Callable[[Any], bool]  # a node's JSON value -> whether the normal path would accept it

_enabled: ContextVar[bool] = ContextVar("graphql_sql_pages_enabled", default=True)

IN_SQL = "graphql_schema.core.sqlpages.in_sql"  # the field metadata key of a declared SQL value
REQUEST_VALUE = "request value"  # see ``SqlValue.request_value``
_NODE_ID_RESOLVER = relay.Node.__dict__["_id"].__func__  # the classmethod behind ``id``


class SqlValue:
    """What a computed field's value is in SQL, so that a page reading it can still be built by PostgreSQL.

    ``json_sql`` gets the SQL of ``columns`` (model field names) and the field's GraphQL type; it returns
    the value's JSON text as the response encoder would write it, and a condition under which that text
    is exact (rows failing it send the page to the normal path), or None when it always is.
    """

    columns: tuple[str, ...] = ()
    # A value of the request (e.g. the member's hidden fields) the SQL reads as ``columns[REQUEST_VALUE]``
    # (a jsonb parameter): ``request_value(info)`` gives it. Only single records read such values.
    request_value: Callable[[Any], Any] | None = None

    def json_sql(self, columns: dict[str, str], leaf: GraphQLOutputType, required: bool) -> tuple[str, str | None]:
        raise NotImplementedError


# str.strip() drops these; PostgreSQL's btrim is told only the space (a name edged by any of them falls back).
_PYTHON_WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace() and c != "\x00")


@dataclass(frozen=True)
class JoinedText(SqlValue):
    """``f"{a} {b}".strip()`` of text columns, e.g. a full name of first and last name."""

    columns: tuple[str, ...]

    def json_sql(self, columns: dict[str, str], leaf: GraphQLOutputType, required: bool) -> tuple[str, str | None]:
        if leaf is not GraphQLString:
            raise Fallback
        parts = [columns[name] for name in self.columns]
        edges = _literal(f"^[{_PYTHON_WHITESPACE}]|[{_PYTHON_WHITESPACE}]$")
        exact = " AND ".join(f"{part} !~ {edges}" for part in parts)
        joined = " || ' ' || ".join(parts)
        return _json_text(f"btrim({joined}, ' ')"), exact


@dataclass(frozen=True)
class ChoiceName(SqlValue):
    """A choice column as its GraphQL enum: ``Enum(value)``, and null for a blank one when ``blank_is_null``."""

    column: str
    blank_is_null: bool = True

    @property
    def columns(self) -> tuple[str, ...]:  # type: ignore[override]
        return (self.column,)

    def json_sql(self, columns: dict[str, str], leaf: GraphQLOutputType, required: bool) -> tuple[str, str | None]:
        if not isinstance(leaf, GraphQLEnumType) or (required and self.blank_is_null):
            raise Fallback
        column = columns[self.column]
        # graphql-core writes an enum value as its name
        names = {str(getattr(v.value, "value", v.value)): name for name, v in leaf.values.items()}
        cases = [f"WHEN {_literal(stored)} THEN {_literal(json.dumps(name))}" for stored, name in names.items()]
        accepted = [*names, *([""] if self.blank_is_null else [])]
        blank = "WHEN '' THEN 'null' " if self.blank_is_null and "" not in names else ""
        return (
            f"CASE {column} {' '.join(cases)} {blank}END",
            f"{column} IN ({', '.join(_literal(value) for value in accepted)})",
        )


class SqlObject(SqlValue):
    """A computed field of an object type whose value SQL can write, e.g. a reply's latest delivery.

    ``object_sql`` gets, besides ``columns``, the selection on the object: (response name, field name) pairs,
    field name None for ``__typename``; it raises ``Fallback`` for a field it cannot write.
    """

    def json_sql(self, columns: dict[str, str], leaf: GraphQLOutputType, required: bool) -> tuple[str, str | None]:
        raise Fallback  # needs the selection: see object_sql

    def object_sql(
        self, columns: dict[str, str], leaf: GraphQLObjectType, selected: list[tuple[str, str | None]]
    ) -> tuple[str, str | None]:
        raise NotImplementedError


def json_object_sql(pieces: Iterable[tuple[str, str]]) -> str:
    """The compact JSON text of an object from (response name, SQL of its value's JSON text) pairs."""
    parts: list[str] = []
    for response_name, sql in pieces:
        parts += [_literal(f"{',' if parts else '{'}{json.dumps(response_name)}:"), sql]
    return f"({' || '.join([*parts, _literal('}')])})" if parts else _literal("{}")


def in_sql(value: Any) -> dict[str, Any]:
    """Field metadata declaring a computed field's SQL (a ``SqlValue``; a connection's rows: ``sqlrecords.RowsOf``),
    e.g. ``strawberry_django.field(only=["first_name", "last_name"], metadata=in_sql(JoinedText(("first_name",
    "last_name"))))``.
    The field's Python resolver stays the reference: tests/api/test_plans.py compares both byte for byte."""
    return {IN_SQL: value}


MAX_TEMPLATES = 512
TemplateT = TypeVar("TemplateT")

# Column classes whose values PostgreSQL's JSON and graphql-core's serialisation agree on.
_TEXT = (models.CharField, models.TextField)
_INTEGER = (
    models.IntegerField,
    models.SmallIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
)
_ID_SOURCES = (models.UUIDField, models.CharField, models.TextField, *_INTEGER, models.BigIntegerField)


def enabled() -> bool:
    return _enabled.get()


def sql_pages_disabled() -> AbstractContextManager[None]:
    """Build pages from model instances only (the reference the tests compare with)."""
    return switched_off(_enabled)


class BuiltNode:
    """A node whose JSON PostgreSQL built; ``PlannedExecutor`` completes it as that JSON."""

    # ``_strawberry_total_count``: the connection's ``totalCount``, which DjangoListConnection reads from
    # the first node (set when the page query counted the rows; otherwise strawberry-django counts).
    # ``cursor_values``: the row's values of the list's ordering, which its cursor holds (core/keyset.py).
    # ``_keyset_probe``: whether rows lie beyond the page's cursor (``keyset.PROBE``, set on the first node).
    __slots__ = ("_keyset_probe", "_strawberry_total_count", "cursor_values", "data")
    _strawberry_total_count: int
    _keyset_probe: bool

    def __init__(self, data: dict[str, Any] | RawJSON, cursor_values: list[Any] | None = None) -> None:
        self.data = data
        self.cursor_values = cursor_values


@dataclass(frozen=True)
class Relation:
    """Related rows a node reads: ``alias`` in the SQL, scoped at run time by ``origin.get_queryset``."""

    origin: Any
    model: type[models.Model]
    alias: str


@dataclass(frozen=True)
class PageTemplate:
    """The SQL of one node selection; between its parts go the scope conditions of its relations."""

    model: type[models.Model]
    parts: tuple[str, ...]  # len(relations) + 1
    relations: tuple[Relation, ...]  # in the order their scope conditions appear in the text
    rule_fields: tuple[tuple[type[models.Model], str], ...]  # the field rules of the member decide
    page_columns: tuple[str, ...]  # what the nodes read of the page's rows
    predicate: str  # SQL: a row of the page the normal path would accept
    check: Check | None  # the same for what lies deeper, on the decoded JSON (None: nothing to check)
    total: bool = False  # the connection's totalCount is selected: the page query counts the rows too


_templates: dict[Hashable, PageTemplate | None] = {}


class TemplateCompiler:
    """A node selection as hand-written SQL (the selection only: no member, no page in it)."""

    reads_arguments = False  # fields with arguments are left to the normal path (see sqlrecords.py)
    # A page's own foreign keys are read by a LATERAL join, which PostgreSQL memoizes per key (a page's
    # rows share few owners): a correlated subquery would build the same owner's JSON for every row.
    joins_relations = True

    def __init__(self, executor: PlannedExecutor) -> None:
        self.executor = executor
        self.parts: list[str] = []
        self.relations: list[Relation] = []
        self.rule_fields: list[tuple[type[models.Model], str]] = []
        self.page_predicates: list[str] = []  # what every row of the page must satisfy
        self.joins: list[str] = []  # after ``FROM (…) AS p``: the page's foreign keys (``joins_relations``)

    def compile(self, gql_type: GraphQLObjectType, details: Any) -> PageTemplate:
        model, sql, checks = self.node(gql_type, details, "p")
        self.parts.append(sql)
        if self.joins:
            self.parts += [_JOINS, *self.joins]
        pieces = _HOLE.split("".join(self.parts))  # text, relation index, text, …
        parts, holes = pieces[0::2], [self.relations[int(index)] for index in pieces[1::2]]
        predicate = " AND ".join(self.page_predicates) or "true"
        page_columns = {model._meta.pk.attname, *_PAGE_COLUMN.findall("".join(parts) + predicate)}
        if _HOLE.search(predicate):
            raise Fallback
        return PageTemplate(
            model,
            tuple(parts),
            tuple(holes),
            tuple(self.rule_fields),
            tuple(sorted(page_columns)),
            predicate,
            _all(checks) if checks else None,
        )

    def node(
        self, gql_type: GraphQLObjectType, details: Any, alias: str
    ) -> tuple[type[models.Model], str, list[Check]]:
        definition = gql_type.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
        if not isinstance(definition, StrawberryObjectDefinition):
            raise Fallback
        django_definition = get_django_definition(definition.origin)
        if django_definition is None:
            raise Fallback
        model = django_definition.model
        pieces: list[tuple[str, str]] = []
        checks: list[Check] = []
        for response_name, field_def, field_details in selected_fields(
            self.executor, gql_type, details, self.reads_arguments
        ):
            if field_def is None:
                sql = _literal(json.dumps(gql_type.name))
            else:
                sql, check = self.field(gql_type, definition, model, field_def, field_details, alias)
                if check is not None:
                    checks.append(_at(response_name, check))
            pieces.append((response_name, sql))
        # Compact JSON text, as the response encoder writes it (json_build_object adds spaces); nothing selected
        # on this type (e.g. only a fragment on another type): an empty object.
        return model, json_object_sql(pieces), checks

    def field(
        self,
        gql_type: GraphQLObjectType,
        definition: StrawberryObjectDefinition,
        model: type[models.Model],
        field_def: Any,
        details: Any,
        alias: str,
    ) -> tuple[str, Check | None]:
        field = plain_field(field_def)
        declared = field.metadata.get(IN_SQL) if field.metadata else None
        if declared is not None:  # a computed field that states its SQL (see ``in_sql``)
            self.rules_of(model, field)
            return self.declared(declared, model, field_def.type, alias, details), None
        declared_id = getattr(definition.origin, "sql_node_id", None)
        if declared_id is not None and _is_relay_id(field):  # a type whose ids are not its primary keys
            prefix = _literal(f"{gql_type.name}:")
            value = declared_id(_column_sql(alias, model._meta.pk))
            return _json_text(f"replace(encode(convert_to({prefix} || {value}, 'UTF8'), 'base64'), chr(10), '')"), None
        if field.base_resolver is not None:  # only the relay id, exactly as the plan reads it
            try:
                self.executor._node_id_reader(gql_type, definition, model, field)
            except Exception as exc:
                raise Fallback from exc
            id_attr = definition.origin.resolve_id_attr()
            column = model._meta.pk if id_attr == "pk" else model._meta.get_field(id_attr)
            # relay.to_base64(type name, str(pk)); PostgreSQL breaks base64 lines at 76 characters
            prefix = _literal(f"{gql_type.name}:")
            value = f"{_column_sql(alias, column)}::text"
            global_id = f"replace(encode(convert_to({prefix} || {value}, 'UTF8'), 'base64'), chr(10), '')"
            return _json_text(global_id), None
        self.rules_of(model, field)
        if not reads_the_model(field):
            raise Fallback
        attribute = getattr(model, field.django_name or field.python_name, None)
        if type(attribute) is DeferredAttribute:
            sql, json_sql, items_required = _column(alias, attribute.field, field_def.type)
            if not items_required:
                return json_sql, None
            if alias == "p":  # checked by PostgreSQL, for the whole page at once
                self.page_predicates.append(f"array_position({sql}, NULL) IS NULL")
                return json_sql, None
            return json_sql, lambda values: values is None or None not in values
        if isinstance(attribute, ForwardManyToOneDescriptor):
            return self.foreign_key(attribute.field, field_def.type, details, alias)
        if isinstance(attribute, ManyToManyDescriptor) and not attribute.reverse:
            return self.many_to_many(attribute.field, field_def.type, details, alias)
        raise Fallback

    def rules_of(self, model: type[models.Model], field: Any) -> None:
        for extension in field.extensions:
            if not isinstance(extension, FieldRuleExtension):
                raise Fallback
            self.rule_fields.append((extension.model or model, extension.field_name or ""))

    def declared(
        self, value: SqlValue, model: type[models.Model], gql_type: GraphQLOutputType, alias: str, details: Any = None
    ) -> str:
        required = isinstance(gql_type, GraphQLNonNull)
        leaf = gql_type.of_type if required else gql_type  # type: ignore[union-attr]
        columns = {}
        for name in value.columns:
            column = model._meta.get_field(name)
            if not isinstance(column, models.Field) or column.is_relation:
                raise Fallback
            columns[name] = _column_sql(alias, column)
        if value.request_value is not None:
            columns[REQUEST_VALUE] = self.request_value(value)
        if isinstance(value, SqlObject):
            if not isinstance(leaf, GraphQLObjectType) or details is None:
                raise Fallback
            json_sql, exact_when = value.object_sql(columns, leaf, self.selected_on(leaf, details))
        else:
            json_sql, exact_when = value.json_sql(columns, leaf, required)
        if exact_when is None:
            return json_sql
        return self.exactly(json_sql, exact_when, alias)

    def selected_on(self, gql_type: GraphQLObjectType, details: Any) -> list[tuple[str, str | None]]:
        """(response name, field name) of what is selected on ``gql_type``; scalar and enum fields only."""
        names = {id(field_def): name for name, field_def in gql_type.fields.items()}
        selected: list[tuple[str, str | None]] = []
        for response_name, field_def, field_details in selected_fields(self.executor, gql_type, details):
            if field_def is not None and (field_details[0].node.selection_set or field_details[0].node.arguments):
                raise Fallback
            selected.append((response_name, None if field_def is None else names[id(field_def)]))
        return selected

    def exactly(self, json_sql: str, exact_when: str, alias: str) -> str:
        """``json_sql``, which is the normal path's value only where ``exact_when`` holds."""
        if alias != "p":
            raise Fallback  # only the page's own rows are checked by PostgreSQL
        self.page_predicates.append(f"COALESCE({exact_when}, false)")
        return json_sql

    def request_value(self, value: SqlValue) -> str:
        """Where a value known only at request time goes in the SQL (records only: see sqlrecords.py)."""
        raise Fallback

    def relation(self, gql_type: GraphQLObjectType, model: type[models.Model]) -> Relation:
        definition = gql_type.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
        relation = Relation(getattr(definition, "origin", None), model, f"r{len(self.relations)}")
        self.relations.append(relation)
        return relation

    def foreign_key(
        self, key: models.ForeignKey[Any, Any], gql_type: GraphQLOutputType, details: Any, alias: str
    ) -> tuple[str, Check | None]:
        required = isinstance(gql_type, GraphQLNonNull)
        target_type = gql_type.of_type if required else gql_type  # type: ignore[union-attr]
        if not isinstance(target_type, GraphQLObjectType):
            raise Fallback
        relation = self.relation(target_type, key.related_model)
        model, node, checks = self.node(target_type, details, relation.alias)
        if model is not key.related_model:
            raise Fallback
        if alias == "p" and self.joins_relations:
            joined = f"{relation.alias}_json"
            self.joins.append(
                f" LEFT JOIN LATERAL (SELECT {node} AS node FROM {_table(model, relation.alias)}"
                f" WHERE {_column_sql(relation.alias, key.target_field)} = {_column_sql(alias, key)}{_hole(relation)}"
                # OFFSET 0 keeps the subquery a subquery: pulled up into a plain join, it could be hashed,
                # and the page's rows would reach the aggregates out of their order.
                f" OFFSET 0) {joined} ON true"
            )
            return f"COALESCE({joined}.node, 'null')", _object_check(required, checks)
        sql = (
            f"COALESCE((SELECT {node} FROM {_table(model, relation.alias)}"
            f" WHERE {_column_sql(relation.alias, key.target_field)} = {_column_sql(alias, key)}{_hole(relation)}),"
            " 'null')"
        )
        return sql, _object_check(required, checks)

    def many_to_many(
        self, relation_field: models.ManyToManyField[Any, Any], gql_type: GraphQLOutputType, details: Any, alias: str
    ) -> tuple[str, Check | None]:
        inner = gql_type.of_type if isinstance(gql_type, GraphQLNonNull) else gql_type
        if not isinstance(inner, GraphQLList):
            raise Fallback
        item = inner.of_type.of_type if isinstance(inner.of_type, GraphQLNonNull) else inner.of_type
        if not isinstance(item, GraphQLObjectType):
            raise Fallback
        target_model: type[models.Model] = relation_field.related_model
        relation = self.relation(item, target_model)
        model, node, checks = self.node(item, details, relation.alias)
        if model is not target_model:
            raise Fallback
        through = relation_field.remote_field.through._meta  # type: ignore[union-attr]
        source_key: Any = through.get_field(relation_field.m2m_field_name())
        target_key: Any = through.get_field(relation_field.m2m_reverse_field_name())
        link = f"{relation.alias}_link"
        ordering = ", ".join(_ordering(target_model, relation.alias))
        if not ordering:
            raise Fallback  # no order of its own: the normal path's order is PostgreSQL's whim
        sql = (
            f"COALESCE((SELECT '[' || string_agg({node}, ',' ORDER BY {ordering}) || ']'"
            f" FROM {_table(model, relation.alias)} JOIN {_quote(through.db_table)} {link}"
            f" ON {_column_sql(link, target_key)} = {_column_sql(relation.alias, target_key.target_field)}"
            f" WHERE {_column_sql(link, source_key)} = {_column_sql(alias, source_key.target_field)}{_hole(relation)}"
            "), '[]')"
        )
        if not checks:
            return sql, None
        check_all = _all(checks)
        return sql, lambda rows: all(check_all(r) for r in rows)


# Where a relation's scope condition goes: "\0<relation index>\0" (never in SQL or a GraphQL name).
_HOLE = re.compile("\x00([0-9]+)\x00")


# Between a template's node and its joins (never in SQL or a GraphQL name).
_JOINS = "\x01"

_PAGE_COLUMN = re.compile(r'(?<![\w"])p\."([^"]+)"')


def _hole(relation: Relation) -> str:
    return f"\x00{relation.alias[1:]}\x00"


def sql_page(queryset: models.QuerySet[Any], info: Any, optimized: Callable[[], models.QuerySet[Any]]) -> Any:
    """``queryset`` (a root connection's) iterating as nodes PostgreSQL built, or None when it can't be.

    ``optimized()`` gives the queryset the normal path would run (with the optimizer's prefetches):
    the page falls back to it when a node fails a check.
    """
    raw: GraphQLResolveInfo = getattr(info, "_raw_info", info)
    if not _enabled.get() or raw.path.prev is not None or raw.operation.operation != OperationType.QUERY:
        return None
    executor = _executor_of(raw.context)
    if executor is None or not executor._plannable:
        return None
    query = queryset.query
    if query.distinct or query.combinator or query.annotation_select or query.is_sliced:
        return None
    if any(argument.name.value == "last" for node in raw.field_nodes for argument in node.arguments or ()):
        return None  # pages from the end fetch every row after the cursor, then keep the last ones
    connection_type = raw.return_type.of_type if isinstance(raw.return_type, GraphQLNonNull) else raw.return_type
    if not isinstance(connection_type, GraphQLObjectType) or "edges" not in connection_type.fields:
        return None  # not a list page (``node(id:)``, say): nothing for this path to build
    template = _template(executor, raw)
    if template is None or template.model is not queryset.model:
        fell_back("sqlpages", "selection")
        return None
    membership = getattr(getattr(executor.context_value, "request", None), "membership", None)
    if any(policy.field_rule(membership, model, name) == "hidden" for model, name in template.rule_fields):
        fell_back("sqlpages", "hidden field")
        return None  # the normal path answers those fields null, with a FORBIDDEN error
    try:
        scopes = [_scope(relation, info) for relation in template.relations]
    except Fallback:
        fell_back("sqlpages", "scope")
        return None
    as_text = getattr(executor.context_value, "raw_json", False)  # the HTTP view splices JSON text (``dumps``)
    return _building(queryset._clone(), _PageSource(template, scopes, optimized, as_text))  # type: ignore[attr-defined]


def _template(executor: PlannedExecutor, raw: GraphQLResolveInfo) -> PageTemplate | None:
    def build() -> PageTemplate:
        node_type, node_details, total = _node_selection(executor, raw)
        return replace(TemplateCompiler(executor).compile(node_type, node_details), total=total)

    return remembered(_templates, executor, raw, (), build)


def remembered(
    cache: dict[Hashable, TemplateT | None],
    executor: Any,
    raw: GraphQLResolveInfo,
    more: tuple[Hashable, ...],
    build: Callable[[], TemplateT],
) -> TemplateT | None:
    """The template ``build`` makes for this root field (None: the normal path answers), compiled once per
    query text: skip/include take Boolean variables only, and fields with arguments are never built, so the
    text, those variables and ``more`` decide the selection."""
    source = raw.operation.loc.source.body if raw.operation.loc is not None else None
    values: Any = raw.variable_values  # a dict under strawberry (graphql-core's stubs say VariableValues)
    values = getattr(values, "coerced", values) or {}
    booleans = tuple(sorted((k, v) for k, v in values.items() if isinstance(v, bool)))
    key = (id(executor.schema), source, raw.operation.name and raw.operation.name.value, raw.path.key, booleans, *more)
    if source is not None and key in cache:
        return cache[key]
    try:
        template: TemplateT | None = build()
    except Fallback:
        template = None
    if source is not None:
        if len(cache) >= MAX_TEMPLATES:
            cache.clear()
        cache[key] = template
    return template


def _scope(relation: Relation, info: Any) -> tuple[str, tuple[Any, ...]]:
    """`` AND alias.pk IN (…)``: the rows of ``relation`` the member may read, as the optimizer would prefetch them.

    A type whose ``get_queryset`` depends on less than the member says so with a ``scope_key(info)``
    classmethod (e.g. ``UserNode``: the workspace only); its SQL is then compiled once per key.
    """
    key_of = getattr(relation.origin, "scope_key", None)
    key = (relation.origin, key_of(info)) if key_of is not None else None
    subquery = _scopes.get(key) if key is not None else None
    if subquery is None:
        subquery = _scope_subquery(relation, info)
        if key is not None and key[1] is not None:
            if len(_scopes) >= MAX_TEMPLATES:
                _scopes.clear()
            _scopes[key] = subquery
    if subquery == ("", ()):
        return "", ()
    sql, params = subquery
    pk = _column_sql(relation.alias, relation.model._meta.pk)
    return f" AND {pk} IN ({sql})", params


_scopes: dict[Hashable, tuple[str, tuple[Any, ...]]] = {}


def _scope_subquery(relation: Relation, info: Any) -> tuple[str, tuple[Any, ...]]:
    """The SQL of the ``relation`` rows the member may read (``""``: all of them)."""
    queryset = run_type_get_queryset(relation.model._base_manager.all(), relation.origin, info)
    query = queryset.query
    if query.distinct or query.combinator or query.annotation_select or query.is_sliced:
        raise Fallback
    if query.order_by or query.extra_order_by or not query.default_ordering:
        raise Fallback  # a get_queryset ordering of its own: the array's order would differ
    if not query.where:
        return "", ()
    if query.is_empty():
        return "SELECT NULL WHERE false", ()
    sql, params = queryset.values("pk").query.get_compiler(using=queryset.db).as_sql()
    return sql, tuple(params)


def _node_selection(executor: PlannedExecutor, raw: GraphQLResolveInfo) -> tuple[GraphQLObjectType, Any, bool]:
    """The ``edges { node { … } }`` selection of the connection (one of each, or nothing is built),
    and whether ``totalCount`` is selected beside it."""
    connection_type = raw.return_type.of_type if isinstance(raw.return_type, GraphQLNonNull) else raw.return_type
    if not isinstance(connection_type, GraphQLObjectType) or "edges" not in connection_type.fields:
        raise Fallback
    details = [FieldDetails(node, None) for node in raw.field_nodes]
    grouped, _, _ = executor.collect_subfields(connection_type, details)
    total = any(d[0].node.name.value == "totalCount" for d in grouped.values())
    edges = _only(executor, connection_type, details, "edges")
    edge_type = _named(connection_type.fields["edges"].type)
    node = _only(executor, edge_type, edges, "node")
    return _named(edge_type.fields["node"].type), node, total


def _only(executor: PlannedExecutor, parent: GraphQLObjectType, details: Any, name: str) -> Any:
    grouped, defer_usages, _ = executor.collect_subfields(parent, details)
    if defer_usages:
        raise Fallback
    matching = [d for d in grouped.values() if d[0].node.name.value == name]
    if len(matching) != 1:
        raise Fallback
    return matching[0]


def _named(type_: GraphQLOutputType) -> GraphQLObjectType:
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        type_ = type_.of_type
    if not isinstance(type_, GraphQLObjectType):
        raise Fallback
    return type_


def _column(alias: str, column: models.Field[Any, Any], gql_type: GraphQLOutputType) -> tuple[str, str, bool]:
    """The column's SQL, its JSON text, and whether it is an array whose items must not be null."""
    sql, items_required = _column_value(alias, column, gql_type)
    leaf = gql_type.of_type if isinstance(gql_type, GraphQLNonNull) else gql_type
    if isinstance(leaf, GraphQLScalarType) and leaf.name == "DateTime":
        return sql, _datetime_json(sql), False
    if isinstance(leaf, GraphQLScalarType) and leaf.name == "Date":
        return sql, f"""COALESCE('"' || to_char({sql}, 'YYYY-MM-DD') || '"', 'null')""", False
    return sql, _json_text(sql), items_required


def _datetime_json(sql: str) -> str:
    """``datetime.isoformat()`` of a UTC datetime as Django reads it: microseconds only when not zero, +00:00.

    One ``to_char`` per value (the fraction is the only place ``.000000`` can appear in the text)."""
    text = f"""replace(to_char(({sql} AT TIME ZONE 'UTC'), 'YYYY-MM-DD"T"HH24:MI:SS.US'), '.000000', '')"""
    return f"""COALESCE('"' || {text} || '+00:00"', 'null')"""


def _column_value(alias: str, column: models.Field[Any, Any], gql_type: GraphQLOutputType) -> tuple[str, bool]:
    """The column's SQL value, and whether it is an array whose items must not be null."""
    required = isinstance(gql_type, GraphQLNonNull)
    leaf = gql_type.of_type if required else gql_type  # type: ignore[union-attr]
    if required and column.null:
        raise Fallback  # a null would be the normal path's error
    sql = _column_sql(alias, column)
    if isinstance(leaf, GraphQLList):
        item = leaf.of_type
        item_required = isinstance(item, GraphQLNonNull)
        item = item.of_type if item_required else item
        if not isinstance(column, ArrayField) or item is not GraphQLString or not isinstance(column.base_field, _TEXT):
            raise Fallback
        return sql, item_required  # PostgreSQL arrays may hold nulls whatever the column says
    if leaf is GraphQLString and isinstance(column, _TEXT):
        return sql, False
    if leaf is GraphQLBoolean and isinstance(column, models.BooleanField):
        return sql, False
    if leaf is GraphQLInt and isinstance(column, _INTEGER) and not isinstance(column, models.BigIntegerField):
        return sql, False
    if leaf is GraphQLID and isinstance(column, _ID_SOURCES):
        return f"{sql}::text", False  # ids serialise as strings
    if isinstance(leaf, GraphQLScalarType) and (
        (leaf.name == "DateTime" and isinstance(column, models.DateTimeField))
        or (leaf.name == "Date" and type(column) is models.DateField)
    ):
        return sql, False
    raise Fallback


def _ordering(model: type[models.Model], alias: str) -> list[str]:
    """The model's default ordering, which the prefetch of a many-to-many list applies."""
    terms = []
    for term in model._meta.ordering or ():
        if not isinstance(term, str) or term.startswith("?"):
            raise Fallback
        name = term.lstrip("-")
        field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        if not isinstance(field, models.Field) or field.is_relation:
            raise Fallback
        terms.append(f"{_column_sql(alias, field)}{' DESC' if term.startswith('-') else ' ASC'}")
    return terms


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _json_text(sql: str) -> str:
    """The JSON text of a SQL value (``null`` for NULL), escaped as ``json.dumps(ensure_ascii=False)`` does."""
    return f"COALESCE(to_json({sql})::text, 'null')"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


sql_literal = _literal  # a SQL string literal of ``text``, for the SQL a module's ``SqlValue`` writes


def _table(model: type[models.Model], alias: str) -> str:
    return f"{_quote(model._meta.db_table)} {alias}"


def _column_sql(alias: str, column: Any) -> str:
    # ``p`` is the page's subquery, ``n0``, ``n1``… a record's nested rows (sqlrecords.py): ``values()`` names
    # their columns by attribute
    return f"{alias}.{_quote(column.attname if alias[0] in 'pn' else column.column)}"


def _is_relay_id(field: Any) -> bool:
    """``id`` of ``relay.Node`` as it is, with no extension."""
    resolver = field.base_resolver
    return (
        resolver is not None
        and getattr(resolver.wrapped_func, "__func__", None) is _NODE_ID_RESOLVER
        and not field.extensions
    )


def _at(key: str, check: Check) -> Check:
    return lambda data: check(data[key])


def _all(checks: list[Check]) -> Check:
    if not checks:
        return lambda _data: True
    return lambda data: all(check(data) for check in checks)


def _object_check(required: bool, checks: list[Check]) -> Check | None:
    if not required and not checks:
        return None
    check_all = _all(checks)
    return lambda data: not required if data is None else check_all(data)


def _executor_of(context: Any) -> PlannedExecutor | None:
    reference = getattr(context, "_planned_executor", None)
    return reference() if reference is not None else None


@dataclass(frozen=True)
class _PageSource:
    """What ``PageIterable`` builds a page from; kept on the page's ``Query`` (whose clones copy it), so that
    no iterable class is made per request."""

    template: PageTemplate
    scopes: list[tuple[str, tuple[Any, ...]]]
    optimized: Callable[[], models.QuerySet[Any]]
    raw: bool
    paging: tuple[models.QuerySet[Any], PageRequest] | None = None


_SOURCE = "sql_page_source"  # the attribute of the page's ``Query`` holding its ``_PageSource``


class PageIterable(BaseIterable):
    """The page's nodes as PostgreSQL built them; model instances when one of them fails a check."""

    def __iter__(self) -> Iterator[Any]:
        source: _PageSource = getattr(self.queryset.query, _SOURCE)
        template = source.template
        as_text = source.raw and template.check is None
        every, request = source.paging if source.paging is not None else (None, None)
        columns = keyset.cursor_columns(request.keys) if request is not None else []
        probe = request is not None and request.probe() is not None
        nodes, accepted, total, cursors, beyond = _built_nodes(
            self.queryset, template, source.scopes, as_text, every, columns, probe
        )
        if accepted and (template.check is None or all(template.check(node) for node in nodes)):
            texts = [RawJSON(node) for node in nodes] if as_text else nodes
            built = [BuiltNode(node, values) for node, values in zip(texts, cursors, strict=True)]
            if built and total is not None:
                built[0]._strawberry_total_count = total
            if built and probe:
                built[0]._keyset_probe = bool(beyond)
            return iter(built)
        fell_back("sqlpages", "row check")  # a row the SQL could not answer exactly
        if every is not None and request is not None:
            return iter(list(request.apply(source.optimized(), every)))
        normal = source.optimized()
        normal.query.set_limits(self.queryset.query.low_mark, self.queryset.query.high_mark)
        return iter(list(normal))


def _building(queryset: models.QuerySet[Any], source: _PageSource) -> models.QuerySet[Any]:
    """``queryset`` (a clone of its own) iterating as the page ``source`` describes."""
    setattr(queryset.query, _SOURCE, source)
    queryset._iterable_class = PageIterable
    return queryset


def _filled(template: PageTemplate, scopes: list[tuple[str, tuple[Any, ...]]]) -> tuple[str, str, list[Any], list[Any]]:
    """The template's node SQL and joins SQL with the relations' scope conditions in place, and the
    parameters of each."""
    sql, params = [template.parts[0]], list[Any]()
    joins_at = None
    for (scope_sql, scope_params), part in zip(scopes, template.parts[1:], strict=True):
        if joins_at is None and _JOINS in sql[-1]:
            joins_at = len(params)
        sql += [scope_sql, part]
        params += scope_params
    if joins_at is None:
        joins_at = len(params)
    node, _, joins = "".join(sql).partition(_JOINS)
    return node, joins, params[:joins_at], params[joins_at:]


def keyset_page(nodes: models.QuerySet[Any], request: PageRequest) -> models.QuerySet[Any]:
    """``request``'s page of a root list; built by PostgreSQL when ``sql_page`` chose ``nodes`` for it."""
    if nodes._iterable_class is not PageIterable:
        return request.apply(nodes, nodes)
    source: _PageSource = getattr(nodes.query, _SOURCE)
    # The same page built for a keyset page of ``nodes`` (the whole list: what ``totalCount`` counts). When
    # ``totalCount`` is selected, PostgreSQL's page counts the rows itself: no count in the page's own query.
    page = (replace(request, count=False) if source.template.total else request).apply(nodes, nodes)
    return _building(page, replace(source, paging=(nodes, request)))


def _built_nodes(
    queryset: models.QuerySet[Any],
    template: PageTemplate,
    scopes: list[tuple[str, tuple[Any, ...]]],
    as_text: bool,
    every: models.QuerySet[Any] | None = None,
    cursor_columns: list[str] | None = None,
    probe: bool = False,
) -> tuple[list[Any], bool, int | None, list[list[Any] | None], bool | None]:
    """The page's nodes (JSON texts, or decoded), whether every row passed the template's predicate,
    the number of rows of all pages (of ``every``, else of ``queryset`` unsliced) when the template asks
    for it, each row's ``cursor_columns`` (the values its keyset cursor holds), and with ``probe`` whether
    rows lie beyond the page's cursor (``keyset.PROBE``)."""
    cursor_columns = cursor_columns or []
    # The page's rows (filtered, ordered, sliced as the connection asked) as ``p``.
    columns = [*template.page_columns, *(c for c in cursor_columns if c not in template.page_columns)]
    if probe:
        columns.append(keyset.PROBE)
    page_sql, page_params = queryset.values(*columns).query.get_compiler(using=queryset.db).as_sql()
    node, joins, params, join_params = _filled(template, scopes)
    # One value for the page, in the page's order: the aggregate reads the subquery's rows as
    # they come, and nothing between them sorts or groups.
    nodes = f"array_agg({node})" if as_text else f"'[' || string_agg({node}, ',') || ']'"
    count_sql, count_params = "NULL", ()
    if template.total:
        # the rows of all pages, as strawberry-django's COUNT would count them: its own plan, the same round trip
        every_page = (every if every is not None else queryset)._chain()  # type: ignore[attr-defined]
        every_page.query.clear_limits()
        every_page.query.clear_ordering(force=True)
        rows_sql, count_params = every_page.values("pk").query.get_compiler(using=queryset.db).as_sql()
        count_sql = f"(SELECT count(*) FROM ({rows_sql}) AS every_page)"
    # Each cursor column as an array in the page's order (psycopg gives back Python values).
    cursors_sql = "".join(f", array_agg(p.{_quote(column)})" for column in cursor_columns)
    probe_sql = f", bool_or(p.{_quote(keyset.PROBE)})" if probe else ""
    with connections[queryset.db].cursor() as cursor:
        prepared.execute(
            cursor,
            f"SELECT {nodes}, bool_and({template.predicate}), {count_sql}{probe_sql}{cursors_sql}"
            f" FROM ({page_sql}) AS p{joins}",
            (*params, *count_params, *page_params, *join_params),
        )
        built, accepted, total, *rest = cursor.fetchone()
    beyond, cursor_arrays = (rest[0], rest[1:]) if probe else (None, rest)
    if built is None:
        return [], True, None, [], None
    nodes_built = built if as_text else json.loads(built)
    cursors: list[list[Any] | None] = (
        [list(values) for values in zip(*cursor_arrays, strict=True)] if cursor_arrays else [None] * len(nodes_built)
    )
    return nodes_built, accepted is not False, total, cursors, beyond


class RawJSON:
    """JSON text PostgreSQL wrote; ``dumps`` puts it into the response as it is."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


class BuiltEdges(list[Any]):
    """A page's edges whose nodes are all PostgreSQL's JSON text. Where ``edges`` selects only ``node``,
    ``PlannedExecutor`` answers the list as one text (``as_json``) instead of completing it edge by edge."""

    __slots__ = ()

    def as_json(self) -> RawJSON:
        return RawJSON("[" + ",".join(['{"node":' + edge.node.data.text + "}" for edge in self]) + "]")


def built_edges(edges: list[Any]) -> list[Any]:
    """``edges`` as ``BuiltEdges`` when every node is JSON text PostgreSQL wrote."""
    if edges and all(edge.node.__class__ is BuiltNode and edge.node.data.__class__ is RawJSON for edge in edges):
        return BuiltEdges(edges)
    return edges


class _RawJSONEncoder(DjangoJSONEncoder):
    def __init__(self, *args: Any, raw: list[str], marker: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.raw, self.marker = raw, marker

    def default(self, o: Any) -> Any:
        if o.__class__ is RawJSON:
            self.raw.append(o.text)
            return self.marker
        return super().default(o)


def dumps(data: object) -> str:
    """``json.dumps`` as strawberry's Django view does it, with ``RawJSON`` values spliced in as they are."""
    raw: list[str] = []
    marker = f"\x00raw json {secrets.token_hex(8)}\x00"  # a string no response can hold by chance
    # UTF-8 as it is, not \\u escapes: PostgreSQL writes text that way (and responses get shorter).
    text = json.dumps(data, cls=_RawJSONEncoder, separators=(",", ":"), ensure_ascii=False, raw=raw, marker=marker)
    if not raw:
        return text
    pieces = text.split(json.dumps(marker))
    if len(pieces) != len(raw) + 1:
        raise RuntimeError("a raw JSON marker went missing")
    spliced = [pieces[0]]
    for value, piece in zip(raw, pieces[1:], strict=True):
        spliced += [value, piece]
    return "".join(spliced)
