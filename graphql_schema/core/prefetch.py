"""Many-to-many lists of a page prefetched as plain lists, not one related manager per row.

For ``contacts(first: 100) { edges { node { tags { ... } } } }`` the optimizer prefetches
``tags`` with one query, then Django gives every contact a related manager and a cloned,
filtered queryset holding its tags: ~40 µs of Python per row, most of the page's ORM time.
With ``Prefetch(to_attr=...)`` Django sets a plain list instead. ``CrmOptimizer`` rewrites
the optimizer's own top-level many-to-many prefetches that way; the field (``ColumnField``)
and its selection plan read that list, which holds what the manager's cached queryset held
(the same query, scoped by the target type's ``get_queryset``, same rows, same order).
Anything else (nested prefetches through the list, prefetches declared by hand, reverse
relations) is left as the optimizer made it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Prefetch
from django.db.models.constants import LOOKUP_SEP
from graphql import GraphQLResolveInfo
from strawberry.types import Info
from strawberry_django.optimizer import DjangoOptimizerExtension, OptimizerStore


def list_attribute(name: str) -> str:
    """Where a prefetched many-to-many list of the relation ``name`` is kept on each row."""
    return f"_prefetched_list_{name}"


def prefetch_lists_as_attributes(queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    lookups = getattr(queryset, "_prefetch_related_lookups", ())
    if not lookups:
        return queryset
    paths = [lookup.prefetch_to if isinstance(lookup, Prefetch) else lookup for lookup in lookups]
    rewritten: list[Any] = []
    for lookup in lookups:
        if _listable(queryset.model, lookup, paths):
            name = lookup.prefetch_through
            as_list = Prefetch(name, queryset=lookup.queryset, to_attr=list_attribute(name))
            as_list._optimizer_sentinel = lookup._optimizer_sentinel  # type: ignore[attr-defined]
            rewritten.append(as_list)
        else:
            rewritten.append(lookup)
    if rewritten != list(lookups):
        # A fresh queryset: optimize() cloned it when it added the prefetches.
        queryset._prefetch_related_lookups = tuple(rewritten)  # type: ignore[attr-defined]
    return queryset


def _listable(model: type[models.Model], lookup: Any, paths: list[str]) -> bool:
    if not isinstance(lookup, Prefetch) or lookup.to_attr or getattr(lookup, "_optimizer_sentinel", None) is None:
        return False
    name = lookup.prefetch_through
    if LOOKUP_SEP in name or any(p.startswith(name + LOOKUP_SEP) for p in paths):
        return False  # nested, or another prefetch goes through it (it needs the manager's cache)
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a prefetch through a name that is not a field (a GenericRelation's, say)
        return False
    return isinstance(field, models.ManyToManyField) and lookup.queryset is not None


class CrmOptimizer(DjangoOptimizerExtension):
    """strawberry-django's optimizer; its many-to-many prefetches of a list fill plain lists."""

    def optimize(
        self,
        qs: Any,
        info: GraphQLResolveInfo | Info,
        *,
        store: OptimizerStore | None = None,
    ) -> Any:
        if store is None and self.enabled.get() and isinstance(qs, models.QuerySet):
            # A root connection whose nodes PostgreSQL builds needs no prefetch (core/sqlpages.py,
            # imported here: it builds on plans, which build on this module).
            from .sqlpages import sql_page

            page = sql_page(qs, info, lambda: self._optimize(qs, info, store))
            if page is not None:
                return page
        return self._optimize(qs, info, store)

    def _optimize(self, qs: Any, info: GraphQLResolveInfo | Info, store: OptimizerStore | None) -> Any:
        optimized = super().optimize(qs, info, store=store)
        if optimized is qs:  # not a queryset optimize() made: it may be shared, leave it be
            return optimized
        return prefetch_lists_as_attributes(optimized)
