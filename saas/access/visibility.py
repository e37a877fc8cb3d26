"""Field rules on every read path that is not a field of a record: filters, sorting, search, duplicates.

``policy`` hides a field's *value*; this module keeps a member from learning it another way:

- ``hidden_fields_read(membership, *nodes)``: the hidden fields a filter's ``WHERE`` or an ordering reads
  (walks the ORM expressions, subqueries and joins included, so a hand-written filter method that
  reads ``emails`` counts too). The API refuses such a filter or ordering (``FIELD_HIDDEN``).
- ``visible_search_vector(membership, model, config)``: the record's text fields this member may see, as
  a search vector; full-text search matches it *as well as* the indexed vector, so words found only in
  hidden fields find nothing (the GIN index still narrows the rows; the recheck runs on those only).
- ``find_duplicates(membership, queryset, matches)``: duplicate candidates within the member's read
  scope, never matched on a hidden field; other matches are only counted as "one you cannot see".
- ``could_read_deleted(membership, record_type, record_id, owner_id)``: for ``deleted`` events.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.db.models import BooleanField, Case, F, Func, Q, Value, When
from django.db.models.expressions import Col
from django.db.models.sql import Query
from django.db.models.sql.where import WhereNode

from tenants.models import Membership

from . import policy
from .registry import RecordType, record_type_of

__all__ = [
    "UNKNOWN_OWNER",
    "Duplicates",
    "could_read_deleted",
    "find_duplicates",
    "hidden_fields_read",
    "hidden_in_ordering",
    "hides_anything",
    "visible_search_vector",
]


# --- which columns a query reads -----------------------------------------------------------------


def columns_read(*nodes: Any) -> Iterator[models.Field[Any, Any]]:
    """Every model field an ORM tree reads: where nodes, lookups, expressions, subqueries.

    Walks Django's resolved expression tree (``Col``, ``WhereNode``, ``sql.Query``; the same shape in
    Django 4.2 to 5.2). Only this function does; tests/access/test_hidden_fields_everywhere.py (a filter
    method, ``AND``/``OR``/``NOT``, ordering) and the read-path matrix fail if a Django upgrade changes it.
    """
    stack: list[Any] = list(nodes)
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, Col):
            yield node.target
        elif isinstance(node, models.QuerySet):
            stack.append(node.query)
        elif isinstance(node, Query):
            stack.append(node.where)
            stack.extend(node.annotations.values())
        elif isinstance(node, WhereNode):
            stack.extend(node.children)
        elif isinstance(node, (list, tuple)):
            stack.extend(node)
        else:
            if hasattr(node, "get_source_expressions"):
                stack.extend(node.get_source_expressions())
            for attr in ("lhs", "rhs", "query", "condition"):
                stack.append(getattr(node, attr, None))


def _hidden(membership: Membership | None, fields: Iterable[models.Field[Any, Any]]) -> list[str]:
    found: list[str] = []
    for field in fields:
        model = getattr(field, "model", None)
        if model is None or record_type_of(model) is None:
            continue
        if field.name in policy.hidden_fields(membership, "read", model) and field.name not in found:
            found.append(field.name)
    return found


def hides_anything(membership: Membership | None) -> bool:
    """Whether the member's role hides any field of any record type (else no condition needs checking)."""
    return bool(policy.hidden_by_record_type(membership))


def hidden_fields_read(membership: Membership | None, *nodes: Any) -> list[str]:
    """Names of the fields hidden from this member that these ORM nodes (e.g. ``queryset.query.where``) read."""
    return _hidden(membership, columns_read(*nodes))


def hidden_in_ordering(membership: Membership | None, queryset: models.QuerySet[Any]) -> list[str]:
    """The hidden fields the queryset's ``ORDER BY`` reads (resolved on a copy of its query: no SQL runs)."""
    query = queryset.query.clone()
    resolved: list[Any] = []
    for item in query.order_by:
        if isinstance(item, str):
            name = item.lstrip("-+")
            if name == "?" or "." in name:
                continue
            item = F(name)
        if hasattr(item, "resolve_expression"):
            resolved.append(item.resolve_expression(query, allow_joins=True, reuse=None))
    return hidden_fields_read(membership, resolved)


# --- search ---------------------------------------------------------------------------------------------

EMAIL_PUNCTUATION = r"[@.+_-]"


def _text_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    """The columns holding words: text, and arrays of text (e-mail addresses, phone numbers)."""
    text = (models.CharField, models.TextField)
    return [
        f
        for f in model._meta.concrete_fields
        if f.editable and (isinstance(f, text) or (isinstance(f, ArrayField) and isinstance(f.base_field, text)))
    ]


def _words(field: models.Field[Any, Any]) -> list[Any]:
    if not isinstance(field, ArrayField):
        return [F(field.name)]
    joined = Func(F(field.name), Value(" "), function="array_to_string", output_field=models.TextField())
    # As the indexed text does: ``ann@acme.com`` is also the words ``ann``, ``acme`` and ``com``.
    parts = Func(
        joined,
        Value(EMAIL_PUNCTUATION),
        Value(" "),
        Value("g"),
        function="regexp_replace",
        output_field=models.TextField(),
    )
    return [joined, parts]


def visible_search_vector(membership: Membership | None, model: type[models.Model], config: str) -> SearchVector | None:
    """The member's visible text fields as one vector, or None when none of the model's text is hidden.

    None is the common case (the indexed vector alone is exact). Otherwise a search must match this too:
    a word that only a hidden field holds (a contact's e-mail for a role that may not see it) finds nothing.
    """
    if record_type_of(model) is None:
        return None
    hidden = policy.hidden_fields(membership, "read", model)
    fields = _text_fields(model)
    if not hidden or not any(f.name in hidden for f in fields):
        return None
    words = [w for f in fields if f.name not in hidden for w in _words(f)]
    return SearchVector(*(words or [Value("")]), config=config)


# --- duplicates ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Duplicates:
    readable: list[Any]
    # Some other record matched that the member may not read: nothing more is said of it (no id, no field).
    unseen: bool = False

    def __bool__(self) -> bool:
        return bool(self.readable) or self.unseen


def find_duplicates(
    membership: Membership | None,
    queryset: models.QuerySet[Any],
    matches: Mapping[str, Q],
    *,
    limit: int = 10,
) -> Duplicates:
    """Records of ``queryset`` matching any of ``matches`` (field name → condition on that field).

    A condition on a field hidden from the member is dropped (a member never matches on what it cannot
    see); records outside the read scope are left out and only make ``unseen`` true. One query.
    """
    if not policy.is_active(membership):
        return Duplicates([])
    hidden = policy.hidden_fields(membership, "read", queryset.model)
    condition = Q()
    for field, match in matches.items():
        if field not in hidden:
            condition |= match
    if not condition:
        return Duplicates([])
    rows = queryset.filter(condition)
    record_type = record_type_of(queryset.model)
    scope = policy.scope_q(membership, record_type, "read") if record_type is not None else None
    if record_type is not None and scope is None:
        return Duplicates(list(rows[:limit]))
    if record_type is None:
        return Duplicates(list(rows[:limit]) if policy.allows(membership, "read", queryset.model) else [])
    readable = Case(When(scope, then=Value(True)), default=Value(False), output_field=BooleanField())
    ordering = [F("readable_by_member").desc(), *(queryset.query.order_by or ["pk"])]
    found = list(rows.annotate(readable_by_member=readable).order_by(*ordering)[: limit + 1])
    visible = [r for r in found if r.readable_by_member][:limit]
    return Duplicates(visible, unseen=any(not r.readable_by_member for r in found))


# --- events about records that are gone -------------------------------------------------------------


UNKNOWN_OWNER: Any = object()


def could_read_deleted(
    membership: Membership | None, record_type: RecordType, record_id: Any, owner_id: Any = UNKNOWN_OWNER
) -> bool:
    """Could the member read this record just before it was deleted?

    A soft-deleted row is still there (the base manager sees it): the list's own rule decides. A row
    that is gone is judged on the owner it had (``owner_id``, taken when the event was emitted) and on
    shares; ``readable_when`` rows cannot be judged any more and are refused unless the scope is ``all``.
    """
    if not policy.is_active(membership):
        return False
    assert membership is not None
    condition = policy.scope_q(membership, record_type, "read")
    if condition is None:
        return True
    model = record_type.model
    try:
        row = model._base_manager.filter(pk=record_id)
        if row.exists():
            return bool(row.filter(condition).exists())
    except (ValueError, TypeError):
        return False
    scope = policy.scope_for(membership, record_type, "read")
    known = owner_id is not UNKNOWN_OWNER and record_type.owner_field is not None
    if known and owner_id is not None and policy.owner_in_scope(membership, scope, int(owner_id)):
        return True
    if known and record_type.pool and owner_id is None and scope in {"own", "team"}:
        return True
    return policy.shared_with(membership, record_type, record_id)
