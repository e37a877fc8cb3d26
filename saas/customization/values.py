"""One custom field's value: checked against its definition and turned into its stored (JSON) form.

Stored forms are what filters compare with: text, e-mail, phone, URL and picklist values are strings;
numbers are JSON numbers; decimals are decimal strings; money is ``{"amount": "12.50", "currency": "USD"}``;
dates ``YYYY-MM-DD``; date-times ``YYYY-MM-DDTHH:MM:SS+00:00`` (UTC, so text order is time order);
multi picklists lists of strings; references the record's primary key (the API shows a global id).
"""

from __future__ import annotations

import base64
import binascii
import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError

from saas.access import policy
from saas.access.registry import RECORD_TYPES
from saas.errors import ErrorCode, ErrorCollector
from tenants.models import Membership

from . import picklists
from .models import CustomFieldDefinition, FieldType

TEXT_LIMITS = {FieldType.TEXT: 255, FieldType.LONG_TEXT: 10_000}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
URL = re.compile(r"^https?://[\w.-]+\.[a-z]{2,}(:\d+)?(/\S*)?$", re.I)
CURRENCY = re.compile(r"^[A-Z]{3}$")
BIGGEST = Decimal(10) ** 15


class _Invalid(Exception):
    def __init__(self, message: str, code: str = ErrorCode.INVALID) -> None:
        super().__init__(message)
        self.message, self.code = message, code


def clean(
    definition: CustomFieldDefinition, value: Any, field: str, errors: ErrorCollector, membership: Membership | None
) -> Any:
    """The stored form of ``value`` (None clears the field); a bad value joins ``errors`` and gives None."""
    if value is None or value == "" or value == []:
        return None
    try:
        return _CLEANERS[FieldType(definition.field_type)](definition, value, membership)
    except _Invalid as problem:
        errors.add(field, problem.message, problem.code)
        return None


def _bounded(definition: CustomFieldDefinition, number: Decimal, what: str = "") -> None:
    if definition.min_value is not None and number < definition.min_value:
        raise _Invalid(f"At least {_plain(definition.min_value)}{what}.", ErrorCode.OUT_OF_RANGE)
    if definition.max_value is not None and number > definition.max_value:
        raise _Invalid(f"At most {_plain(definition.max_value)}{what}.", ErrorCode.OUT_OF_RANGE)


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f")


def _text(definition: CustomFieldDefinition, value: Any, membership: Membership | None) -> str:
    if not isinstance(value, str):
        raise _Invalid("Text expected.", ErrorCode.INVALID_FORMAT)
    text = value.strip()
    limit = TEXT_LIMITS.get(FieldType(definition.field_type), 255)
    if len(text) > limit:
        raise _Invalid(f"At most {limit} characters.", ErrorCode.TOO_LONG)
    _bounded(definition, Decimal(len(text)), " characters")
    if definition.regex and not re.fullmatch(definition.regex, text):
        raise _Invalid("Does not match the field's pattern.", ErrorCode.INVALID_FORMAT)
    return text


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise _Invalid("A number expected.", ErrorCode.INVALID_FORMAT)
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise _Invalid("A number expected.", ErrorCode.INVALID_FORMAT) from None
    if not number.is_finite() or abs(number) >= BIGGEST:
        raise _Invalid("Out of range.", ErrorCode.OUT_OF_RANGE)
    return number


def _number(definition: CustomFieldDefinition, value: Any, membership: Membership | None) -> int | float:
    number = _decimal(value)
    _bounded(definition, number)
    return int(number) if number == number.to_integral_value() else float(number)


def _decimal_value(definition: CustomFieldDefinition, value: Any, membership: Membership | None) -> str:
    number = _decimal(value)
    _bounded(definition, number)
    return _plain(number)


def _money(definition: CustomFieldDefinition, value: Any, membership: Membership | None) -> dict[str, str]:
    if not isinstance(value, dict) or "amount" not in value:
        raise _Invalid('Money expected: {"amount": "12.50", "currency": "USD"}.', ErrorCode.INVALID_FORMAT)
    amount = _decimal(value["amount"])
    _bounded(definition, amount)
    currency = str(value.get("currency") or "").strip().upper()
    if not CURRENCY.match(currency):
        raise _Invalid("A three-letter currency code expected.", ErrorCode.INVALID_FORMAT)
    cents = amount.quantize(Decimal("0.01"))
    return {"amount": str(cents) if cents == amount else _plain(amount), "currency": currency}


def _date(definition: CustomFieldDefinition, value: Any, membership: Membership | None) -> str:
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise _Invalid("A date expected (YYYY-MM-DD).", ErrorCode.INVALID_DATE) from None


def _datetime(definition: CustomFieldDefinition, value: Any, membership: Membership | None) -> str:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        raise _Invalid("A date and time expected (ISO 8601).", ErrorCode.INVALID_DATE) from None
    if moment.tzinfo is None:
        raise _Invalid("A date and time with a time zone expected.", ErrorCode.INVALID_DATE)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _boolean(definition: CustomFieldDefinition, value: Any, membership: Membership | None) -> bool:
    if not isinstance(value, bool):
        raise _Invalid("true or false expected.", ErrorCode.INVALID_FORMAT)
    return value


def choices_of(definition: CustomFieldDefinition, membership: Membership | None) -> list[str]:
    """The values a new write may pick: the shared picklist's live ones, or the field's own choices."""
    if definition.picklist:
        return picklists.offered(membership, definition.picklist)
    return list(definition.choices or [])


def known_choices(definition: CustomFieldDefinition, membership: Membership | None) -> set[str]:
    """Every value records of a picklist field may hold: its choices, or its picklist's values, deprecated too."""
    if definition.field_type not in (FieldType.PICKLIST, FieldType.MULTI_PICKLIST):
        return set()
    if definition.picklist:
        return {v.value for v in picklists.values_of(membership, definition.picklist)}
    return set(definition.choices or [])


def _picked(definition: CustomFieldDefinition, value: Any, membership: Membership | None) -> None:
    choices = choices_of(definition, membership)
    if isinstance(value, str) and value not in choices and value in known_choices(definition, membership):
        raise _Invalid(f"{value} is no longer offered.", ErrorCode.INVALID_CHOICE)
    if not isinstance(value, str) or value not in choices:
        raise _Invalid(f"One of: {', '.join(choices)}.", ErrorCode.INVALID_CHOICE)


def _picklist(definition: CustomFieldDefinition, value: Any, membership: Membership | None) -> str:
    _picked(definition, value, membership)
    return str(value)


def _multi_picklist(definition: CustomFieldDefinition, value: Any, membership: Membership | None) -> list[str]:
    if not isinstance(value, list):
        raise _Invalid(f"A list of: {', '.join(choices_of(definition, membership))}.", ErrorCode.INVALID_CHOICE)
    for item in value:
        _picked(definition, item, membership)
    return list(dict.fromkeys(value))


def _email(definition: CustomFieldDefinition, value: Any, membership: Membership | None) -> str:
    if not isinstance(value, str) or not EMAIL.match(value.strip()) or len(value) > 254:
        raise _Invalid("Not an e-mail address.", ErrorCode.INVALID_FORMAT)
    return value.strip().lower()


def _phone(definition: CustomFieldDefinition, value: Any, membership: Membership | None) -> str:
    if not isinstance(value, str):
        raise _Invalid("Not a phone number.", ErrorCode.INVALID_FORMAT)
    digits = re.sub(r"\D", "", value)
    if not 5 <= len(digits) <= 20 or re.search(r"[^\d\s+().-]", value):
        raise _Invalid("Not a phone number.", ErrorCode.INVALID_FORMAT)
    return ("+" if value.strip().startswith("+") else "") + digits


def _url(definition: CustomFieldDefinition, value: Any, membership: Membership | None) -> str:
    if not isinstance(value, str) or not URL.match(value.strip()) or len(value) > 500:
        raise _Invalid("Not a web address (http:// or https://).", ErrorCode.INVALID_FORMAT)
    return value.strip()


def decode_global_id(value: Any) -> tuple[str, str] | None:
    """``(type name, pk)`` of a Relay global id (base64 of ``Type:pk``), or None."""
    if not isinstance(value, str):
        return None
    try:
        type_name, _, pk = base64.b64decode(value, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return (type_name, pk) if type_name and pk else None


def encode_global_id(type_name: str, pk: Any) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def _reference(definition: CustomFieldDefinition, value: Any, membership: Membership | None) -> str:
    decoded = decode_global_id(value)
    target = RECORD_TYPES.get(definition.reference_type)
    if decoded is None or target is None or decoded[0] != definition.reference_type:
        raise _Invalid(f"The id of a {definition.reference_type} expected.", ErrorCode.NOT_FOUND)
    queryset = policy.scope_queryset(membership, target.model._default_manager.all(), "read")
    try:
        found = queryset.filter(pk=decoded[1]).exists()
    except (ValueError, TypeError, ValidationError):  # a malformed key (a UUID that is not one)
        found = False
    if not found:
        raise _Invalid(f"No such {definition.reference_type}.", ErrorCode.NOT_FOUND)
    return decoded[1]


_CLEANERS = {
    FieldType.TEXT: _text,
    FieldType.LONG_TEXT: _text,
    FieldType.NUMBER: _number,
    FieldType.DECIMAL: _decimal_value,
    FieldType.MONEY: _money,
    FieldType.DATE: _date,
    FieldType.DATETIME: _datetime,
    FieldType.BOOLEAN: _boolean,
    FieldType.PICKLIST: _picklist,
    FieldType.MULTI_PICKLIST: _multi_picklist,
    FieldType.EMAIL: _email,
    FieldType.PHONE: _phone,
    FieldType.URL: _url,
    FieldType.REFERENCE: _reference,
}
