"""Custom fields: admins define them per record type; every record write validates their values here.

Definitions are read once per request (kept on the membership, like its grants), so a list, its filters
and every row's ``customFields`` cost one query for them whatever the page size.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction
from django.db.models import ExpressionWrapper, F, JSONField, TextField, Value
from django.db.models.expressions import CombinedExpression
from django.utils import timezone

from saas import modules
from saas.access import policy
from saas.access.registry import RECORD_TYPES, RecordType
from saas.access.services import require_admin
from saas.audit import services as audit
from saas.errors import ErrorCode, ErrorCollector, FieldError, ServiceError
from saas.kernel.changes import CUSTOM_FIELDS, diff, plain
from saas.kernel.validation import check_length
from tenants.models import Membership, Tenant

from . import picklists, values
from .models import CustomFieldDefinition, FieldType

AUDIT_TYPE = "CustomFieldDefinition"  # a settings entry: owners and admins read it in the audit log
KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_FIELDS_PER_TYPE = 200
_MEMO = "_custom_field_definitions"

DEFINITION_FIELDS = (
    "label",
    "description",
    "required",
    "unique",
    "sensitive",
    "default",
    "min_value",
    "max_value",
    "regex",
    "choices",
    "picklist",
    "reference_type",
    "position",
    "group",
)


# --- which record types have custom fields ------------------------------------------------------


def customizable_types() -> dict[str, RecordType]:
    """Registered record types whose table has the ``custom_fields`` column (every ``SoftDeletableRecord``)."""
    return {
        name: rt
        for name, rt in RECORD_TYPES.items()
        if any(f.name == CUSTOM_FIELDS for f in rt.model._meta.concrete_fields)
    }


# model -> (type name or None, its registration, how many types were registered): bulk imports ask per row.
_TYPE_NAMES: dict[type[models.Model], tuple[str | None, RecordType | None, int]] = {}


def type_name_of(model: type[models.Model]) -> str | None:
    """The record type name of a customizable model; remembered while its registration stays the same."""
    cached = _TYPE_NAMES.get(model)
    if cached is not None:
        name, registered, size = cached
        if (name is not None and RECORD_TYPES.get(name) is registered) or (name is None and size == len(RECORD_TYPES)):
            return name
    found = next((name for name, rt in customizable_types().items() if rt.model is model), None)
    _TYPE_NAMES[model] = (found, RECORD_TYPES.get(found) if found else None, len(RECORD_TYPES))
    return found


# --- reading definitions ------------------------------------------------------------------------


def _all_live(membership: Membership | None) -> dict[str, list[CustomFieldDefinition]]:
    """Live definitions by record type, read once per request (memo on the membership)."""
    memo: dict[str, list[CustomFieldDefinition]] | None = membership.__dict__.get(_MEMO) if membership else None
    if memo is not None:
        return memo
    memo = {}
    for definition in CustomFieldDefinition.objects.filter(deleted_at__isnull=True).order_by("position", "id"):
        memo.setdefault(definition.record_type, []).append(definition)
    if membership is not None:
        membership.__dict__[_MEMO] = memo
    return memo


def forget(membership: Membership | None) -> None:
    """After a definition changed in this request (the role's rules on custom fields are worked out again too)."""
    if membership is not None:
        membership.__dict__.pop(_MEMO, None)
        policy.forget_cached_grants(membership)


def definitions_for(membership: Membership | None, record_type: str) -> list[CustomFieldDefinition]:
    """The record type's live custom fields, in form order."""
    return _all_live(membership).get(record_type, [])


def readable_definitions(membership: Membership | None, record_type: str) -> list[CustomFieldDefinition]:
    """The ones this member's role does not hide."""
    rt = RECORD_TYPES.get(record_type)
    if rt is None:
        return []
    hidden = policy.hidden_fields(membership, "read", rt.model)
    return [d for d in definitions_for(membership, record_type) if d.rule_name not in hidden]


def sensitive_rule_names(membership: Membership | None, model: type) -> tuple[str, ...]:
    name = type_name_of(model)
    if name is None:
        return ()
    return tuple(d.rule_name for d in definitions_for(membership, name) if d.sensitive)


def custom_field_count(tenant: Tenant) -> int:
    """Live custom-field definitions of the workspace: what billing's ``custom_fields`` limit counts."""
    from django_tenants.utils import schema_context

    current = getattr(connection, "tenant", None)
    if current is not None and current.schema_name == tenant.schema_name:
        return CustomFieldDefinition.objects.filter(deleted_at__isnull=True).count()
    with schema_context(tenant.schema_name):
        return CustomFieldDefinition.objects.filter(deleted_at__isnull=True).count()


# --- record values --------------------------------------------------------------------------------


def _given(raw: Any, errors: ErrorCollector) -> dict[str, Any]:
    """``[{key, value}]`` (the API's list) or ``{key: value}`` as a dict; a key given twice is refused."""
    if raw is None:
        return {}
    if isinstance(raw, dict):
        return dict(raw)
    given: dict[str, Any] = {}
    for item in raw:
        key = str(item.get("key") or "")
        if key in given:
            errors.add(f"customFields.{key}", "Given twice.", ErrorCode.INVALID)
        given[key] = item.get("value")
    return given


def clean_values(
    membership: Membership | None,
    model: type[models.Model],
    data: dict[str, Any],
    errors: ErrorCollector,
    instance: models.Model | None,
) -> None:
    """Validate the custom fields of a create (``instance`` None) or update; ``data`` gets the clean values.

    Unknown or deleted keys, values of the wrong type or out of the field's rules, a required field left
    empty, a unique value already used in the workspace, and fields the member's role may not change are
    each an error naming ``customFields.<key>``.
    """
    record_type = type_name_of(model)
    given = _given(data.pop(CUSTOM_FIELDS, None), errors)
    if record_type is None:
        for key in given:
            errors.add(f"customFields.{key}", f"{model.__name__} has no custom fields.", ErrorCode.NOT_FOUND)
        return
    definitions = {d.key: d for d in definitions_for(membership, record_type)}
    stored: dict[str, Any] = dict(getattr(instance, CUSTOM_FIELDS, None) or {}) if instance is not None else {}
    clean = _clean_given(membership, model, record_type, definitions, given, errors, stored)
    if instance is None:  # defaults for what a create leaves out
        for key, definition in definitions.items():
            if key not in clean and definition.default is not None:
                clean[key] = definition.default
    after = {**stored, **clean}
    for key, definition in definitions.items():
        field = f"customFields.{key}"
        if definition.required and after.get(key) in (None, "", []) and (instance is None or key in clean):
            errors.add(field, f"{definition.label} is required.", ErrorCode.REQUIRED)
        value = clean.get(key)
        if definition.unique and value not in (None, "", []) and _taken(model, key, value, instance):
            errors.add(field, f"Another record already has this {definition.label}.", ErrorCode.TAKEN)
    if clean or instance is None:
        data[CUSTOM_FIELDS] = clean


def _clean_given(
    membership: Membership | None,
    model: type[models.Model],
    record_type: str,
    definitions: dict[str, CustomFieldDefinition],
    given: dict[str, Any],
    errors: ErrorCollector,
    stored: dict[str, Any],
) -> dict[str, Any]:
    """The given values in their stored form: unknown keys and fields the role may not change refused.

    A picklist value given unchanged is kept as stored: a record keeps a value deprecated since.
    """
    locked = policy.hidden_fields(membership, "update", model) if given else ()  # (none given: a bulk import's row)
    clean: dict[str, Any] = {}
    for key, value in given.items():
        field = f"customFields.{key}"
        definition = definitions.get(key)
        if definition is None:
            errors.add(field, f"No custom field {key!r} on {record_type}.", ErrorCode.NOT_FOUND)
        elif definition.rule_name in locked:
            errors.add(field, "Your role may not change this field.", ErrorCode.READ_ONLY_FIELD)
        elif _kept(definition, stored.get(key), value):
            clean[key] = value
        else:
            clean[key] = values.clean(definition, value, field, errors, membership)
    return clean


def _kept(definition: CustomFieldDefinition, stored: Any, value: Any) -> bool:
    """A picklist value sent back as stored: kept even if deprecated since (``1 == True``: types compared too)."""
    picking = definition.field_type in (FieldType.PICKLIST, FieldType.MULTI_PICKLIST)
    return picking and value is not None and type(stored) is type(value) and stored == value


def _taken(model: type[models.Model], key: str, value: Any, instance: models.Model | None) -> bool:
    others = model._default_manager.filter(**{f"{CUSTOM_FIELDS}__contains": {key: value}})
    if instance is not None:
        others = others.exclude(pk=instance.pk)
    return others.exists()


# --- definitions (admins only) ----------------------------------------------------------------------


def _validate_definition(
    data: dict[str, Any], errors: ErrorCollector, definition: CustomFieldDefinition, membership: Membership
) -> None:
    """Check the given settings, set them on ``definition``, then check the whole of it."""
    _clean_texts(data, errors, creating=definition.pk is None)
    if "choices" in data:
        data["choices"] = _clean_choices(data["choices"], errors)
    if data.get("picklist"):
        data["picklist"] = str(data["picklist"]).strip()
        if data["picklist"] not in picklists.all_picklists(membership):
            errors.add("picklist", "No such picklist.", ErrorCode.NOT_FOUND)
    for name in ("min_value", "max_value"):
        if data.get(name) is not None:
            data[name] = Decimal(str(data[name]))
    if data.get("position") is not None and data["position"] < 0:
        errors.add("position", "Not negative.", ErrorCode.OUT_OF_RANGE)
    for name in DEFINITION_FIELDS:
        if name in data and name != "default":
            setattr(definition, name, data[name] if data[name] is not None else _blank(name))
    _check_whole(definition, errors)
    if "default" in data:
        definition.default = None
        if data["default"] is not None and definition.unique:
            errors.add("default", "A unique field cannot have a default.", ErrorCode.INVALID)
        elif data["default"] is not None:
            definition.default = values.clean(definition, data["default"], "default", errors, membership)


def _clean_texts(data: dict[str, Any], errors: ErrorCollector, *, creating: bool) -> None:
    if "label" in data or creating:
        data["label"] = str(data.get("label") or "").strip()
        check_length(data["label"], 100, "label", errors, required=True)
    for name, limit in (("description", 500), ("group", 100), ("regex", 200)):
        if name in data:
            data[name] = str(data[name] or "").strip()
            check_length(data[name], limit, name, errors)
    if data.get("regex"):
        try:
            re.compile(data["regex"])
        except re.error:
            errors.add("regex", "Not a valid regular expression.", ErrorCode.INVALID_FORMAT)


def _clean_choices(given: list[Any] | None, errors: ErrorCollector) -> list[str]:
    choices = [str(c).strip() for c in given or []]
    if any(not c or len(c) > 100 for c in choices):
        errors.add("choices", "Each choice: 1 to 100 characters.", ErrorCode.INVALID)
    if len(set(choices)) != len(choices):
        errors.add("choices", "Choices must differ.", ErrorCode.INVALID)
    if len(choices) > 500:
        errors.add("choices", "At most 500 choices.", ErrorCode.TOO_MANY)
    return choices


def _check_whole(definition: CustomFieldDefinition, errors: ErrorCollector) -> None:
    picking = definition.field_type in (FieldType.PICKLIST, FieldType.MULTI_PICKLIST)
    if picking and not definition.choices and not definition.picklist:
        errors.add("choices", "A picklist needs at least one choice (or a shared picklist).", ErrorCode.REQUIRED)
    if definition.picklist and not picking:
        errors.add("picklist", "Only picklist fields take a shared picklist.", ErrorCode.INVALID)
    if definition.field_type == FieldType.REFERENCE and definition.reference_type not in RECORD_TYPES:
        errors.add("referenceType", f"One of: {', '.join(RECORD_TYPES)}.", ErrorCode.INVALID_CHOICE)
    low, high = definition.min_value, definition.max_value
    if low is not None and high is not None and low > high:
        errors.add("maxValue", "Less than the minimum.", ErrorCode.OUT_OF_RANGE)


def _blank(name: str) -> Any:
    field = CustomFieldDefinition._meta.get_field(name)
    return field.get_default() if isinstance(field, models.Field) and name != "default" else None


def _snapshot(definition: CustomFieldDefinition) -> dict[str, Any]:
    return {name: plain(getattr(definition, name)) for name in ("key", "field_type", "record_type", *DEFINITION_FIELDS)}


def define_custom_field(membership: Membership, data: dict[str, Any]) -> CustomFieldDefinition:
    """Add a custom field to a record type (owners and admins)."""
    require_admin(membership)
    errors = ErrorCollector()
    record_type = str(data.get("record_type") or "")
    key = str(data.get("key") or "").strip()
    field_type = str(data.get("field_type") or "")
    if record_type not in customizable_types():
        errors.add("type", f"One of: {', '.join(customizable_types())}.", ErrorCode.INVALID_CHOICE)
    if not KEY.match(key):
        errors.add("key", "1 to 40 lower-case letters, digits or _, starting with a letter.", ErrorCode.INVALID_FORMAT)
    elif CustomFieldDefinition.objects.filter(record_type=record_type, key=key).exists():
        errors.add("key", "A field with this key exists (or awaits its purge).", ErrorCode.TAKEN)
    if field_type not in FieldType.values:
        errors.add("fieldType", f"One of: {', '.join(FieldType.values)}.", ErrorCode.INVALID_CHOICE)
    definition = CustomFieldDefinition(record_type=record_type, key=key, field_type=field_type)
    if "position" not in data or data["position"] is None:
        data["position"] = CustomFieldDefinition.objects.filter(record_type=record_type).count()
    rest = {k: v for k, v in data.items() if k in DEFINITION_FIELDS}
    if not errors.errors:
        _validate_definition(rest, errors, definition, membership)
    if (
        CustomFieldDefinition.objects.filter(record_type=record_type, deleted_at__isnull=True).count()
        >= MAX_FIELDS_PER_TYPE
    ):
        errors.add(None, f"At most {MAX_FIELDS_PER_TYPE} custom fields per record type.", ErrorCode.TOO_MANY)
    errors.raise_if_any()
    with transaction.atomic():
        definition.save()
        # Billing's plan limit counts definitions: refused here, the transaction rolls back.
        modules.check_custom_fields_defined(getattr(connection, "tenant", None), 1)
        audit.record(
            actor=membership.user,
            action="create",
            record_type=AUDIT_TYPE,
            record_id=definition.pk,
            changes=diff({}, _snapshot(definition)),
        )
    forget(membership)
    return definition


def _get_definition(pk: Any, *, deleted: bool = False) -> CustomFieldDefinition:
    try:
        definition = CustomFieldDefinition.objects.filter(pk=int(pk), deleted_at__isnull=not deleted).first()
    except (TypeError, ValueError):
        definition = None
    if definition is None:
        raise ServiceError(FieldError("id", "No such custom field.", ErrorCode.NOT_FOUND))
    return definition


def update_custom_field(membership: Membership, definition_id: Any, data: dict[str, Any]) -> CustomFieldDefinition:
    """Change a field's label, rules, choices, order or group (its key, type and record type stay)."""
    require_admin(membership)
    with transaction.atomic():
        definition = CustomFieldDefinition.objects.select_for_update().get(pk=_get_definition(definition_id).pk)
        before = _snapshot(definition)
        errors = ErrorCollector()
        _validate_definition({k: v for k, v in data.items() if k in DEFINITION_FIELDS}, errors, definition, membership)
        errors.raise_if_any()
        definition.save()
        if changes := diff(before, _snapshot(definition)):
            audit.record(
                actor=membership.user,
                action="update",
                record_type=AUDIT_TYPE,
                record_id=definition.pk,
                changes=changes,
            )
    forget(membership)
    return definition


def delete_custom_field(membership: Membership, definition_id: Any) -> CustomFieldDefinition:
    """Hide the field at once (API, forms, filters); the records keep its values until it is purged."""
    require_admin(membership)
    definition = _get_definition(definition_id)
    with transaction.atomic():
        definition.deleted_at = timezone.now()
        definition.save(update_fields=["deleted_at", "updated_at"])
        audit.record(
            actor=membership.user,
            action="delete",
            record_type=AUDIT_TYPE,
            record_id=definition.pk,
            changes={"key": definition.key, "record_type": definition.record_type},
        )
    forget(membership)
    return definition


def purge_custom_field(membership: Membership, definition_id: Any) -> int:
    """Remove a deleted field's values from every record (one UPDATE) and free its key; returns rows changed."""
    require_admin(membership)
    definition = _get_definition(definition_id, deleted=True)
    model = RECORD_TYPES[definition.record_type].model
    with transaction.atomic():
        without_key = CombinedExpression(F(CUSTOM_FIELDS), "-", Value(definition.key, output_field=TextField()))
        rows = model._base_manager.filter(**{f"{CUSTOM_FIELDS}__has_key": definition.key}).update(
            **{CUSTOM_FIELDS: ExpressionWrapper(without_key, output_field=JSONField())}
        )
        audit.record(
            actor=membership.user,
            action="delete",
            record_type=AUDIT_TYPE,
            record_id=definition.pk,
            changes={"key": definition.key, "record_type": definition.record_type, "purged_records": rows},
        )
        definition.delete()
    forget(membership)
    return rows
