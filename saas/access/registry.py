"""The CRM record types that access rules, realtime events and the permission test matrix know of.

Each module registers its models once (in its ``AppConfig.ready``)::

    register(Company, owner_field="owner", sensitive_fields=("credit_limit",))
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models


@dataclass(frozen=True)
class RecordType:
    model: type[models.Model]
    name: str
    owner_field: str | None = "owner"
    sensitive_fields: tuple[str, ...] = field(default_factory=tuple)


RECORD_TYPES: dict[str, RecordType] = {}


def register(
    model: type[models.Model],
    *,
    name: str | None = None,
    owner_field: str | None = "owner",
    sensitive_fields: tuple[str, ...] = (),
) -> RecordType:
    """Make ``model`` a CRM record type under its GraphQL type name (the model's name by default)."""
    record_type = RecordType(model, name or model.__name__, owner_field, sensitive_fields)
    RECORD_TYPES[record_type.name] = record_type
    return record_type


def record_type_of(model: type[models.Model]) -> RecordType | None:
    return next((rt for rt in RECORD_TYPES.values() if rt.model is model), None)
