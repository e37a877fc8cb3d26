"""What a write changed, in the one shape audit entries, history and events use: ``{field: {old, new}}``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

# The record column holding custom fields; ``custom_fields.<key>`` names one of them in changes and field rules.
CUSTOM_FIELDS = "custom_fields"


def plain(value: Any) -> Any:
    """Return a JSON-friendly form of a field value, for audit entries and event payloads."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return str(value)  # Decimal, UUID, date, datetime


# Where ``set_many`` (saas.kernel.services) leaves the ids it set, for ``snapshot(..., new=True)``.
MANY_SET = "_kernel_many_set"


def remember_many(instance: models.Model, name: str, values: Iterable[Any]) -> None:
    """Note the ids a many-to-many field of ``instance`` was just set to (what ``snapshot`` of a new record reads)."""
    instance.__dict__.setdefault(MANY_SET, {})[name] = sorted({str(plain(v)) for v in values})


def snapshot(instance: models.Model, fields: Iterable[str], *, new: bool = False) -> dict[str, Any]:
    """Return the current values of ``fields`` (foreign keys by id), JSON-friendly.

    A record's custom fields come too, one entry each (``custom_fields.<key>``): history, audit and realtime
    events name the custom field that changed, and field rules can drop the ones a role hides.

    ``new``: the record was inserted by this very write, so a many-to-many field holds what ``set_many`` set
    (or nothing): no query reads it back.
    """
    set_now: dict[str, list[str]] = instance.__dict__.get(MANY_SET, {}) if new else {}
    values: dict[str, Any] = {}
    for key, value in (getattr(instance, "custom_fields", None) or {}).items():
        values[f"{CUSTOM_FIELDS}.{key}"] = plain(value)
    for name in fields:
        field = instance._meta.get_field(name)
        if isinstance(field, models.ForeignKey):
            values[name] = plain(getattr(instance, field.attname))
        elif isinstance(field, models.ManyToManyField) and new:
            values[name] = list(set_now.get(name, []))
        elif isinstance(field, models.ManyToManyField):
            values[name] = sorted(str(pk) for pk in getattr(instance, name).values_list("pk", flat=True))
        else:
            values[name] = plain(getattr(instance, name))
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Return ``{field: {"old": ..., "new": ...}}`` for every field whose value changed (or is gone: new None)."""
    changes = {
        name: {"old": before.get(name), "new": value} for name, value in after.items() if before.get(name) != value
    }
    for name, value in before.items():
        if name not in after and value is not None:
            changes[name] = {"old": value, "new": None}  # a custom field cleared
    return changes


def change(old: Any, new: Any) -> dict[str, Any]:
    """One field's entry in ``changes``, for writes that do not snapshot (bulk, pool rule, merge notes)."""
    return {"old": plain(old), "new": plain(new)}
