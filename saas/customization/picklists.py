"""Picklists (the data dictionary): per-workspace value lists with order, colours and deprecation.

Modules declare the lists they use (``saas.modules.Module.picklists``); a workspace's copy is made from
the declaration the first time it is read, then only its admins change it. A deprecated value stays on
the records that have it (and is shown greyed); a new write of it is refused. Values are never
renamed (records store them): a list's values are replaced whole, in the order given, each keeping
or getting its label, colour and deprecation.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction

from saas import modules
from saas.access.services import require_admin
from saas.audit import services as audit
from saas.errors import ErrorCode, ErrorCollector, FieldError, ServiceError
from saas.kernel.changes import diff
from saas.kernel.validation import check_length
from tenants.models import Membership

from .models import CustomFieldDefinition, Picklist, PicklistValue

AUDIT_TYPE = "Picklist"  # a settings entry, like custom-field definitions
KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
MAX_VALUES = 500
_MEMO = "_picklists"


def _ensure_declared() -> None:
    """Make the workspace's copy of every declared list it does not have yet (one query when all exist)."""
    declared = modules.declared_picklists()
    missing = set(declared) - set(Picklist.objects.filter(key__in=declared).values_list("key", flat=True))
    for key in sorted(missing):
        declaration = declared[key]
        with transaction.atomic():
            picklist, made = Picklist.objects.get_or_create(
                key=key, defaults={"label": declaration.label, "declared": True}
            )
            if made:
                PicklistValue.objects.bulk_create(
                    PicklistValue(picklist=picklist, value=v, label=v, position=i)
                    for i, v in enumerate(declaration.values)
                )


def all_picklists(membership: Membership | None) -> dict[str, Picklist]:
    """Every list of the workspace by key, values prefetched in order (read once per request)."""
    memo: dict[str, Picklist] | None = membership.__dict__.get(_MEMO) if membership else None
    if memo is not None:
        return memo
    _ensure_declared()
    memo = {p.key: p for p in Picklist.objects.prefetch_related("values")}
    if membership is not None:
        membership.__dict__[_MEMO] = memo
    return memo


def forget(membership: Membership | None) -> None:
    if membership is not None:
        membership.__dict__.pop(_MEMO, None)


def values_of(membership: Membership | None, key: str) -> list[PicklistValue]:
    """The list's values in order (deprecated ones too); none for an unknown key."""
    picklist = all_picklists(membership).get(key)
    return list(picklist.values.all()) if picklist is not None else []


def offered(membership: Membership | None, key: str) -> list[str]:
    """The values a new write may use: the live ones, in order."""
    return [v.value for v in values_of(membership, key) if not v.deprecated]


def check_value(membership: Membership | None, key: str, value: Any, field: str, errors: ErrorCollector) -> None:
    """For services whose own field takes a picklist's values (e.g. a company's industry)."""
    known = {v.value: v for v in values_of(membership, key)}
    if value in (None, ""):
        return
    if value not in known:
        errors.add(field, f"One of: {', '.join(offered(membership, key))}.", ErrorCode.INVALID_CHOICE)
    elif known[value].deprecated:
        errors.add(field, f"{value} is no longer offered.", ErrorCode.INVALID_CHOICE)


# --- admins' changes ---------------------------------------------------------------------------------


def _clean_values(given: Any, errors: ErrorCollector) -> list[dict[str, Any]]:
    """``[{value, label?, colour?, deprecated?}]`` checked: values 1 to 100 characters, distinct; colours #rrggbb."""
    clean: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, item in enumerate(given or []):
        field = f"values.{index}"
        value = str(item.get("value") or "").strip()
        label = str(item.get("label") or "").strip() or value
        colour = str(item.get("colour") or "").strip()
        if not value or len(value) > 100:
            errors.add(f"{field}.value", "1 to 100 characters.", ErrorCode.INVALID_LENGTH)
        elif value in seen:
            errors.add(f"{field}.value", "Values must differ.", ErrorCode.TAKEN)
        check_length(label, 100, f"{field}.label", errors)
        if colour and not COLOUR.match(colour):
            errors.add(f"{field}.colour", "A colour like #1a7f37 expected.", ErrorCode.INVALID_FORMAT)
        seen.add(value)
        clean.append(
            {"value": value, "label": label, "colour": colour.lower(), "deprecated": bool(item.get("deprecated"))}
        )
    if len(clean) > MAX_VALUES:
        errors.add("values", f"At most {MAX_VALUES} values.", ErrorCode.TOO_MANY)
    return clean


def _snapshot(picklist: Picklist) -> dict[str, Any]:
    return {
        "label": picklist.label,
        "values": [
            {"value": v.value, "label": v.label, "colour": v.colour, "deprecated": v.deprecated}
            for v in picklist.values.order_by("position", "id")
        ],
    }


def _write_values(picklist: Picklist, values: list[dict[str, Any]]) -> None:
    """Replace the list's values with ``values`` in that order (values left out are removed)."""
    existing = {v.value: v for v in picklist.values.all()}
    PicklistValue.objects.filter(picklist=picklist).exclude(value__in=[v["value"] for v in values]).delete()
    changed: list[PicklistValue] = []
    made: list[PicklistValue] = []
    for position, item in enumerate(values):
        row = existing.get(item["value"]) or PicklistValue(picklist=picklist, value=item["value"])
        row.label, row.colour, row.deprecated, row.position = (
            item["label"],
            item["colour"],
            item["deprecated"],
            position,
        )
        (changed if row.pk else made).append(row)
    PicklistValue.objects.bulk_update(changed, ["label", "colour", "deprecated", "position"])
    PicklistValue.objects.bulk_create(made)


def get_picklist(key: Any) -> Picklist:
    _ensure_declared()
    picklist = Picklist.objects.filter(key=str(key or "")).first()
    if picklist is None:
        raise ServiceError(FieldError("key", "No such picklist.", ErrorCode.NOT_FOUND))
    return picklist


def define_picklist(membership: Membership, data: dict[str, Any]) -> Picklist:
    """Add a workspace's own list (owners and admins), e.g. for custom fields to share."""
    require_admin(membership)
    errors = ErrorCollector()
    key = str(data.get("key") or "").strip()
    label = str(data.get("label") or "").strip()
    if not KEY.match(key):
        errors.add("key", "1 to 40 lower-case letters, digits or _, starting with a letter.", ErrorCode.INVALID_FORMAT)
    elif key in modules.declared_picklists() or Picklist.objects.filter(key=key).exists():
        errors.add("key", "A picklist with this key exists.", ErrorCode.TAKEN)
    check_length(label, 100, "label", errors, required=True)
    values = _clean_values(data.get("values"), errors)
    errors.raise_if_any()
    with transaction.atomic():
        picklist = Picklist.objects.create(key=key, label=label)
        _write_values(picklist, values)
        audit.record(
            actor=membership.user,
            action="create",
            record_type=AUDIT_TYPE,
            record_id=picklist.pk,
            changes=diff({}, _snapshot(picklist)),
        )
    forget(membership)
    return picklist


def update_picklist(membership: Membership, data: dict[str, Any]) -> Picklist:
    """Rename a list or replace its values (order, labels, colours, deprecation); records keep their values."""
    require_admin(membership)
    with transaction.atomic():
        picklist = Picklist.objects.select_for_update().get(pk=get_picklist(data.get("key")).pk)
        before = _snapshot(picklist)
        errors = ErrorCollector()
        if data.get("label") is not None:
            picklist.label = str(data["label"]).strip()
            check_length(picklist.label, 100, "label", errors, required=True)
        values = _clean_values(data["values"], errors) if data.get("values") is not None else None
        errors.raise_if_any()
        picklist.save()
        if values is not None:
            _write_values(picklist, values)
        if changes := diff(before, _snapshot(picklist)):
            audit.record(
                actor=membership.user, action="update", record_type=AUDIT_TYPE, record_id=picklist.pk, changes=changes
            )
    forget(membership)
    return picklist


def delete_picklist(membership: Membership, key: Any) -> Picklist:
    """Remove a workspace's own list no live custom field uses (declared lists stay)."""
    require_admin(membership)
    picklist = get_picklist(key)
    if picklist.declared:
        raise ServiceError(FieldError("key", "A list the modules use cannot be deleted.", ErrorCode.IN_USE))
    users = CustomFieldDefinition.objects.filter(picklist=picklist.key, deleted_at__isnull=True)
    if used := [f"{d.record_type}.{d.key}" for d in users]:
        raise ServiceError(FieldError("key", f"Used by custom fields: {', '.join(used)}.", ErrorCode.IN_USE))
    with transaction.atomic():
        snapshot = _snapshot(picklist)
        audit.record(
            actor=membership.user, action="delete", record_type=AUDIT_TYPE, record_id=picklist.pk, changes=snapshot
        )
        picklist.delete()
    forget(membership)
    return picklist
