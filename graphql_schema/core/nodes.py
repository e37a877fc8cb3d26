"""Relay nodes: global ids, ``node(id:)`` / ``nodes(ids:)``, and the base every record type uses."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cached_property
from typing import Any, ClassVar

import strawberry
import strawberry_django
from django.core.exceptions import ValidationError
from django.db import models
from graphql import GraphQLError
from strawberry import relay
from strawberry.types import Info
from strawberry.types.base import StrawberryObjectDefinition
from strawberry_django.fields.field import StrawberryDjangoField
from strawberry_django.utils.typing import get_django_definition

from graphql_schema.errors import request_of
from graphql_schema.permissions import require_membership
from saas.access import policy
from saas.errors import FieldError, ServiceError

from .prefetch import list_attribute

MAX_NODES = 100


def membership_of(info: Info) -> Any:
    return getattr(request_of(info), "membership", None)


class Scoped:
    """Mix into every record type: every way to reach a row (lists, nested, ``node``) goes through here."""

    # The node id is the primary key. Said once here: without it strawberry re-scans every
    # annotation of the type for a NodeID on each id it resolves (most of a list's CPU time).
    _id_attr: ClassVar[str | None] = "pk"

    @classmethod
    def get_queryset(cls, queryset: models.QuerySet[Any], info: Info, **kwargs: Any) -> models.QuerySet[Any]:
        return policy.scope_queryset(membership_of(info), queryset, "read")


class ColumnField(StrawberryDjangoField):
    """A field of a record type; plain columns take strawberry's fast path for default resolvers.

    strawberry-django marks all its fields as non-basic, so even ``firstName`` goes through
    argument conversion and the field-extension chain on every row. A plain column (no
    resolver, relation, arguments or extensions) only needs its attribute read; that is
    most of the fields of a list, and a large share of its CPU time.
    """

    @property
    def is_basic_field(self) -> bool:
        return (
            self.base_resolver is None
            and not self.is_relation
            and not self.extensions
            and not self.arguments
            and not self.permission_classes
        )

    @cached_property
    def prefetched_list(self) -> str | None:
        """Where the optimizer's prefetch leaves this many-to-many list as a plain list (see core/prefetch.py)."""
        if (
            not self.is_list
            or self.base_resolver is not None
            or self.is_connection
            or self.is_paginated
            or self.arguments
            or type(self).get_queryset is not StrawberryDjangoField.get_queryset
        ):
            return None
        return list_attribute(self.django_name or self.python_name)

    def get_result(self, source: Any, info: Any, args: list[Any], kwargs: dict[str, Any]) -> Any:
        if info is None and self.is_basic_field:  # the fast path passes no info
            return getattr(source, self.django_name or self.python_name)
        attribute = self.prefetched_list
        if attribute is not None:
            rows = getattr(source, "__dict__", {}).get(attribute)
            if rows is not None:  # what the prefetched queryset's cache would hold
                return rows
        return super().get_result(source, info, args, kwargs)


def column(description: str, **options: Any) -> Any:
    """A described field of a record type that stays a ``ColumnField`` like an undescribed one.

    ``strawberry_django.field(description=...)`` alone makes a plain field: plain columns lose the
    fast path and relations (``parent``, ``tags``) change how the optimizer fetches them.
    """
    return strawberry_django.field(description=description, field_cls=ColumnField, **options)


def record_type(model: type[models.Model], **options: Any) -> Any:
    """``strawberry_django.type`` for CRM record types (fast plain columns).

    A record type whose model has custom fields (``SoftDeletableRecord``) gets ``customFields`` here.
    """
    from .custom_fields import custom_fields_field, has_custom_fields

    declare = strawberry_django.type(model, field_cls=ColumnField, **options)

    def decorate(cls: type) -> Any:
        if has_custom_fields(model) and "custom_fields" not in cls.__dict__:
            cls.custom_fields = custom_fields_field()  # type: ignore[attr-defined]
        return declare(cls)

    return decorate


def node_type_of(info: Info, type_name: str) -> type[relay.Node] | None:
    """The record type a global id names; None for an unknown name or an interface (``Node`` itself)."""
    definition = info.schema.get_type_by_name(type_name)
    if not isinstance(definition, StrawberryObjectDefinition) or definition.is_interface:
        return None
    origin = definition.origin
    if isinstance(origin, type) and issubclass(origin, relay.Node):
        return origin
    return None


def parse_node_id(node_type: type[relay.Node], node_id: str) -> Any:
    """The primary key a node id stands for, or None when it cannot be one (then nothing is found)."""
    custom = getattr(node_type, "parse_node_id", None)
    if custom is not None:
        return custom(node_id)
    definition = get_django_definition(node_type)
    if definition is None:
        return node_id
    try:
        return definition.model._meta.pk.to_python(node_id)
    except (ValidationError, ValueError, TypeError):
        return None


def resolve_global_ids(info: Info, ids: Iterable[relay.GlobalID]) -> list[Any]:
    """The records behind ``ids``, in order; None for any id that names nothing this member may read."""
    require_membership(info)
    ids = list(ids)
    results: list[Any] = [None] * len(ids)
    wanted: dict[type[relay.Node], list[tuple[int, str]]] = defaultdict(list)
    for index, global_id in enumerate(ids):
        node_type = node_type_of(info, global_id.type_name)
        if node_type is None or parse_node_id(node_type, global_id.node_id) is None:
            continue
        wanted[node_type].append((index, global_id.node_id))
    for node_type, items in wanted.items():
        found = node_type.resolve_nodes(info=info, node_ids=[node_id for _, node_id in items], required=False)
        for (index, _), record in zip(items, found, strict=True):  # type: ignore[arg-type]
            results[index] = record
    return results


def decode_id(value: relay.GlobalID | None, type_name: str, field: str) -> Any:
    """The primary key inside a global id given as input; ``not_found`` when it names another type."""
    if value is None:
        return None
    if value.type_name != type_name:
        raise ServiceError(FieldError(field, f"Expected the id of a {type_name}.", "not_found"))
    return value.node_id


def decode_ids(values: Iterable[relay.GlobalID] | None, type_name: str, field: str) -> list[Any] | None:
    if values is None:
        return None
    return [decode_id(v, type_name, field) for v in values]


def parse_global_id(value: str) -> relay.GlobalID | None:
    try:
        return relay.GlobalID.from_id(value)
    except (relay.GlobalIDValueError, ValueError, TypeError):
        return None


_NOT_BUILT = object()


def _built_record(info: Info, global_id: relay.GlobalID) -> Any:
    """The record as PostgreSQL wrote it (core/sqlrecords.py), None when not found, else ``_NOT_BUILT``."""
    require_membership(info)
    node_type = node_type_of(info, global_id.type_name)
    if node_type is None or get_django_definition(node_type) is None:
        return _NOT_BUILT
    pk = parse_node_id(node_type, global_id.node_id)
    if pk is None:
        return _NOT_BUILT
    from .sqlrecords import NOT_BUILT, sql_record  # it builds on this module (through sqlpages)

    record = sql_record(info, node_type, global_id.type_name, pk)
    return _NOT_BUILT if record is NOT_BUILT else record


@strawberry.type
class NodeQuery:
    @strawberry.field(description="Any record by its global id; null when it does not exist or is not yours to see.")
    def node(self, info: Info, id: strawberry.ID) -> relay.Node | None:
        global_id = parse_global_id(id)
        if global_id is None:
            return None
        record = _built_record(info, global_id)
        if record is not _NOT_BUILT:
            return record
        return resolve_global_ids(info, [global_id])[0]

    @strawberry.field(
        description=f"Records by global id, in the same order; null for each one not found. At most {MAX_NODES}."
    )
    def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[relay.Node | None]:
        if len(ids) > MAX_NODES:
            raise GraphQLError(f"At most {MAX_NODES} ids at once.", extensions={"code": "TOO_MANY_IDS"})
        parsed = [parse_global_id(i) for i in ids]
        found = iter(resolve_global_ids(info, [g for g in parsed if g is not None]))
        return [next(found) if g is not None else None for g in parsed]


def extend_type(target: type, extension: type) -> None:
    """Add the fields of ``extension`` to another module's record type ``target`` (``Company.outstandingBalance``).

    ``extension`` is a plain class of ``strawberry_django`` fields (optimizer hints and field extensions
    included), written in the module that owns the figure, so the record type's own module never imports
    it. Call it when the module's types are imported: ``graphql_schema.modules`` imports every module
    before the schemas are built.
    """
    definition = get_django_definition(target)
    assert definition is not None, f"{target.__name__} is not a record type"
    processed: Any = strawberry_django.type(definition.model, name=f"{target.__name__}{extension.__name__}")(extension)
    fields = target.__strawberry_definition__.fields  # type: ignore[attr-defined]
    taken = {f.python_name for f in fields}
    for field in processed.__strawberry_definition__.fields:
        assert field.python_name not in taken, f"{target.__name__}.{field.python_name} exists"
        field.origin = target
        fields.append(field)
        setattr(target, field.python_name, field)
