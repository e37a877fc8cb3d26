"""What every list does with its ``filter:``, ``orderBy:`` and ``search:`` arguments."""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from typing import Any, TypeVar

import strawberry
import strawberry_django
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.exceptions import FieldError, ValidationError
from django.db import models
from graphql import GraphQLError
from strawberry.types import Info
from strawberry.types.arguments import StrawberryArgument
from strawberry_django import filters as django_filters
from strawberry_django.fields.field import StrawberryDjangoField
from strawberry_django.optimizer import is_optimized_by_prefetching
from strawberry_django.ordering import apply_ordering, process_ordering

from graphql_schema.permissions import membership_of, require_membership
from saas.access import policy, visibility
from tenants.models import Membership

from . import keyset

QuerySetT = TypeVar("QuerySetT", bound=models.QuerySet[Any])

MAX_SEARCH_TERMS = 8


class InvalidFilterError(GraphQLError):
    def __init__(self, detail: str) -> None:
        super().__init__(f"The filter cannot be applied: {detail}", extensions={"code": "INVALID_FILTER"})


class FieldHiddenError(GraphQLError):
    """A ``filter:`` / ``orderBy:`` field the member's role hides: refused, so its value cannot be probed."""

    def __init__(self, argument: str, field: str) -> None:
        super().__init__(
            f"Your role may not see `{field}`, so `{argument}` cannot use it.",
            extensions={"code": "FIELD_HIDDEN", "argument": argument, "field": field},
        )


def _set_fields(value: Any) -> list[tuple[Any, Any]]:
    """(strawberry field, value) of every field given in an input object."""
    definition = getattr(value, "__strawberry_definition__", None)
    if definition is None:
        return []
    given = []
    for field in definition.fields:
        item = getattr(value, field.name, strawberry.UNSET)
        if item is not strawberry.UNSET and item is not None:
            given.append((field, item))
    return given


def _only(value: Any, keep: Any) -> Any:
    """A copy of an input object with only the field ``keep`` given."""
    single = copy.copy(value)
    for field, _ in _set_fields(value):
        if field is not keep:
            setattr(single, field.name, strawberry.UNSET)
    return single


def _graphql_name(info: Info | None, field: Any) -> str:
    if field.graphql_name:
        return str(field.graphql_name)
    if info is not None:
        return str(info.schema.config.name_converter.get_graphql_name(field))
    return str(field.name)


def _hidden_in_filter(membership: Membership | None, filter: Any, model: type[models.Model], info: Info) -> list[str]:
    probe = django_filters.apply(filter, model._base_manager.all(), info)
    return visibility.hidden_fields_read(membership, probe.query)


def _name_hidden_filter_field(membership: Membership | None, filter: Any, model: type[models.Model], info: Info) -> str:
    """The (first) given filter field that reads a hidden column, ``AND`` / ``OR`` / ``NOT`` looked into."""
    for field, value in _set_fields(filter):
        if field.name in {"AND", "OR", "NOT"}:
            for nested in value if isinstance(value, list) else [value]:
                if _hidden_in_filter(membership, nested, model, info):
                    return _name_hidden_filter_field(membership, nested, model, info)
        elif _hidden_in_filter(membership, _only(filter, field), model, info):
            return _graphql_name(info, field)
    return ""


def refuse_hidden_filter(membership: Membership | None, filter: Any, model: type[models.Model], info: Info) -> None:
    """``FIELD_HIDDEN`` when the filter reads a field the member's role hides (before any row is read)."""
    # Any type's rules count: a condition may join into another record type (``company__credit_limit``).
    if filter is None or filter is strawberry.UNSET or not visibility.hides_anything(membership):
        return
    try:
        hidden = _hidden_in_filter(membership, filter, model, info)
    except (ValidationError, ValueError, TypeError, FieldError) as exc:
        raise InvalidFilterError(_message(exc)) from exc
    if hidden:
        named = _name_hidden_filter_field(membership, filter, model, info)
        raise FieldHiddenError("filter", named or _camel(hidden[0]))


def refuse_hidden_ordering(
    membership: Membership | None,
    order_type: type | None,
    order_by: Sequence[Any] | None,
    model: type[models.Model],
    info: Info,
) -> None:
    """``FIELD_HIDDEN`` when an ``orderBy:`` item sorts by a field the member's role hides."""
    if not order_by or order_type is None or not visibility.hides_anything(membership):
        return
    for item in order_by:
        probe, args = process_ordering(order_type, [item], info, model._base_manager.all())
        if args and visibility.hidden_in_ordering(membership, probe.order_by(*args)):
            given = _set_fields(item)
            raise FieldHiddenError("orderBy", _graphql_name(info, given[0][0]) if given else "")


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def prefix_query(text: str, config: str) -> SearchQuery | None:
    """``acme ind`` → every word, each as a prefix: ``'acme':* & 'ind':*`` (typeahead friendly)."""
    # Words only: ``ann@acme`` looks for ``ann`` and ``acme`` (records index e-mail parts as words too).
    terms = re.findall(r"\w+", text)[:MAX_SEARCH_TERMS]
    if not terms:
        return None
    return SearchQuery(" & ".join(f"'{t}':*" for t in terms), search_type="raw", config=config)


def search(
    queryset: QuerySetT,
    text: str | None,
    vector: SearchVector,
    config: str,
    membership: Membership | None = None,
) -> QuerySetT:
    """Full-text match on the record's indexed search vector (``vector`` must be the indexed expression).

    When the member's role hides some of the record's text, the words must also be found in the text it
    may see (``visibility.visible_search_vector``): the index narrows the rows, the recheck runs on those.
    """
    if not text or not text.strip():
        return queryset
    query = prefix_query(text, config)
    if query is None:
        return queryset
    queryset = queryset.alias(_search=vector).filter(_search=query)
    visible = visibility.visible_search_vector(membership, queryset.model, config)
    if visible is not None:
        queryset = queryset.alias(_search_visible=visible).filter(_search_visible=query)
    return queryset


def listed(
    queryset: QuerySetT,
    info: Info,
    *,
    filter: Any = None,
    order_by: Sequence[Any] | None = None,
    order_type: type | None = None,
    search_text: str | None = None,
    search_vector: SearchVector | None = None,
    search_config: str = "simple",
) -> QuerySetT:
    """Scope to what the member may read, then filter, search and order; pk breaks ties so pages are stable."""
    membership = require_membership(info)
    queryset = policy.scope_queryset(membership, queryset, "read")
    # A hidden field may not be used to learn its value: refused before anything runs (FIELD_HIDDEN).
    refuse_hidden_filter(membership, filter, queryset.model, info)
    refuse_hidden_ordering(membership, order_type, order_by, queryset.model, info)
    try:
        queryset = django_filters.apply(filter, queryset, info)
    except (ValidationError, ValueError, TypeError, FieldError) as exc:
        raise InvalidFilterError(_message(exc)) from exc
    if search_vector is not None:
        queryset = search(queryset, search_text, search_vector, search_config, membership)
    if order_by and order_type is not None:
        queryset = apply_ordering(order_type, order_by, info, queryset)
        queryset = queryset.order_by(*queryset.query.order_by, "pk")
    export = getattr(info.context, "bulk_export", None)
    if export == "check":  # a bulk export's query, checked on no rows (a condition none meets, still SQL)
        queryset = queryset.filter(pk__isnull=True)
    elif export is not None:  # a bulk export reads what the member may export (core/bulk_exports.py)
        queryset = policy.scope_queryset(membership, queryset, "export")
    return queryset


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    return str(exc).split("\n")[0][:200]


class NestedListField(StrawberryDjangoField):
    """A nested connection with the same ``filter:`` / ``orderBy:`` arguments as the root lists.

    strawberry-django names them ``filters`` / ``ordering``; only the GraphQL names change, so
    the optimizer still applies them inside its one prefetch query for all parents.
    """

    @property
    def arguments(self) -> list[StrawberryArgument]:
        arguments = super().arguments
        for argument in arguments:
            if argument.python_name == "filters":
                argument.graphql_name = "filter"
            elif argument.python_name == "ordering":
                argument.graphql_name = "orderBy"
        return arguments

    @arguments.setter
    def arguments(self, value: list[StrawberryArgument]) -> None:
        StrawberryDjangoField.arguments.fset(self, value)  # type: ignore[attr-defined]

    def get_queryset(self, queryset: Any, info: Any, **kwargs: Any) -> Any:
        # Also called by the optimizer while it builds its prefetch: a hidden field is refused before that runs.
        membership = membership_of(info)
        refuse_hidden_filter(membership, kwargs.get("filters"), queryset.model, info)
        refuse_hidden_ordering(membership, self.get_ordering(), kwargs.get("ordering"), queryset.model, info)
        if is_optimized_by_prefetching(queryset):  # already ordered, paginated and fetched by the optimizer
            return queryset
        queryset = super().get_queryset(queryset, info, **kwargs)
        if queryset.query.order_by:  # as in ``listed``: pk breaks ties, so pages are stable
            queryset = queryset.order_by(*queryset.query.order_by, "pk")
        related_field_id = kwargs.get("_strawberry_related_field_id")
        if related_field_id is not None:  # the optimizer's prefetch for all parents: each one's page, by keyset
            pages = {name: kwargs.get(name) for name in ("after", "before", "first", "last")}
            queryset = keyset.paged_prefetch(queryset, info, related_field_id, **pages)
        return queryset


def nested_list(filter: type, order: type, description: str | None = None) -> Any:
    """A nested connection (e.g. ``company.contacts``) with ``filter:`` and ``orderBy:``."""
    return strawberry_django.connection(
        field_cls=NestedListField, filters=filter, ordering=order, description=description
    )
