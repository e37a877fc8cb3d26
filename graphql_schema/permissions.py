"""Who may ask, and what they get: the GraphQL side of ``saas.access.policy``.

Module types use these instead of checking roles in resolvers:

- Reads are scoped by ``graphql_schema.core.nodes.Scoped``, the one mixin of every record type:
  its ``get_queryset`` narrows every list, connection, ``node(id:)`` lookup and nested relation
  (the optimizer prefetches through it) to the rows the member may read, in SQL.
- ``protect_fields(TypeClass)`` (or ``@access_controlled`` = checks ``Scoped`` + protects): every field named in the
  record type's ``sensitive_fields`` gets ``FieldRuleExtension``: a field hidden for the
  member's role resolves to null with a ``FORBIDDEN`` error entry at its path.
  ``sensitive_field()`` declares a single protected field by hand.
- ``scoped(info, queryset, action)`` / ``get_record(info, model, pk, action)``: for hand-written
  resolvers and mutations (``get_record`` answers "not found" for rows out of scope, so a
  record's existence is not revealed).
"""

from __future__ import annotations

from typing import Any, TypeVar

import strawberry_django
from django.db import models
from strawberry.extensions import FieldExtension
from strawberry.types import Info
from strawberry.types.base import StrawberryOptional
from strawberry.types.field import StrawberryField

from saas.access import policy
from saas.access.registry import record_type_of
from saas.errors import FieldError, ServiceError
from tenants.models import Membership

from .errors import Forbidden, NotAuthenticated, request_of

ModelT = TypeVar("ModelT", bound=models.Model)
QuerySetT = TypeVar("QuerySetT", bound=models.QuerySet[Any])
TypeT = TypeVar("TypeT", bound=type)


def membership_of(info: Any) -> Membership | None:
    return getattr(request_of(info), "membership", None)


def require_membership(info: Any) -> Membership:
    membership = membership_of(info)
    if membership is None:
        raise NotAuthenticated()
    return membership


def require_admin(info: Any) -> Membership:
    """For settings queries: owners and admins only (a GraphQL ``FORBIDDEN`` error otherwise)."""
    membership = require_membership(info)
    if not policy.is_admin(membership):
        raise Forbidden("Only owners and admins see this.")
    return membership


def per_request(info: Any, key: str, load: Any) -> Any:
    """Compute once per HTTP request (e.g. a lookup table shared by every row of a page)."""
    request = request_of(info)
    cache: dict[str, Any] = request.__dict__.setdefault("_graphql_cache", {})
    if key not in cache:
        cache[key] = load()
    return cache[key]


def scoped(info: Any, queryset: QuerySetT, action: policy.Action = "read") -> QuerySetT:
    return policy.scope_queryset(membership_of(info), queryset, action)


def get_record(info: Any, model: type[ModelT], pk: Any, action: policy.Action = "read", field: str = "id") -> ModelT:
    """The record with ``pk`` if the member may ``action`` it; ``not_found`` (ServiceError) otherwise."""
    record = scoped(info, model._default_manager.filter(pk=pk), "read").first() if pk is not None else None
    if record is None:
        raise ServiceError(FieldError(field, "No such record, or not yours to see.", "not_found"))
    if action != "read":
        policy.check(membership_of(info), action, record)
    return record


class FieldRuleExtension(FieldExtension):
    """A field the member's role hides resolves to null, with a ``FORBIDDEN`` error entry at its path.

    ``also``: more sensitive fields the value is derived from (a balance from a total and what was
    paid); hiding any of them hides this field too.
    """

    def __init__(
        self, field_name: str | None = None, model: type[models.Model] | None = None, also: tuple[str, ...] = ()
    ) -> None:
        self.field_name = field_name
        self.model = model  # check this record type's rule (a quote line's price follows its quote's total)
        self.also = also

    def apply(self, field: StrawberryField) -> None:
        if self.field_name is None:
            self.field_name = getattr(field, "django_name", None) or field.python_name

    def resolve(self, next_: Any, source: Any, info: Info, **kwargs: Any) -> Any:
        if isinstance(source, models.Model) and self.field_name:
            membership = membership_of(info)
            for name in (self.field_name, *self.also):
                if policy.field_rule(membership, self.model or type(source), name) == "hidden":
                    raise Forbidden(f"Your role may not see {info.field_name}.")
        return next_(source, info, **kwargs)


def sensitive_field(*, rule_of: tuple[type[models.Model], str] | None = None, **kwargs: Any) -> Any:
    """``strawberry_django.field`` guarded by the role's field rules; its type must be nullable.

    ``rule_of=(Quote, "total")``: guarded by that record type's rule on that field instead (for a field of
    a type that is not a record type of its own, such as a quote's line).
    """
    guard = FieldRuleExtension(rule_of[1], rule_of[0]) if rule_of else FieldRuleExtension(kwargs.get("field_name"))
    extensions = [*kwargs.pop("extensions", []), guard]
    return strawberry_django.field(extensions=extensions, **kwargs)


def protect_fields(type_cls: TypeT) -> TypeT:
    """Attach ``FieldRuleExtension`` to every sensitive field of the type's registered model.

    Apply after ``@strawberry_django.type`` (i.e. write it above it). Raises at import time when a
    sensitive field is declared non-null: a hidden field must be able to resolve to null.
    """
    django_definition = getattr(type_cls, "__strawberry_django_definition__", None)
    model = getattr(django_definition, "model", None)
    record_type = record_type_of(model) if model is not None else None
    if record_type is None:
        raise TypeError(f"{type_cls.__name__}: its model is not a registered record type (saas.access.registry)")
    definition = type_cls.__strawberry_definition__  # type: ignore[attr-defined]
    for field in definition.fields:
        name = getattr(field, "django_name", None) or field.python_name
        if name not in record_type.sensitive_fields:
            continue
        if not isinstance(field.type, StrawberryOptional):
            raise TypeError(f"{type_cls.__name__}.{field.python_name} is sensitive, so it must be nullable")
        if not any(isinstance(ext, FieldRuleExtension) for ext in field.extensions):
            field.extensions.append(FieldRuleExtension(name))
    return type_cls


def access_controlled(type_cls: TypeT) -> TypeT:
    """Check the type mixes in ``Scoped`` (the one read path) and protect its sensitive fields."""
    from graphql_schema.core.nodes import Scoped  # nodes imports this module

    if not issubclass(type_cls, Scoped):
        raise TypeError(f"{type_cls.__name__} must inherit graphql_schema.core.nodes.Scoped")
    return protect_fields(type_cls)
