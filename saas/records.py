"""What every CRM record has in common: a UUID key, timestamps and (optionally) soft delete.

UUID keys are unique across tenants, so a global id from one workspace never
names a record in another one: ``node(id:)`` with a foreign id finds nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable
from typing import Any, Self, TypeVar

from django.conf import settings
from django.db import models
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init
from django.utils import timezone

from saas.audit.history import AuditHistory

ModelT = TypeVar("ModelT", bound=models.Model)


def user_reference(**options: Any) -> Any:
    """A link from a tenant record to a (global) user in schema ``public``.

    No database constraint and no cascade: Django would look for the linked rows
    in the schema of whoever deletes the user, which is ``public``, where tenant
    tables don't exist. Users are deactivated, not deleted; their records stay
    and are reassigned in bulk.
    """
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", **options
    )


class Record(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The record's audit trail, prefetchable for a page of records (not a column).
    audit_history = AuditHistory()

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db: str | None, field_names: Collection[str], values: Collection[Any], **options: Any) -> Self:
        """A row as an instance: what ``Model.__init__`` leaves, set directly (a list page loads hundreds).

        ``Model.__init__`` walks every field, sends ``pre_init`` / ``post_init`` and goes through
        each attribute's descriptor: ~4 µs a row. For a model whose loaded attributes are plain
        (their descriptors only store the value) and with no ``pre_init`` / ``post_init``
        receivers, the same ``__dict__`` is written straight; anything else takes Django's way.
        """
        if options or not _loads_plainly(cls) or pre_init.has_listeners(cls) or post_init.has_listeners(cls):
            return super().from_db(db, field_names, values, **options)
        new = cls.__new__(cls)
        state = new._state = ModelState()
        state.adding = False
        state.db = db
        attributes = new.__dict__
        for name, value in zip(field_names, values, strict=True):
            attributes[name] = value
        return new


_plain_loading: dict[type[models.Model], bool] = {}


def _loads_plainly(model: type[models.Model]) -> bool:
    """Whether ``Model.__init__`` with a row's values only stores them (per model class, computed once)."""
    plain = _plain_loading.get(model)
    if plain is None:
        plain = _plain_loading[model] = (
            model.__init__ is models.Model.__init__
            and not model._meta.abstract
            and all(type(getattr(model, f.attname, None)) in _PLAIN_DESCRIPTORS for f in model._meta.concrete_fields)
        )
    return plain


# A column's descriptor; a foreign key's (on a new instance, with nothing cached, it only stores the value).
_PLAIN_DESCRIPTORS = (DeferredAttribute, ForeignKeyDeferredAttribute)


class AliveManager(models.Manager[ModelT]):
    """Rows not in the recycle bin. The default manager, so reverse relations skip deleted rows."""

    def get_queryset(self) -> models.QuerySet[ModelT]:
        return super().get_queryset().filter(deleted_at__isnull=True)


class SoftDeletableRecord(Record):
    """A record that goes to the recycle bin first (``deleted_at`` set) and can be restored."""

    deleted_at = models.DateTimeField(null=True, blank=True, db_index=True)

    objects: Any = AliveManager()
    all_objects: Any = models.Manager()

    class Meta:
        abstract = True
        # Forward relations (contact.company) still reach a record in the recycle bin.
        base_manager_name = "all_objects"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


# --- what services share when they write a record -------------------------------------------------


def plain(value: Any) -> Any:
    """A JSON-friendly form of a field value, for audit entries and event payloads."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return str(value)  # Decimal, UUID, date, datetime


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Current values of ``fields`` (foreign keys by id), JSON-friendly."""
    values: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if isinstance(field, models.ForeignKey):
            values[name] = plain(getattr(instance, field.attname))
        elif isinstance(field, models.ManyToManyField):
            values[name] = sorted(str(pk) for pk in getattr(instance, name).values_list("pk", flat=True))
        else:
            values[name] = plain(getattr(instance, name))
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """``{field: {"old": ..., "new": ...}}`` for every field whose value changed."""
    return {name: {"old": before.get(name), "new": value} for name, value in after.items() if before.get(name) != value}


def record_type_name(model: type[models.Model]) -> str:
    from saas.access.registry import record_type_of

    registered = record_type_of(model)
    return registered.name if registered else model.__name__
