"""A list's ``filter:``, ``search:`` and ``orderBy:`` (as the web client sends them) → the member's export queryset."""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from django.contrib.postgres.search import SearchQuery
from django.db import models
from django.db.models import Q

from saas.access import policy
from saas.customers.models import SEARCH_CONFIG, search_vector
from saas.errors import FieldError, ServiceError
from tenants.models import Membership

from .lists import ExportList

#: The API's operators and the ORM lookups they are.
OPERATORS = {
    "eq": "exact",
    "in": "in",
    "gte": "gte",
    "lte": "lte",
    "contains": "icontains",
    "startsWith": "istartswith",
    "isNull": "isnull",
}
MAX_SEARCH_TERMS = 8
MODES = ("active", "pool", "deleted")


def invalid(field: str, message: str) -> ServiceError:
    return ServiceError(FieldError(field, message, "invalid"))


def _decode(global_id: Any, field: str) -> str:
    """A Relay global id ("Type:pk", base64) → the pk."""
    try:
        _type, _, pk = base64.b64decode(str(global_id), validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise invalid(field, f"Not an id: {global_id!r}.") from exc
    if not pk:
        raise invalid(field, f"Not an id: {global_id!r}.")
    return pk


def _choice(name: Any, field: str) -> str:
    """An enum name of the API (``ACTIVE``) → the stored value (``active``)."""
    if not isinstance(name, str):
        raise invalid(field, f"Not a choice: {name!r}.")
    return name.lower()


def filter_q(export: ExportList, membership: Membership, spec: Any) -> Q:
    """The ``Q`` of a list filter; unknown keys or operators are refused (nothing is silently ignored)."""
    if spec in (None, {}):
        return Q()
    if not isinstance(spec, dict):
        raise invalid("filter", "The filter must be an object.")
    condition = Q()
    for key, value in spec.items():
        if key == "mine":
            if not isinstance(value, bool):
                raise invalid("filter", "mine takes true or false.")
            mine = Q(owner_id=membership.user_id)
            condition &= mine if value else ~mine
            continue
        declared = export.filters.get(key)
        if declared is None or not isinstance(value, dict):
            raise invalid("filter", f"Unknown filter: {key}.")
        for operator, operand in value.items():
            lookup = OPERATORS.get(operator)
            if lookup is None:
                raise invalid("filter", f"Unknown operator {operator} on {key}.")
            if declared.kind in {"id", "choice"} and operator in {"eq", "in"}:
                convert = _decode if declared.kind == "id" else _choice
                operand = [convert(v, "filter") for v in operand] if operator == "in" else convert(operand, "filter")
            condition &= Q(**{f"{declared.path}__{lookup}": operand})
    return condition


def search_q(queryset: models.QuerySet[Any], text: str | None) -> models.QuerySet[Any]:
    """Every word as a prefix on the indexed search text, as the list's ``search:`` does."""
    terms = re.findall(r"\w+", text or "")[:MAX_SEARCH_TERMS]
    if not terms:
        return queryset
    query = SearchQuery(" & ".join(f"'{t}':*" for t in terms), search_type="raw", config=SEARCH_CONFIG)
    return queryset.alias(_search=search_vector()).filter(_search=query)


def ordering(export: ExportList, spec: Any) -> list[Any]:
    """``[{"name": "ASC"}, {"createdAt": "DESC"}]`` → ORM ordering, pk last so the order is total."""
    if spec in (None, []):
        return ["pk"]
    if not isinstance(spec, list):
        raise invalid("orderBy", "The ordering must be a list.")
    order: list[Any] = []
    for entry in spec:
        if not isinstance(entry, dict) or len(entry) != 1:
            raise invalid("orderBy", "Each ordering entry names one field.")
        ((key, direction),) = entry.items()
        path = export.orderings.get(key)
        if path is None or not isinstance(direction, str) or direction.split("_")[0] not in {"ASC", "DESC"}:
            raise invalid("orderBy", f"Cannot order by {key} {direction}.")
        expression = models.F(path)
        nulls = {"nulls_first": True} if direction.endswith("NULLS_FIRST") else {}
        if direction.endswith("NULLS_LAST"):
            nulls = {"nulls_last": True}
        order.append(expression.desc(**nulls) if direction.startswith("DESC") else expression.asc(**nulls))
    return [*order, "pk"]


def matching(
    export: ExportList, membership: Membership, *, mode: str, filter: Any, search: str | None, order_by: Any
) -> models.QuerySet[Any]:
    """The rows a member may export from the list as filtered, searched and ordered. Refuses a role without export."""
    if mode not in MODES:
        raise invalid("mode", f"Unknown list: {mode}.")
    policy.check(membership, "export", export.model)
    queryset = policy.scope_queryset(membership, export.base(mode), "export")
    queryset = search_q(queryset.filter(filter_q(export, membership, filter)), search)
    if export.filters.get("tags") and isinstance(filter, dict) and "tags" in filter:
        queryset = queryset.distinct()
    return (
        queryset.select_related(*export.select_related)
        .prefetch_related(*export.prefetch_related)
        .order_by(*ordering(export, order_by))
    )
