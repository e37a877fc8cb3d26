"""Custom fields as export columns: every list of a type with custom fields gets them (saas.exports)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models

from saas.exports.lists import Column
from saas.kernel.changes import CUSTOM_FIELDS
from tenants.models import Membership

from .models import CustomFieldDefinition, FieldType
from .services import definitions_for, type_name_of
from .values import encode_global_id

YES_NO = {"TRUE": {"en": "Yes", "zh-CN": "是"}, "FALSE": {"en": "No", "zh-CN": "否"}}


def _cell(definition: CustomFieldDefinition, stored: Any) -> Any:
    """A stored value (see ``values``) as a spreadsheet cell: numbers, dates and times typed, lists joined."""
    if stored is None:
        return None
    kind = definition.field_type
    if kind == FieldType.MONEY:
        return f"{stored.get('amount')} {stored.get('currency')}"
    if kind == FieldType.MULTI_PICKLIST:
        return "; ".join(stored)
    if kind == FieldType.DECIMAL:
        return Decimal(stored)
    if kind == FieldType.DATE:
        return date.fromisoformat(stored)
    if kind == FieldType.DATETIME:
        return datetime.fromisoformat(stored)  # UTC: the export shows it in the workspace's time zone
    if kind == FieldType.REFERENCE:
        return encode_global_id(definition.reference_type, stored)
    return stored


def _reader(definition: CustomFieldDefinition) -> Any:
    def value(record: Any) -> Any:
        return _cell(definition, (getattr(record, CUSTOM_FIELDS, None) or {}).get(definition.key))

    return value


def columns(membership: Membership | None, model: type[models.Model]) -> list[Column]:
    """One column per live custom field of the model's type, in form order (hidden ones go by field rules)."""
    record_type = type_name_of(model)
    if record_type is None:
        return []
    return [
        Column(
            f"customFields.{d.key}",
            {"en": d.label},
            _reader(d),
            rule_field=d.rule_name,
            choices=YES_NO if d.field_type == FieldType.BOOLEAN else {},
        )
        for d in definitions_for(membership, record_type)
    ]
