"""Custom fields in the one stable schema: ``customFields`` on every record, in inputs, ``filter:`` and ``orderBy:``.

The schema is the same for every tenant: values travel as a typed key/value list (``CustomFieldValue``)
and clients learn the fields from ``customFieldDefinitions(type:)``. Definitions are read once per request
(``saas.customization.services``), so lists keep a fixed number of queries. A field the member's role hides
is left out of ``customFields`` and refused in ``filter:`` / ``orderBy:`` (``FIELD_HIDDEN``), like a column.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import strawberry
import strawberry_django
from django.db import models
from django.db.models import DecimalField, Func, Q
from django.db.models.expressions import OrderBy
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.lookups import GreaterThanOrEqual, IContains, IStartsWith, LessThanOrEqual
from strawberry import UNSET
from strawberry.scalars import JSON
from strawberry.types import Info
from strawberry_django.ordering import Ordering

from graphql_schema.permissions import membership_of
from saas.access import policy
from saas.customization import services as customization
from saas.customization import values
from saas.customization.models import CustomFieldDefinition, FieldType
from saas.errors import ErrorCollector
from saas.kernel.changes import CUSTOM_FIELDS

from .lists import FieldHiddenError, InvalidFilterError

# Registered once (marks the class itself): annotations use ``FieldType``, GraphQL calls it ``CustomFieldType``.
strawberry.enum(FieldType, name="CustomFieldType", description="The type of a custom field.")

NUMERIC = {FieldType.NUMBER, FieldType.DECIMAL, FieldType.MONEY}
TEXTUAL = {FieldType.TEXT, FieldType.LONG_TEXT, FieldType.EMAIL, FieldType.PHONE, FieldType.URL, FieldType.PICKLIST}
ORDERED = NUMERIC | TEXTUAL | {FieldType.DATE, FieldType.DATETIME, FieldType.BOOLEAN}


@strawberry.type(description="One custom field's value on a record.")
class CustomFieldValue:
    key: str = strawberry.field(description="The field's key (see `customFieldDefinitions`).")
    type: FieldType = strawberry.field(description="How to read `value`.")
    value: JSON | None = strawberry.field(
        description="Text, e-mail, phone, URL, picklist: a string; number: a number; decimal: a decimal string; "
        'money: {"amount": "12.50", "currency": "USD"}; date: YYYY-MM-DD; datetime: ISO 8601 in UTC; '
        "boolean; multi picklist: a list of strings; reference: the record's global id. Null when not set."
    )


@strawberry.input(description="A custom field to set; `value` null clears it. Fields not named stay as they are.")
class CustomFieldInput:
    key: str = strawberry.field(description="The field's key.")
    value: JSON | None = strawberry.field(
        default=None, description="In the form `CustomFieldValue.value` describes (a reference: a global id)."
    )


@strawberry.input(description="Conditions on one custom field; all that are given must hold.")
class CustomFieldFilter:
    key: str = strawberry.field(description="The field's key.")
    exact: JSON | None = strawberry.field(
        default=UNSET, name="eq", description="Equal to (a multi picklist: has this choice). Uses the GIN index."
    )
    in_list: list[JSON] | None = strawberry.field(default=UNSET, name="in", description="One of.")
    i_contains: str | None = strawberry.field(default=UNSET, name="contains", description="Contains, ignoring case.")
    i_starts_with: str | None = strawberry.field(
        default=UNSET, name="startsWith", description="Starts with, ignoring case."
    )
    gte: JSON | None = strawberry.field(default=UNSET, description="Greater than or equal to (numbers, money, dates).")
    lte: JSON | None = strawberry.field(default=UNSET, description="Less than or equal to (numbers, money, dates).")
    is_null: bool | None = strawberry.field(default=UNSET, description="Not set (true) or set (false).")


@strawberry.input(description="Sort by a custom field.")
class CustomFieldOrder:
    key: str = strawberry.field(description="The field's key.")
    direction: Ordering = strawberry.field(default=Ordering.ASC, description="ASC, DESC, or with nulls first/last.")


# --- reading ---------------------------------------------------------------------------------------


def custom_field_values(info: Info, record: models.Model) -> list[CustomFieldValue]:
    """The record's custom fields the member may see, in form order (null where not set)."""
    membership = membership_of(info)
    type_name = customization.type_name_of(type(record))
    if type_name is None:
        return []
    stored = getattr(record, CUSTOM_FIELDS, None) or {}
    return [
        CustomFieldValue(key=d.key, type=FieldType(d.field_type), value=_shown(d, stored.get(d.key)))
        for d in customization.readable_definitions(membership, type_name)
    ]


def _shown(definition: CustomFieldDefinition, value: Any) -> Any:
    if value is not None and definition.field_type == FieldType.REFERENCE:
        return values.encode_global_id(definition.reference_type, value)
    return value


def _resolve_custom_fields(root: models.Model, info: Info) -> list[CustomFieldValue]:
    return custom_field_values(info, root)


def custom_fields_field() -> Any:
    """The ``customFields`` field of a record type (``record_type`` adds it to every type with the column)."""
    return strawberry_django.field(
        resolver=_resolve_custom_fields,
        only=[CUSTOM_FIELDS],
        description="The workspace's custom fields of this record (those your role may see), in form order.",
    )


def has_custom_fields(model: type[models.Model]) -> bool:
    return any(f.name == CUSTOM_FIELDS for f in model._meta.concrete_fields)


# --- filter: and orderBy: ---------------------------------------------------------------------------


def _definition(info: Info, model: type[models.Model], key: str, argument: str) -> CustomFieldDefinition:
    membership = membership_of(info)
    type_name = customization.type_name_of(model)
    found = next((d for d in customization.definitions_for(membership, type_name or "") if d.key == key), None)
    if found is None:
        raise InvalidFilterError(f"no custom field {key!r} on {type_name or model.__name__}")
    if found.rule_name in policy.hidden_fields(membership, "read", model):
        raise FieldHiddenError(argument, f"customFields.{key}")
    return found


def _stored(info: Info, definition: CustomFieldDefinition, value: Any) -> Any:
    """A filter value in the stored form (the same checks as a write, a reference not looked up)."""
    if definition.field_type == FieldType.REFERENCE:
        decoded = values.decode_global_id(value)
        if decoded is None:
            raise InvalidFilterError(f"customFields.{definition.key}: a global id expected")
        return decoded[1]
    if isinstance(value, str) and value in values.known_choices(definition, membership_of(info)):
        return value  # a picklist value records may hold, deprecated ones too
    errors = ErrorCollector()
    stored = values.clean(definition, value, definition.key, errors, membership_of(info))
    if errors.errors:
        raise InvalidFilterError(f"customFields.{definition.key}: {errors.errors[0].message}")
    return stored


class _Numeric(Func):
    template = "(%(expressions)s)::numeric"
    output_field = DecimalField()


def _sort_key(definition: CustomFieldDefinition, column: str) -> Any:
    """The expression a range condition or a sort compares: numbers as numeric, the rest as text or JSON."""
    if definition.field_type == FieldType.MONEY:
        return _Numeric(KeyTextTransform("amount", KeyTransform(definition.key, column)))
    if definition.field_type in {FieldType.NUMBER, FieldType.DECIMAL}:
        return _Numeric(KeyTextTransform(definition.key, column))
    if definition.field_type == FieldType.BOOLEAN:
        return KeyTransform(definition.key, column)
    return KeyTextTransform(definition.key, column)


def _equal(definition: CustomFieldDefinition, column: str, stored: Any) -> Q:
    if definition.field_type == FieldType.MULTI_PICKLIST:
        return Q(**{f"{column}__contains": {definition.key: [stored] if isinstance(stored, str) else stored}})
    return Q(**{f"{column}__contains": {definition.key: stored}})  # jsonb @>: served by the GIN index


def _bound(info: Info, definition: CustomFieldDefinition, value: Any) -> Any:
    if definition.field_type in NUMERIC:
        number = value.get("amount") if isinstance(value, dict) else value
        try:
            return Decimal(str(number))
        except InvalidOperation:
            raise InvalidFilterError(f"customFields.{definition.key}: a number expected") from None
    return _stored(info, definition, value)


def custom_fields_q(info: Info, model: type[models.Model], conditions: list[CustomFieldFilter], prefix: str) -> Q:
    """The ``WHERE`` of ``filter: {customFields: [...]}`` (every condition must hold)."""
    column = f"{prefix}{CUSTOM_FIELDS}"
    q = Q()
    for condition in conditions:
        definition = _definition(info, model, condition.key, "filter")
        key = definition.key
        if condition.exact not in (UNSET, None):
            q &= _equal(definition, column, _stored(info, definition, condition.exact))
        if condition.in_list not in (UNSET, None):
            any_of = Q(pk__in=[])
            for item in condition.in_list or []:
                any_of |= _equal(definition, column, _stored(info, definition, item))
            q &= any_of
        for text, text_lookup in ((condition.i_contains, IContains), (condition.i_starts_with, IStartsWith)):
            if text not in (UNSET, None):
                if definition.field_type not in TEXTUAL:
                    raise InvalidFilterError(f"customFields.{key}: contains / startsWith need a text field")
                q &= Q(text_lookup(KeyTextTransform(key, column), text))
        for bound, range_lookup in ((condition.gte, GreaterThanOrEqual), (condition.lte, LessThanOrEqual)):
            if bound not in (UNSET, None):
                if definition.field_type not in ORDERED - {FieldType.BOOLEAN}:
                    raise InvalidFilterError(f"customFields.{key}: gte / lte need a number, money, text or date")
                q &= Q(range_lookup(_sort_key(definition, column), _bound(info, definition, bound)))
        if condition.is_null not in (UNSET, None):
            has = Q(**{f"{column}__has_key": key})
            q &= ~has if condition.is_null else has
    return q


def custom_field_ordering(info: Info, model: type[models.Model], value: CustomFieldOrder, prefix: str) -> list[OrderBy]:
    """The ``ORDER BY`` of ``orderBy: [{customField: {key, direction}}]``."""
    definition = _definition(info, model, value.key, "orderBy")
    if definition.field_type not in ORDERED:
        raise InvalidFilterError(f"customFields.{definition.key}: cannot sort by a {definition.field_type}")
    expression = _sort_key(definition, f"{prefix}{CUSTOM_FIELDS}")
    name = value.direction.name
    nulls_first = True if "NULLS_FIRST" in name else None
    nulls_last = True if "NULLS_LAST" in name else None
    if name.startswith("ASC"):
        return [expression.asc(nulls_first=nulls_first, nulls_last=nulls_last)]
    return [expression.desc(nulls_first=nulls_first, nulls_last=nulls_last)]


FILTER_DESCRIPTION = "Conditions on custom fields (all must hold); see `customFieldDefinitions`."
ORDER_DESCRIPTION = "Sort by a custom field (numbers as numbers, dates in time order)."
