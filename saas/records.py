"""What every CRM record has in common: a UUID key, timestamps and (optionally) soft delete.

UUID keys are unique across tenants, so a global id from one workspace never
names a record in another one: ``node(id:)`` with a foreign id finds nothing.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Collection, Sequence
from typing import Any, ClassVar, Self, TypeVar

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import class_prepared, post_init, pre_init
from django.utils import timezone

from saas.audit.history import CACHE_NAME
from saas.audit.models import AuditEntry

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


# --- a record's audit trail ----------------------------------------------------------------------


class _RecordHistory:
    """What ``record.audit_history`` returns: the record's entries, and the prefetch protocol."""

    def __init__(self, record: models.Model) -> None:
        self.record = record
        self.record_type = record_type_name(type(record))

    def _of_this_record(self, queryset: models.QuerySet[AuditEntry]) -> models.QuerySet[AuditEntry]:
        return queryset.filter(record_type=self.record_type, record_id=str(self.record.pk))

    def get_queryset(self) -> models.QuerySet[AuditEntry]:
        return self._of_this_record(AuditEntry.objects.all())

    def _apply_rel_filters(self, queryset: models.QuerySet[AuditEntry]) -> models.QuerySet[AuditEntry]:
        return self._of_this_record(queryset)

    def get_prefetch_querysets(
        self, instances: Sequence[models.Model], querysets: Sequence[models.QuerySet[AuditEntry]] | None = None
    ) -> tuple[models.QuerySet[AuditEntry], Callable[[Any], str], Callable[[Any], str], bool, str, bool]:
        queryset = querysets[0] if querysets else AuditEntry.objects.all()
        queryset = queryset.filter(record_type=self.record_type, record_id__in=[str(i.pk) for i in instances])
        return queryset, lambda entry: entry.record_id, lambda record: str(record.pk), False, CACHE_NAME, False


class AuditHistory:
    """Model attribute: ``Company.audit_history``; see the module docstring."""

    def __get__(self, instance: models.Model | None, owner: type[models.Model]) -> Any:
        if instance is None:
            return self
        return _RecordHistory(instance)


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

    # Whether plans count rows of this type as CRM records (the ``records`` limit); a type limited by
    # something else (attachments: the bytes they keep) says False.
    counts_as_record: ClassVar[bool] = True

    deleted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # The tenant's custom fields (saas.customization): key → value, validated by the services on every
    # write; GIN-indexed on every concrete record table (``_index_custom_fields``) for ``@>`` filters.
    custom_fields = models.JSONField(default=dict, blank=True)

    objects: Any = AliveManager()
    all_objects: Any = models.Manager()

    class Meta:
        abstract = True
        # Forward relations (contact.company) still reach a record in the recycle bin.
        base_manager_name = "all_objects"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


def custom_fields_index_name(model: type[models.Model]) -> str:
    """A stable index name within PostgreSQL's and Django's 30-character limit."""
    table = model._meta.db_table
    if len(table) <= 27:
        return f"{table}_cf"
    return f"{table[:20]}_{hashlib.md5(table.encode()).hexdigest()[:6]}_cf"


def _index_custom_fields(sender: type[models.Model], **kwargs: Any) -> None:
    """Give every concrete record table a GIN index on ``custom_fields``, whatever its own ``Meta.indexes``.

    A subclass's ``Meta`` replaces its parent's ``indexes``, so the index cannot be declared once on the
    abstract base; a module's record type gets it here, and ``makemigrations`` writes it like any other.
    """
    if not issubclass(sender, SoftDeletableRecord) or sender._meta.abstract or sender._meta.proxy:
        return
    name = custom_fields_index_name(sender)
    if not any(index.name == name for index in sender._meta.indexes):
        sender._meta.indexes = [*sender._meta.indexes, GinIndex(fields=["custom_fields"], name=name)]
        # What migrations read (``ModelState.from_model`` looks at the options ``Meta`` declared).
        sender._meta.original_attrs["indexes"] = sender._meta.indexes


class_prepared.connect(_index_custom_fields)


def record_type_name(model: type[models.Model]) -> str:
    from saas.access.registry import record_type_of

    registered = record_type_of(model)
    return registered.name if registered else model.__name__
