"""What every list does with its ``filter:``, ``orderBy:`` and ``search:`` arguments."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, TypeVar

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
from strawberry_django.ordering import apply_ordering

from graphql_schema.permissions import require_membership
from saas.access import policy

QuerySetT = TypeVar("QuerySetT", bound=models.QuerySet[Any])

MAX_SEARCH_TERMS = 8


class InvalidFilterError(GraphQLError):
    def __init__(self, detail: str) -> None:
        super().__init__(f"The filter cannot be applied: {detail}", extensions={"code": "INVALID_FILTER"})


def prefix_query(text: str, config: str) -> SearchQuery | None:
    """``acme ind`` → every word, each as a prefix: ``'acme':* & 'ind':*`` (typeahead friendly)."""
    # Words only: ``ann@acme`` looks for ``ann`` and ``acme`` (records index e-mail parts as words too).
    terms = re.findall(r"\w+", text)[:MAX_SEARCH_TERMS]
    if not terms:
        return None
    return SearchQuery(" & ".join(f"'{t}':*" for t in terms), search_type="raw", config=config)


def search(queryset: QuerySetT, text: str | None, vector: SearchVector, config: str) -> QuerySetT:
    """Full-text match on the record's indexed search vector (``vector`` must be the indexed expression)."""
    if not text or not text.strip():
        return queryset
    query = prefix_query(text, config)
    if query is None:
        return queryset
    return queryset.alias(_search=vector).filter(_search=query)


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
    try:
        queryset = django_filters.apply(filter, queryset, info)
    except (ValidationError, ValueError, TypeError, FieldError) as exc:
        raise InvalidFilterError(_message(exc)) from exc
    if search_vector is not None:
        queryset = search(queryset, search_text, search_vector, search_config)
    if order_by and order_type is not None:
        queryset = apply_ordering(order_type, order_by, info, queryset)  # type: ignore[arg-type]
        queryset = queryset.order_by(*queryset.query.order_by, "pk")
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
        if is_optimized_by_prefetching(queryset):  # already ordered, paginated and fetched by the optimizer
            return queryset
        queryset = super().get_queryset(queryset, info, **kwargs)
        if queryset.query.order_by:  # as in ``listed``: pk breaks ties, so pages are stable
            queryset = queryset.order_by(*queryset.query.order_by, "pk")
        return queryset


def nested_list(filter: type, order: type, description: str | None = None) -> Any:
    """A nested connection (e.g. ``company.contacts``) with ``filter:`` and ``orderBy:``."""
    return strawberry_django.connection(
        field_cls=NestedListField, filters=filter, ordering=order, description=description
    )
