"""Keyset (seek) pagination: every connection's cursors are the ordering's values plus the id.

Why: offset cursors (``arrayconnection:N``) repeat a record when one is inserted between two page
fetches and skip one when one is deleted, and page 500 costs an ``OFFSET 50000`` scan. A keyset
cursor names a position in the ordering instead: the page after it is ``WHERE (ordering, id) >
(cursor's values)``, which stays right whatever is written meanwhile and starts where an index on
the ordering's columns points, so every page costs what the first one does.

A cursor is ``django.core.signing`` of ``{"o": <ordering fingerprint>, "v": [values as text]}``,
salted with the workspace's schema: one the API did not give out (an old offset cursor, an edited
one, another workspace's) is ``INVALID_CURSOR`` before anything runs, and a cursor of another
ordering (``orderBy`` changed between pages) is ``INVALID_CURSOR`` when the list resolves, never a
wrong page. Its values are those of the columns the list is ordered by, which the member may read:
ordering by a field the role hides is refused (``lists.refuse_hidden_ordering``), and the default
orderings read no sensitive field (tests/api/test_keyset.py checks every registered type).

``pageInfo`` is exact both ways. The page is fetched one row beyond its size, which answers the side it
grows towards (``hasNextPage`` of ``first``, ``hasPreviousPage`` of ``last``); the side of its cursor
(``hasPreviousPage`` after ``after``, ``hasNextPage`` before ``before``) is an ``EXISTS`` probe for one
row at or beyond the cursor's position, in the page's own query (``PROBE``): a cursor whose row was
deleted with nothing beyond it says false. Only an empty page, which has no row to carry the probe,
asks it in a query of its own.

``KeysetConnection`` (GraphQL name ``XConnection``, as before) pages root lists with a ``WHERE`` and
``LIMIT``; nested lists are paged inside the optimizer's one prefetch query for all parents
(``paged_prefetch``: window functions over each parent's rows); lists already in memory (a
record's prefetched history) in Python, with the same ordering and cursors.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
from collections.abc import Callable, Iterable, Sequence, Sized
from dataclasses import dataclass, replace
from functools import cmp_to_key
from typing import Any, Self, cast

import strawberry
from asgiref.sync import sync_to_async
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connection, models
from django.db.models import BooleanField, Case, Count, F, OrderBy, Q, Value, When, Window
from django.db.models.expressions import Col, RawSQL
from django.db.models.functions import Greatest, Least, RowNumber
from django.db.models.sql.datastructures import BaseTable
from graphql import GraphQLError
from strawberry import relay
from strawberry.relay.types import NodeIterableType
from strawberry.types import Info
from strawberry.utils.inspect import in_async_context
from strawberry_django.optimizer import is_optimized_by_prefetching, mark_optimized_by_prefetching
from strawberry_django.pagination import get_cached_total_count, get_total_count
from strawberry_django.relay import DjangoListConnection
from strawberry_django.relay.utils import resolve_edge_class
from strawberry_django.resolvers import django_resolver

SALT = "graphql_schema.core.keyset"
KEY_PREFIX = "_keyset_"  # annotations holding each row's cursor values
ROW = "_keyset_row"  # nested lists: a row's place in its parent's whole list (1-based)
TOTAL = "_strawberry_total_count"  # DjangoListConnection.total_count reads it off the first node
LOW, HIGH = "_keyset_low", "_keyset_high"  # nested lists: the page's first and last place
IN_PAGE = "_keyset_in_page"  # nested lists: the row is on the page (else it only tells about the list)
PROBE = "_keyset_probe"  # root lists: a row lies on the far side of the page's cursor (module docstring)


class InvalidCursorError(GraphQLError):
    """``INVALID_CURSOR``: not a cursor this API gave out, or one of another ordering of the list."""

    def __init__(self, argument: str, path: str, node: Any = None, reason: str = "") -> None:
        super().__init__(
            f"`{argument}` on `{path}` is not a cursor this API gave out{reason}.",
            nodes=node,  # ``locations``: where the argument is in the document
            extensions={"code": "INVALID_CURSOR", "argument": argument},
        )


# --- the ordering ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Key:
    """One term of a list's (total) ordering, with where PostgreSQL puts its NULLs."""

    name: str  # a column of the model (attname) or an annotation
    expression: Any  # what is ordered by (``F(name)`` for a column)
    field: Any  # converts the cursor's text back (``to_python``)
    descending: bool
    nulls_first: bool
    nullable: bool

    def reversed(self) -> Key:
        return replace(self, descending=not self.descending, nulls_first=not self.nulls_first)

    def order_by(self) -> OrderBy:
        # NULLS FIRST / LAST only when not PostgreSQL's default, so plain btree indexes serve both ways
        if not self.nullable or self.nulls_first == self.descending:  # PostgreSQL's default placement
            return OrderBy(self.expression, descending=self.descending)
        if self.nulls_first:
            return OrderBy(self.expression, descending=self.descending, nulls_first=True)
        return OrderBy(self.expression, descending=self.descending, nulls_last=True)

    @property
    def term(self) -> str:
        return f"{'-' if self.descending else ''}{self.name}{'^' if self.nulls_first else ''}"


def ordering_keys(queryset: models.QuerySet[Any]) -> list[Key]:
    """The queryset's ordering (``orderBy:``, else the model's default) made total with the primary key."""
    compiler = queryset.query.get_compiler(using=queryset.db or DEFAULT_DB_ALIAS)
    keys: list[Key] = []
    pk = queryset.model._meta.pk
    has_pk = False
    for index, (order_by, _) in enumerate(compiler.get_order_by()):
        expression = order_by.expression
        descending = bool(order_by.descending)
        # PostgreSQL: NULLs sort as if larger than any value unless told otherwise
        nulls_first = bool(order_by.nulls_first) or (descending and not order_by.nulls_last)
        if isinstance(expression, Col) and isinstance(queryset.query.alias_map.get(expression.alias), BaseTable):
            field: Any = expression.target
            if any(k.name == field.attname for k in keys):
                continue  # ordered by twice: the first one decides
            keys.append(Key(field.attname, F(field.attname), field, descending, nulls_first, field.null))
            has_pk = has_pk or field.primary_key
        else:  # an expression or a column of a joined table: its value is annotated on each row
            name = f"{KEY_PREFIX}x{index}"
            keys.append(Key(name, expression, expression.output_field, descending, nulls_first, True))
        if has_pk:
            break  # the primary key is unique: nothing after it changes the order
    if not has_pk:
        keys.append(Key(pk.attname, F(pk.attname), pk, False, False, False))
    return keys


def model_keys(model: type[models.Model]) -> list[Key]:
    """The model's default ordering as keys (for lists already in memory)."""
    keys: list[Key] = []
    for term in model._meta.ordering or ():
        if not isinstance(term, str):
            continue
        name = term.lstrip("-")
        field: Any = model._meta.pk if name == "pk" else model._meta.get_field(name)
        descending = term.startswith("-")
        keys.append(Key(field.attname, F(field.attname), field, descending, descending, field.null))
        if field.primary_key:
            return keys
    pk = model._meta.pk
    return [*keys, Key(pk.attname, F(pk.attname), pk, False, False, False)]


def fingerprint(model: type[models.Model], keys: Sequence[Key]) -> str:
    """Short name of an ordering: a cursor only seeks in the ordering it was made in."""
    text = f"{model._meta.label_lower}:{','.join(k.term for k in keys)}"
    return hashlib.blake2s(text.encode(), digest_size=6).hexdigest()


_IDENTITY = relay.ListConnection.resolve_node.__func__  # type: ignore[attr-defined]

# --- cursors ---------------------------------------------------------------------------------------


def _salt() -> str:
    return f"{SALT}:{getattr(connection, 'schema_name', '')}"


def _signer() -> signing.Signer:
    return _signer_of(_salt(), settings.SECRET_KEY)


@functools.lru_cache(maxsize=256)
def _signer_of(salt: str, secret_key: str) -> signing.Signer:
    # One per workspace (and key): building a Signer reads the settings, each page signs two cursors.
    return signing.Signer(key=secret_key, salt=salt)


def _text(value: Any) -> str | None:
    """A value as the cursor keeps it (read back with the column's ``to_python``)."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def encode(ordering: str, values: Iterable[Any]) -> str:
    # No timestamp (unlike ``signing.dumps``): a position's cursor is the same text whenever it is given out.
    return _signer().sign_object({"o": ordering, "v": [_text(v) for v in values]})


@dataclass(frozen=True)
class Cursor:
    ordering: str
    values: tuple[str | None, ...]


def decode(cursor: Any) -> Cursor | None:
    """The cursor's ordering and values, or None when the API did not give it out (in this workspace)."""
    if not isinstance(cursor, str) or len(cursor) > 4096:
        return None
    try:
        data = _signer().unsign_object(cursor)
    except (signing.BadSignature, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("o"), str) or not isinstance(data.get("v"), list):
        return None
    values = data["v"]
    if not values or not all(v is None or isinstance(v, str) for v in values):
        return None
    return Cursor(data["o"], tuple(values))


def _position(cursor: Cursor, model: type[models.Model], keys: Sequence[Key], argument: str, info: Info) -> list[Any]:
    """The cursor's values as the ordering's Python values; ``INVALID_CURSOR`` when it is of another ordering."""
    raw: Any = getattr(info, "_raw_info", info)
    path = ".".join(str(p) for p in raw.path.as_list() if isinstance(p, str))
    if cursor.ordering != fingerprint(model, keys) or len(cursor.values) != len(keys):
        raise InvalidCursorError(argument, path, raw.field_nodes, " for this ordering (ask for the first page again)")
    try:
        return [None if v is None else key.field.to_python(v) for key, v in zip(keys, cursor.values, strict=True)]
    except (ValidationError, ValueError, TypeError) as exc:
        raise InvalidCursorError(argument, path, raw.field_nodes) from exc


def _given(info: Info, argument: str, value: Any, model: type[models.Model], keys: Sequence[Key]) -> list[Any] | None:
    if value is None:
        return None
    cursor = decode(value)
    if cursor is None:  # checked before anything runs (limits.py); here for callers that skip that
        raw: Any = getattr(info, "_raw_info", info)
        raise InvalidCursorError(argument, str(raw.path.key), raw.field_nodes)
    return _position(cursor, model, keys, argument, info)


# --- conditions --------------------------------------------------------------------------------------


def _beyond_key(key: Key, value: Any) -> Q | None:
    """Rows strictly after ``value`` in this key's order (None: none can be)."""
    if value is None:
        return Q(**{f"{key.name}__isnull": False}) if key.nulls_first else None
    condition = Q(**{f"{key.name}__{'lt' if key.descending else 'gt'}": value})
    if key.nullable and not key.nulls_first:
        condition |= Q(**{f"{key.name}__isnull": True})
    return condition


def _equal(key: Key, value: Any) -> Q:
    return Q(**{f"{key.name}__isnull": True}) if value is None else Q(**{key.name: value})


_NOTHING = Q(pk__in=[])


def beyond(keys: Sequence[Key], values: Sequence[Any]) -> Q:
    """Rows strictly after the position ``values`` in the order of ``keys``.

    ``a > x OR (a = x AND (b > y OR (b = y AND id > z)))``, led by the bound of the first key alone
    (``a >= x``), which PostgreSQL reads as where to start in an index on the ordering.
    """
    condition: Q | None = None
    for key, value in zip(reversed(keys), reversed(values), strict=True):
        after = _beyond_key(key, value)
        if condition is None:
            condition = after
        else:
            tied = _equal(key, value) & condition
            condition = tied if after is None else after | tied
    return _from(keys[0], values[0]) & (condition if condition is not None else _NOTHING)


def at_or_beyond(keys: Sequence[Key], values: Sequence[Any]) -> Q:
    """Rows at the position ``values`` or after it in the order of ``keys`` (the cursor's own row included)."""
    exactly = Q()
    for key, value in zip(keys, values, strict=True):
        exactly &= _equal(key, value)
    return beyond(keys, values) | exactly


def _from(key: Key, value: Any) -> Q:
    """Rows at or after ``value`` in this key's order: one range (``a >= x``) an index scan can start from."""
    if value is None:
        return Q() if key.nulls_first else Q(**{f"{key.name}__isnull": True})
    condition = Q(**{f"{key.name}__{'lte' if key.descending else 'gte'}": value})
    if key.nullable and not key.nulls_first:
        condition |= Q(**{f"{key.name}__isnull": True})
    return condition


def _key_value(key: Key, row: Any) -> Any:
    return getattr(row, f"{KEY_PREFIX}{key.name}" if not key.name.startswith(KEY_PREFIX) else key.name)


def _row_values(keys: Sequence[Key], row: Any) -> list[Any]:
    built = getattr(row, "cursor_values", None)  # a node PostgreSQL built (core/sqlpages.py)
    if built is not None:
        return list(built)
    return [_key_value(key, row) for key in keys]


def _annotated(queryset: models.QuerySet[Any], keys: Sequence[Key]) -> models.QuerySet[Any]:
    """Each row carries its cursor values (as annotations: loaded even when the optimizer defers columns)."""
    names = {}
    for key in keys:
        if key.name.startswith(KEY_PREFIX):
            names[key.name] = key.expression
        else:
            names[f"{KEY_PREFIX}{key.name}"] = F(key.name)
    return queryset.annotate(**names)


def cursor_columns(keys: Sequence[Key]) -> list[str]:
    """The annotations holding a row's cursor values, in the keys' order."""
    return [k.name if k.name.startswith(KEY_PREFIX) else f"{KEY_PREFIX}{k.name}" for k in keys]


# --- root lists --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageRequest:
    """What the connection asked for, with cursors read as positions."""

    keys: tuple[Key, ...]
    after: list[Any] | None
    before: list[Any] | None
    first: int | None
    last: int | None
    count: bool  # totalCount is selected

    @property
    def backwards(self) -> bool:
        return self.last is not None and self.first is None

    @property
    def limit(self) -> int | None:
        size = self.last if self.backwards else self.first
        return None if size is None else size + 1  # one more: whether there is a next page

    def probe(self) -> Q | None:
        """Rows on the far side of the cursor the page starts from: ``before`` going backwards (then
        ``hasNextPage``), else ``after`` (then ``hasPreviousPage``); None when the page starts at an end."""
        keys = list(self.keys)
        if self.backwards:
            return None if self.before is None else at_or_beyond(keys, self.before)
        return None if self.after is None else at_or_beyond([k.reversed() for k in keys], self.after)

    def apply(self, queryset: models.QuerySet[Any], every: models.QuerySet[Any]) -> models.QuerySet[Any]:
        """``queryset`` (the list, or the same list as the normal path would load it) cut to this page."""
        keys = list(self.keys)
        page = _annotated(queryset, keys)
        if self.after is not None:
            page = page.filter(beyond(keys, self.after))
        if self.before is not None:
            page = page.filter(beyond([k.reversed() for k in keys], self.before))
        order = [k.reversed() for k in keys] if self.backwards else keys
        page = page.order_by(*(k.order_by() for k in order))
        probe = self.probe()
        if probe is not None:  # one row looked for, in the page's query (an index probe)
            page = page.annotate(**{PROBE: models.Exists(_annotated(every, keys).filter(probe))})
        if self.count:  # counted in the page's query: the rows of every page
            every_sql, params = every.order_by().values("pk").query.sql_with_params()
            page = page.annotate(**{TOTAL: RawSQL(f"SELECT count(*) FROM ({every_sql}) AS every_page", params)})
        return page if self.limit is None else page[: self.limit]


def _selects_total_count(info: Info) -> bool:
    return any(selection.name == "totalCount" for field in info.selected_fields for selection in _walk(field))


def _selects_edge_cursors(info: Info) -> bool:
    return any(
        cursor.name == "cursor"
        for field in info.selected_fields
        for edges in _walk(field)
        if edges.name == "edges"
        for cursor in _walk(edges)
    )


def _walk(field: Any) -> Iterable[Any]:
    for selection in getattr(field, "selections", ()) or ():
        if getattr(selection, "name", None) is not None:
            yield selection
        else:  # a fragment: its fields count as the connection's
            yield from _walk(selection)


@strawberry.type(name="Connection", description="A connection to a list of items.")
class KeysetConnection(DjangoListConnection[relay.NodeType]):
    """The kit's connection: keyset cursors (module docstring), ``totalCount`` as before."""

    # a nested list's total known without a query (its page came back empty)
    known_total: strawberry.Private[int | None] = None

    @strawberry.field(description="Total quantity of existing nodes.")
    def total_count(self) -> int | None:
        if self.known_total is not None:
            return self.known_total
        try:  # counted in the page's own query (a window, a subquery, or PostgreSQL's page)
            return int(getattr(self.edges[0].node, TOTAL))
        except (IndexError, AttributeError):
            pass
        if isinstance(self.nodes, models.QuerySet):
            total = get_cached_total_count(self.nodes)
            return total if total is not None else cast("int", django_resolver(get_total_count)(self.nodes))
        return len(self.nodes) if isinstance(self.nodes, Sized) else None

    @classmethod
    def resolve_connection(
        cls,
        nodes: NodeIterableType[relay.NodeType],
        *,
        info: Info,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
        max_results: int | None = None,
        **kwargs: Any,
    ) -> Any:
        if isinstance(nodes, models.QuerySet) and is_optimized_by_prefetching(nodes):
            finish: Callable[[], Any] = lambda: cls._prefetched_page(nodes, info, kwargs)  # noqa: E731
        elif isinstance(nodes, models.QuerySet):
            finish = lambda: cls._queryset_page(nodes, info, after, before, first, last, kwargs)  # noqa: E731
        else:
            rows = list(nodes)  # type: ignore[arg-type]  # a synchronous iterable here
            finish = lambda: cls._list_page(rows, info, after, before, first, last, kwargs)  # noqa: E731
        if in_async_context():
            return sync_to_async(finish)()
        return finish()

    @classmethod
    def _queryset_page(
        cls,
        nodes: models.QuerySet[Any],
        info: Info,
        after: str | None,
        before: str | None,
        first: int | None,
        last: int | None,
        kwargs: dict[str, Any],
    ) -> Self:
        from .sqlpages import keyset_page  # builds on this module

        keys = ordering_keys(nodes)
        request = PageRequest(
            tuple(keys),
            _given(info, "after", after, nodes.model, keys),
            _given(info, "before", before, nodes.model, keys),
            first,
            last,
            _selects_total_count(info),
        )
        page = keyset_page(nodes, request)
        rows = list(page)
        return cls._built(nodes, rows, request, info, kwargs)

    @classmethod
    def _list_page(
        cls,
        rows: list[Any],
        info: Info,
        after: str | None,
        before: str | None,
        first: int | None,
        last: int | None,
        kwargs: dict[str, Any],
    ) -> Self:
        """A list in memory (already in the model's default order), paged the same way in Python."""
        every = rows
        model = type(rows[0]) if rows else None
        keys = model_keys(model) if model is not None else []
        if model is not None:
            for row in rows:
                for key in keys:
                    setattr(row, f"{KEY_PREFIX}{key.name}", getattr(row, key.name))
        positions = {
            name: _given(info, name, value, model, keys) if model is not None else None
            for name, value in (("after", after), ("before", before))
        }
        request = PageRequest(tuple(keys), positions["after"], positions["before"], first, last, False)
        compare = _comparator(keys)
        if request.backwards:
            beyond_cursor = request.before is not None and any(
                compare(_row_values(keys, r), request.before) >= 0 for r in rows
            )
        else:
            beyond_cursor = request.after is not None and any(
                compare(_row_values(keys, r), request.after) <= 0 for r in rows
            )
        if request.after is not None:
            rows = [r for r in rows if compare(_row_values(keys, r), request.after) > 0]
        if request.before is not None:
            rows = [r for r in rows if compare(_row_values(keys, r), request.before) < 0]
        if request.backwards:
            rows = rows[::-1]
        if request.limit is not None:
            rows = rows[: request.limit]
        return cls._built(every, rows, request, info, kwargs, beyond_cursor)

    @classmethod
    def _built(
        cls,
        nodes: Any,
        rows: list[Any],
        request: PageRequest,
        info: Info,
        kwargs: dict[str, Any],
        beyond_cursor: bool | None = None,
    ) -> Self:
        """The connection of a page fetched one row beyond its size (in the direction it was asked).

        ``beyond_cursor``: whether rows lie on the far side of the page's cursor (``PageRequest.probe``);
        read off the rows' ``PROBE`` when not given, asked in a query of its own when the page is empty."""
        size = request.last if request.backwards else request.first
        more = size is not None and len(rows) > size
        if beyond_cursor is None:
            beyond_cursor = cls._beyond_cursor(nodes, rows, request)
        rows = rows[:size] if size is not None else rows
        if request.backwards:
            rows.reverse()
            has_previous, has_next = more, beyond_cursor
        else:
            has_next, has_previous = more, beyond_cursor
            if request.last is not None and len(rows) > request.last:  # first and last: the last of the first
                rows, has_previous = rows[-request.last :] if request.last else [], True
        model = getattr(nodes, "model", None) or (type(rows[0]) if rows else None)
        ordering = fingerprint(model, request.keys) if model is not None else ""
        return cls._of(cls._edges(rows, ordering, request.keys, info, kwargs), nodes, has_previous, has_next)

    @staticmethod
    def _beyond_cursor(nodes: Any, rows: list[Any], request: PageRequest) -> bool:
        probe = request.probe()
        if probe is None:
            return False
        if rows:
            return bool(getattr(rows[0], PROBE))
        if isinstance(nodes, models.QuerySet):  # an empty page: no row carried the probe
            return _annotated(nodes, request.keys).filter(probe).exists()
        return False

    @classmethod
    def _edges(
        cls, rows: list[Any], ordering: str, keys: Sequence[Key], info: Info, kwargs: dict[str, Any]
    ) -> list[Any]:
        """The rows' edges. Signing a cursor costs more than building its node from PostgreSQL's JSON, so
        only the cursors that are read are signed: every edge's when ``edges { cursor }`` is selected,
        otherwise the first and last (``pageInfo``'s); the others stay empty, never sent."""
        from .sqlpages import built_edges  # builds on this module

        every = _selects_edge_cursors(info)
        edge_class = resolve_edge_class(cls)
        ends = {0, len(rows) - 1}
        # strawberry's resolve_node is the identity unless a connection overrides it: skip the call per row.
        identity = getattr(cls.resolve_node, "__func__", None) is _IDENTITY
        return built_edges(
            [
                edge_class(
                    cursor=encode(ordering, _row_values(keys, row)) if every or index in ends else "",
                    node=row if identity else cls.resolve_node(row, info=info, **kwargs),
                )
                for index, row in enumerate(rows)
            ]
        )

    @classmethod
    def _of(cls, edges: list[Any], nodes: Any, has_previous: bool, has_next: bool) -> Self:
        """The connection of ``edges``, its page info read off them."""
        connection = cls(
            edges=edges,
            page_info=relay.PageInfo(
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
                has_previous_page=has_previous,
                has_next_page=has_next,
            ),
        )
        connection.nodes = nodes
        return connection

    @classmethod
    def _prefetched_page(cls, nodes: models.QuerySet[Any], info: Info, kwargs: dict[str, Any]) -> Self:
        """A nested list's page, cut by ``paged_prefetch`` in the optimizer's query for all parents."""
        fetched = list(nodes._result_cache or ())  # noqa: SLF001 (filled by the optimizer's prefetch)
        rows = [row for row in fetched if getattr(row, IN_PAGE)]
        keys = ordering_keys(nodes)
        model = nodes.model
        edges = cls._edges(rows, fingerprint(model, keys), keys, info, kwargs)
        if rows:
            has_previous = getattr(rows[0], ROW) > 1
            has_next = getattr(rows[-1], ROW) < getattr(rows[-1], TOTAL)
        elif fetched:  # an empty page of a list that has rows: where the page would have been
            first_row = fetched[0]
            total = getattr(first_row, TOTAL)
            has_previous = getattr(first_row, LOW) > 1 and total > 0
            has_next = getattr(first_row, HIGH) < total
        else:
            has_previous = has_next = False
        connection = cls._of(edges, nodes, has_previous, has_next)
        if not rows:  # no row for the parent at all: its list is empty
            connection.known_total = getattr(fetched[0], TOTAL) if fetched else 0
        return connection


def _comparator(keys: Sequence[Key]) -> Callable[[Sequence[Any], Sequence[Any]], int]:
    """-1 / 0 / 1: how two positions compare in the keys' order (NULLs where PostgreSQL puts them)."""

    def compare(a: Sequence[Any], b: Sequence[Any]) -> int:
        for key, x, y in zip(keys, a, b, strict=True):
            if x == y:
                continue
            if x is None or y is None:
                x_first = (x is None) == key.nulls_first
                return -1 if x_first else 1
            result = -1 if x < y else 1
            return -result if key.descending else result
        return 0

    return compare


def sort_key(keys: Sequence[Key]) -> Callable[[Sequence[Any]], Any]:
    return cmp_to_key(_comparator(keys))


# --- nested lists ------------------------------------------------------------------------------------


def one_parent_rows(queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    """One parent's nested list (``first:`` only), in the order ``paged_prefetch`` gives each parent's rows.

    ``paged_prefetch`` cuts every parent's page with window functions; for a single parent a ``LIMIT``
    does the same, and the window functions cost more to build than the whole query takes to run.
    """
    return queryset.order_by(*[key.order_by() for key in ordering_keys(queryset)])


def paged_prefetch(
    queryset: models.QuerySet[Any],
    info: Info,
    related_field_id: str,
    *,
    after: str | None = None,
    before: str | None = None,
    first: int | None = None,
    last: int | None = None,
) -> models.QuerySet[Any]:
    """A nested list's rows for all parents in one query, each parent's cut to the asked page.

    Window functions over each parent's whole list give a row's place (``ROW``) and the list's length
    (``TOTAL``, so ``totalCount`` stays that of the whole list); the rows after ``after`` are the
    list's tail and those before ``before`` its head, so counting them gives the page's bounds.
    """
    keys = ordering_keys(queryset)
    model = queryset.model
    after_values = _given(info, "after", after, model, keys)
    before_values = _given(info, "before", before, model, keys)
    order = [k.order_by() for k in keys]
    partition = F(related_field_id)
    queryset = _annotated(queryset, keys).order_by(*order)
    annotations: dict[str, Any] = {
        ROW: Window(RowNumber(), partition_by=partition, order_by=order),
        TOTAL: Window(Count(Value(1)), partition_by=partition),
    }
    low: Any = Value(1)
    high: Any = F(TOTAL)
    if after_values is not None:
        annotations["_keyset_after"] = Window(
            Count(Value(1), filter=beyond(keys, after_values)), partition_by=partition
        )
        low = F(TOTAL) - F("_keyset_after") + 1
    if before_values is not None:
        reverse = [k.reversed() for k in keys]
        annotations["_keyset_before"] = Window(
            Count(Value(1), filter=beyond(reverse, before_values)), partition_by=partition
        )
        high = F("_keyset_before")
    if first is not None:
        high = Least(high, low + first - 1) if before_values is not None or last is not None else low + first - 1
    if last is not None:
        low = Greatest(low, high - last + 1)
    queryset = queryset.annotate(**annotations).annotate(**{LOW: low, HIGH: high})
    in_page = Q(**{f"{ROW}__gte": F(LOW), f"{ROW}__lte": F(HIGH)})
    # Each parent's first row comes too, out of the page when it is not in it: an empty page then still
    # says how long the parent's list is and what lies around the page, without a query per parent.
    queryset = queryset.annotate(
        **{IN_PAGE: Case(When(in_page, then=Value(True)), default=Value(False), output_field=BooleanField())}
    ).annotate(
        _keyset_kept=Case(
            When(Q(**{IN_PAGE: True}), then=Value(True)),
            When(Q(**{ROW: 1}), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )
    return mark_optimized_by_prefetching(queryset.filter(_keyset_kept=True))
