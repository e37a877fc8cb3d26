"""One list of several record types in one time order (a deal's timeline: interactions and activities).

Each part is a queryset of one record type that the caller has already narrowed to what the member may read,
with an expression giving each row its time in the list. The page is found by one query over all parts
(``UNION ALL`` of each part's keys, newest first, ties broken by id, cut after the cursor with a keyset
condition, the total and whether rows lie before the cursor counted in the same query); then each record
type on the page is loaded once, with the optimizer's relations for what the union's ``... on Type``
selects. So a page costs one query plus one per type on it (and their prefetches), whatever its length.

Cursors are the kit's keyset cursors (``keyset.encode``: signed, per workspace), of an ordering named by
the caller: one given out by another list is ``INVALID_CURSOR``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, models
from graphql import FieldNode, FragmentSpreadNode, GraphQLNonNull, GraphQLResolveInfo, InlineFragmentNode
from strawberry import relay
from strawberry.types import Info
from strawberry_django.optimizer import optimize, optimizer

from . import keyset
from .core_schema import resolve_info

AT = "_merged_at"


@dataclass(frozen=True)
class Part:
    """One record type of the list: its GraphQL type name, its readable rows, each row's time."""

    type_name: str
    queryset: models.QuerySet[Any]
    at: Any  # an expression over the part's model: where the row stands in the list (newest first)


@dataclass(frozen=True)
class Entry:
    cursor: str
    node: Any


@dataclass(frozen=True)
class MergedPage:
    entries: list[Entry]
    page_info: relay.PageInfo
    total_count: int


def _keys_sql(part: Part, index: int) -> tuple[str, tuple[Any, ...]]:
    rows = part.queryset.order_by().annotate(**{AT: part.at}).values_list("pk", AT)
    sql, params = rows.query.sql_with_params()
    return f"SELECT {index} AS part, keys.pk::text AS id, keys.at AS at FROM ({sql}) AS keys(pk, at)", params


_PAGE = """
WITH entries AS ({union})
SELECT part, id, at, (SELECT count(*) FROM entries) AS total, {probe} AS before_cursor
  FROM entries {after}
 ORDER BY at DESC, id
 LIMIT %s
"""


def _page_rows(parts: Sequence[Part], position: tuple[datetime.datetime, str] | None, limit: int) -> list[Any]:
    union: list[str] = []
    params: list[Any] = []
    for index, part in enumerate(parts):
        sql, part_params = _keys_sql(part, index)
        union.append(sql)
        params.extend(part_params)
    after, probe = "", "false"
    if position is not None:
        at, pk = position
        # newest first: after the cursor is older, or as old with a greater id; the probe looks the other way
        probe = "EXISTS (SELECT 1 FROM entries WHERE at > %s OR (at = %s AND id <= %s))"
        after = "WHERE at <= %s AND (at < %s OR id > %s)"
        params.extend([at, at, pk, at, at, pk])
    sql = _PAGE.format(union=" UNION ALL ".join(union), probe=probe, after=after)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        return cursor.fetchall()


def _fields(selections: Iterable[Any], info: GraphQLResolveInfo) -> Iterable[FieldNode]:
    for selection in selections:
        if isinstance(selection, FieldNode):
            yield selection
        elif isinstance(selection, InlineFragmentNode):
            yield from _fields(selection.selection_set.selections, info)
        elif isinstance(selection, FragmentSpreadNode):
            fragment = info.fragments.get(selection.name.value)
            if fragment is not None:
                yield from _fields(fragment.selection_set.selections, info)


def _node_fields(raw: GraphQLResolveInfo) -> list[FieldNode]:
    """The connection's ``edges { node }`` selections, fragments looked into."""
    nodes: list[FieldNode] = []
    top = [s for f in raw.field_nodes if f.selection_set is not None for s in f.selection_set.selections]
    for edges in _fields(top, raw):
        if edges.name.value == "edges" and edges.selection_set is not None:
            nodes.extend(n for n in _fields(edges.selection_set.selections, raw) if n.name.value == "node")
    return nodes


def _loaded(part: Part, pks: list[Any], raw: GraphQLResolveInfo, node_fields: list[FieldNode]) -> dict[str, Any]:
    """The part's rows on the page, with the relations its ``... on Type`` selection reads (one query each)."""
    rows = part.queryset.model._base_manager.filter(pk__in=pks)
    gql_type = raw.schema.get_type(part.type_name)
    if node_fields and gql_type is not None:
        node_info = raw._replace(
            field_name="node",
            field_nodes=node_fields,
            return_type=GraphQLNonNull(gql_type),  # type: ignore[arg-type]
            path=raw.path.add_key("edges").add_key(0).add_key("node", part.type_name),
        )
        extension = optimizer.get()
        rows = extension.optimize(rows, node_info) if extension is not None else optimize(rows, node_info)
    return {str(row.pk): row for row in rows}


def merged_page(
    info: Info, parts: Sequence[Part], *, ordering: str, first: int | None, after: str | None
) -> MergedPage:
    """The page of ``first`` entries after the cursor ``after``, newest first (see the module docstring)."""
    raw = resolve_info(info)
    size = 20 if first is None else first
    position: tuple[datetime.datetime, str] | None = None
    if after is not None:
        cursor = keyset.decode(after)
        path = ".".join(str(p) for p in raw.path.as_list() if isinstance(p, str))
        if cursor is None or cursor.ordering != ordering or len(cursor.values) != 2 or None in cursor.values:
            raise keyset.InvalidCursorError("after", path, raw.field_nodes, " for this list")
        try:
            position = (datetime.datetime.fromisoformat(str(cursor.values[0])), str(cursor.values[1]))
        except ValueError as exc:
            raise keyset.InvalidCursorError("after", path, raw.field_nodes) from exc
    found = _page_rows(parts, position, size + 1)
    total = int(found[0][3]) if found else _count(parts)
    # an empty page after a cursor: nothing lies after it, so every row lies before it
    before_cursor = bool(found[0][4]) if found else position is not None and total > 0
    more = len(found) > size
    found = found[:size]
    node_fields = _node_fields(raw)
    by_part: dict[int, list[str]] = {}
    for part_index, pk, _, _, _ in found:
        by_part.setdefault(part_index, []).append(pk)
    loaded = {index: _loaded(parts[index], pks, raw, node_fields) for index, pks in by_part.items()}
    entries = [
        Entry(keyset.encode(ordering, [at, pk]), loaded[part_index][pk])
        for part_index, pk, at, _, _ in found
        if pk in loaded[part_index]  # gone between the two queries
    ]
    return MergedPage(
        entries,
        relay.PageInfo(
            start_cursor=entries[0].cursor if entries else None,
            end_cursor=entries[-1].cursor if entries else None,
            has_previous_page=before_cursor,
            has_next_page=more,
        ),
        total,
    )


def _count(parts: Sequence[Part]) -> int:
    """The list's length, for an empty page (which has no row to carry it)."""
    return sum(part.queryset.order_by().count() for part in parts)
