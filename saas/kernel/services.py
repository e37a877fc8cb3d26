"""The steps every record service takes: fetch for the member, validate, write, then audit and emit.

A service reads like ``saas.customers.services.update_company``::

    company = get_for(membership, Company, company_id, "update")  # scoped: another tenant's id is not_found
    errors = ErrorCollector(); validate(...); errors.raise_if_any()  # nothing changes on bad input
    with transaction.atomic():
        before = snapshot(company, FIELDS)
        apply_fields(company, data); company.save()
        written(membership, "update", company, diff(before, snapshot(company, FIELDS)), "updated")
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connection, models, transaction
from django.utils import timezone

from realtime import events
from saas import modules
from saas.access import policy
from saas.access.links import links_to
from saas.access.registry import RECORD_TYPES
from saas.audit import services as audit
from saas.errors import ErrorCode, ErrorCollector, FieldError, ServiceError
from saas.records import SoftDeletableRecord, record_type_name
from tenants.models import Membership, User

from .changes import CUSTOM_FIELDS, diff, plain, remember_many, snapshot
from .money import money_columns

ModelT = TypeVar("ModelT", bound=models.Model)
SoftT = TypeVar("SoftT", bound=SoftDeletableRecord)

MAX_BULK = 500
# What a malformed primary key raises when it reaches the database lookup.
BAD_KEY = (ValueError, TypeError, DjangoValidationError)


class DuplicatesFound(ServiceError):
    """Creating would make a likely duplicate; ``candidates`` are the existing records.

    The API's create mutations (``Create(..., duplicates=True)``) answer them as ``duplicates``.
    """

    def __init__(self, candidates: Sequence[models.Model], unseen: bool = False) -> None:
        self.candidates = list(candidates)
        # Only what the member may read comes back; others are a warning without id or fields.
        messages = [f"{len(self.candidates)} similar record(s) already exist."] if self.candidates else []
        if unseen:
            messages.append("A possible duplicate exists that you cannot see.")
        super().__init__(FieldError(None, " ".join(messages), ErrorCode.DUPLICATE_SUSPECTED))


def written(
    membership: Membership | None,
    action: str,
    instance: models.Model,
    changes: dict[str, Any],
    event: events.EventAction,
) -> None:
    """The two things after every write: the audit entry and the realtime event (sent on commit).

    ``changes`` is always ``{field: {"old": ..., "new": ...}}`` (``saas.kernel.changes.diff``), the one
    shape audit readers, history and webhooks rely on.
    """
    type_name = record_type_name(type(instance))
    record_type = RECORD_TYPES.get(type_name)
    owner = getattr(instance, record_type.owner_attname) if record_type and record_type.owner_attname else None
    if action == "create" and isinstance(instance, SoftDeletableRecord) and instance.counts_as_record:
        # Plan limits (billing) count CRM records: refused here, the caller's transaction rolls back.
        modules.check_record_created(getattr(connection, "tenant", None), type(instance))
    audit.record(
        actor=membership.user if membership else None,
        action=action,
        record_type=type_name,
        record_id=str(instance.pk),
        changes=changes,
        owner_id=owner,
    )
    # The new values by field; the realtime gate drops the ones a subscriber's role hides, and the API
    # gives them their GraphQL names and shapes (graphql_schema.realtime.values).
    events.emit(event, type_name, instance.pk, new_values(instance, changes), fields=sorted(changes))


def created(membership: Membership | None, instance: models.Model, fields: Iterable[str]) -> None:
    """After inserting ``instance`` in this write: its audit entry (every field new) and its ``created`` event.

    Many-to-many fields hold what ``set_many`` set, or nothing: they are not read back.
    """
    written(membership, "create", instance, diff({}, snapshot(instance, fields, new=True)), "created")


def new_values(instance: models.Model, changes: dict[str, Any]) -> dict[str, Any]:
    """``{field: new value}`` of a write's ``changes``; a money value's amount and currency go together."""
    values = {name: change.get("new") if isinstance(change, dict) else None for name, change in changes.items()}
    for amount, currency in money_columns(type(instance)).items():
        if amount in values or currency in values:
            value = getattr(instance, amount, None)
            places = getattr(instance._meta.get_field(amount), "decimal_places", None)
            if value is not None and places is not None:  # as stored (and read back): 7500 is "7500.00"
                value = Decimal(value).quantize(Decimal(1).scaleb(-places))
            values[amount] = plain(value)
            values[currency] = plain(getattr(instance, currency, None))
    return values


def get_for(
    membership: Membership | None,
    model: type[ModelT],
    pk: Any,
    action: policy.Action,
    field: str | None = "id",
    *,
    manager: str = "objects",
) -> ModelT:
    """Return the record if this member may ``action`` it.

    A record they cannot see (or another tenant's id) is ``not_found``, so its existence is not
    revealed; one they see but may not ``action`` is ``permission_denied``.
    """
    queryset = policy.scope_queryset(membership, getattr(model, manager).all(), "read")
    try:
        instance = queryset.filter(pk=pk).first() if pk is not None else None
    except BAD_KEY:
        instance = None
    if instance is None:
        raise ServiceError(FieldError(field, f"No such {model._meta.verbose_name}.", ErrorCode.NOT_FOUND))
    if action != "read":
        policy.check(membership, action, instance)
    return instance


def get_many_for(
    membership: Membership | None,
    model: type[ModelT],
    pks: Iterable[Any],
    action: policy.Action,
    field: str,
    errors: ErrorCollector,
    *,
    limit: int = MAX_BULK,
) -> list[ModelT]:
    """Return all the named records this member may ``action``; every missing one is an error."""
    wanted = list(dict.fromkeys(str(pk) for pk in pks))
    if len(wanted) > limit:
        errors.add(field, f"At most {limit} records at once.", ErrorCode.TOO_MANY)
        return []
    queryset = policy.scope_queryset(membership, model._default_manager.all(), "read")
    try:
        found = {str(r.pk): r for r in queryset.filter(pk__in=wanted)}
    except BAD_KEY:
        found = {}
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        errors.add(
            field, f"{len(missing)} of the {model._meta.verbose_name_plural} were not found.", ErrorCode.NOT_FOUND
        )
    records = [found[pk] for pk in wanted if pk in found]
    if action != "read" and (refused := [r for r in records if not policy.allows(membership, action, r)]):
        errors.add(field, f"Your role may not {action} {len(refused)} of them.", ErrorCode.PERMISSION_DENIED)
    return records


def collect(errors: ErrorCollector, membership: Membership | None, model: type[ModelT], pk: Any, field: str) -> Any:
    """``get_for(..., "read")`` while validating: a missing record joins ``errors`` instead of raising."""
    try:
        return get_for(membership, model, pk, "read", field)
    except ServiceError as exc:
        errors.errors.extend(exc.errors)
        return None


def collect_reference(
    errors: ErrorCollector, membership: Membership | None, type_name: str, pk: Any, field: str
) -> tuple[str, str] | None:
    """A link to a record of any registered type, as ``(type name, key as text)``, while validating.

    The record must exist and be readable by the member (``not_found`` otherwise, like ``collect``), so a
    link never reveals or attaches to a record out of the member's sight; a record that is itself a link
    (``saas.access.links``: an activity, an attachment) is ``invalid``.
    """
    record_type = RECORD_TYPES.get(type_name)
    if record_type is None:
        errors.add(field, "Not a record that can be linked.", ErrorCode.NOT_FOUND)
        return None
    record = collect(errors, membership, record_type.model, pk, field)
    if record is not None and not links_to(type_name):
        # A link to a link (an activity's, an attachment's): their visibility would depend on each other's.
        errors.add(field, f"A {type_name} cannot be linked to.", ErrorCode.INVALID)
        return None
    return None if record is None else (record_type.name, str(record.pk))


def member_user(membership: Membership, user_id: Any, field: str, errors: ErrorCollector) -> User | None:
    """Return an active member of this tenant (owners and performers must be one)."""
    try:
        seat = (
            Membership.objects.filter(tenant_id=membership.tenant_id, user_id=int(user_id), is_active=True)
            .select_related("user")
            .first()
        )
    except (TypeError, ValueError):
        seat = None
    if seat is None:
        errors.add(field, "Not a member of this workspace.", ErrorCode.NOT_FOUND)
        return None
    return seat.user


def apply_fields(instance: models.Model, data: dict[str, Any]) -> list[tuple[str, list[Any]]]:
    """Set plain fields on ``instance``; many-to-many values are returned to set after saving."""
    later: list[tuple[str, list[Any]]] = []
    for name, value in data.items():
        field = instance._meta.get_field(name)
        if name == CUSTOM_FIELDS:
            # Given custom fields are merged into the stored ones (null clears one); others stay, also
            # those of a field an admin deleted (kept until purged).
            merged = {**(getattr(instance, name) or {}), **(value or {})}
            setattr(instance, name, {k: v for k, v in merged.items() if v is not None})
        elif isinstance(field, models.ManyToManyField):
            later.append((name, value))
        else:
            setattr(instance, name, value)
    return later


def set_many(instance: models.Model, later: list[tuple[str, list[Any]]]) -> None:
    """Set the many-to-many values ``apply_fields`` held back (the instance is saved by now)."""
    for name, values in later:
        getattr(instance, name).set(values or [])
        remember_many(instance, name, values or [])


def blank_for(model: type[models.Model], name: str, value: Any) -> Any:
    """``null`` in an update clears a field: null where allowed, else the default, else the empty string."""
    if value is not None:
        return value
    field = model._meta.get_field(name)
    if isinstance(field, models.ManyToManyField):
        return []
    assert isinstance(field, models.Field)
    if field.null:
        return None
    if field.has_default():
        return field.get_default()
    return ""


def apply_update(
    membership: Membership | None, instance: models.Model, data: dict[str, Any]
) -> list[tuple[str, list[Any]]]:
    """Set an update's fields on the locked ``instance``, ``null`` clearing (``blank_for``).

    A new owner must be one the member may give records to (``policy.check_owner``), checked here because
    only the locked row says whether the owner changes. Many-to-many values come back, to set after saving.
    """
    old_owner = getattr(instance, "owner_id", None)
    later = apply_fields(instance, {k: blank_for(type(instance), k, v) for k, v in data.items()})
    if getattr(instance, "owner_id", None) != old_owner:
        policy.check_owner(membership, type(instance), getattr(instance, "owner_id", None))
    return later


def update_record(membership: Membership, instance: ModelT, data: dict[str, Any], fields: Sequence[str]) -> ModelT:
    """Write an update the service has validated and allowed, and return the record as written.

    Lock the row, apply ``data`` (``apply_update``), save, and audit and emit the ``fields`` that changed;
    a service with a step of its own in between (a lifecycle, figures to reprice) writes the same sequence out.
    """
    with transaction.atomic():
        locked = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
        before = snapshot(locked, fields)
        later = apply_update(membership, locked, data)
        locked.save()
        set_many(locked, later)
        if changes := diff(before, snapshot(locked, fields)):
            written(membership, "update", locked, changes, "updated")
    return locked


def soft_delete(membership: Membership, model: type[SoftT], pk: Any) -> SoftT:
    """Move a record to the recycle bin (``deleted_at`` set); ``restore`` brings it back."""
    record = get_for(membership, model, pk, "delete")
    with transaction.atomic():
        record.deleted_at = timezone.now()
        record.save(update_fields=["deleted_at"])
        written(membership, "delete", record, {"deleted_at": {"old": None, "new": plain(record.deleted_at)}}, "deleted")
    return record


def soft_delete_many(membership: Membership, model: type[SoftT], pks: Sequence[Any], field: str) -> list[SoftT]:
    """Move many records to the recycle bin in one transaction: all of them, or none on any error.

    One request for a whole selection ("all 250 matching"), instead of one per record.
    """
    errors = ErrorCollector()
    records = get_many_for(membership, model, pks, "delete", field, errors)
    if not records and not errors.errors:
        errors.add(field, f"Name at least one {model._meta.verbose_name}.", ErrorCode.REQUIRED)
    errors.raise_if_any()
    with transaction.atomic():
        now = timezone.now()
        for record in records:
            record.deleted_at = now
            record.save(update_fields=["deleted_at"])
            written(membership, "delete", record, {"deleted_at": {"old": None, "new": plain(now)}}, "deleted")
    return records


def restore_many(membership: Membership, model: type[SoftT], pks: Sequence[Any], field: str) -> list[SoftT]:
    """Bring many records back from the recycle bin (the undo of a bulk delete), all or nothing."""
    errors = ErrorCollector()
    wanted = list(dict.fromkeys(str(pk) for pk in pks))
    if not wanted:
        errors.add(field, f"Name at least one {model._meta.verbose_name}.", ErrorCode.REQUIRED)
    elif len(wanted) > MAX_BULK:
        errors.add(field, f"At most {MAX_BULK} records at once.", ErrorCode.TOO_MANY)
    errors.raise_if_any()
    queryset = policy.scope_queryset(membership, model.all_objects.filter(deleted_at__isnull=False), "read")
    try:
        found = {str(r.pk): r for r in queryset.filter(pk__in=wanted)}
    except BAD_KEY:
        found = {}
    if missing := [pk for pk in wanted if pk not in found]:
        errors.add(field, f"{len(missing)} of them are not in the recycle bin.", ErrorCode.NOT_FOUND)
    records = [found[pk] for pk in wanted if pk in found]
    if refused := [r for r in records if not policy.allows(membership, "update", r)]:
        errors.add(field, f"Your role may not restore {len(refused)} of them.", ErrorCode.PERMISSION_DENIED)
    if any(getattr(r, "merged_into_id", None) is not None for r in records):
        errors.add(field, "Merged records cannot be restored.", ErrorCode.MERGED)
    errors.raise_if_any()
    with transaction.atomic():
        for record in records:
            old = record.deleted_at
            record.deleted_at = None
            record.save(update_fields=["deleted_at"])
            written(membership, "restore", record, {"deleted_at": {"old": plain(old), "new": None}}, "updated")
    return records


def restore(membership: Membership, model: type[SoftT], pk: Any) -> SoftT:
    """Bring a record back from the recycle bin (the member must be allowed to update it)."""
    queryset = policy.scope_queryset(membership, model.all_objects.filter(deleted_at__isnull=False), "read")
    try:
        record = queryset.filter(pk=pk).first()
    except BAD_KEY:
        record = None
    if record is None:
        raise ServiceError(
            FieldError("id", f"No such {model._meta.verbose_name} in the recycle bin.", ErrorCode.NOT_FOUND)
        )
    policy.check(membership, "update", record)
    if getattr(record, "merged_into_id", None) is not None:
        raise ServiceError(FieldError("id", "Merged records cannot be restored.", ErrorCode.MERGED))
    with transaction.atomic():
        old = record.deleted_at
        record.deleted_at = None
        record.save(update_fields=["deleted_at"])
        written(membership, "restore", record, {"deleted_at": {"old": plain(old), "new": None}}, "updated")
    return record
