"""Checks every module's validation uses; each adds to an ``ErrorCollector`` (field names camelCase)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models

from saas import modules
from saas.errors import ErrorCode, ErrorCollector


def check_choice(value: Any, choices: type[models.TextChoices], field: str, errors: ErrorCollector) -> None:
    """A value of a choice column must be one of its choices (blank allowed)."""
    if value not in (None, "") and value not in choices.values:
        errors.add(field, f"Must be one of: {', '.join(choices.values)}.", ErrorCode.INVALID_CHOICE)


def required_blanks(data: dict[str, Any], names: Sequence[tuple[str, str]], errors: ErrorCollector) -> None:
    """An update's ``null`` for a field that cannot be cleared is ``required`` (and dropped from ``data``).

    ``names`` pairs each model field with its API name: ``(("start_date", "startDate"),)``.
    """
    for name, api_name in names:
        if name in data and data[name] is None:
            errors.add(api_name, "It cannot be blank.", ErrorCode.REQUIRED)
            data.pop(name)


def check_length(value: Any, limit: int, field: str, errors: ErrorCollector, *, required: bool = False) -> None:
    """Text at most ``limit`` characters (and not blank when ``required``)."""
    text = value or ""
    if required and not str(text).strip():
        errors.add(field, "This field is required.", ErrorCode.REQUIRED)
    elif len(str(text)) > limit:
        errors.add(field, f"At most {limit} characters.", ErrorCode.TOO_LONG)


def check_decimal(
    value: Any, field: str, errors: ErrorCollector, *, places: int, low: Decimal, high: Decimal
) -> Decimal:
    """A number with at most ``places`` decimals in ``[low, high]`` (``out_of_range`` / ``invalid_amount`` else).

    Returns the number (0 when it is not one), so a caller can keep validating the rest.
    """
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors.add(field, "Not a number.", ErrorCode.INVALID_AMOUNT)
        return Decimal(0)
    exponent = number.as_tuple().exponent
    if not number.is_finite() or not isinstance(exponent, int):
        errors.add(field, "Not a number.", ErrorCode.INVALID_AMOUNT)
        return Decimal(0)
    if exponent < -places:
        errors.add(field, f"At most {places} decimals.", ErrorCode.INVALID_AMOUNT)
    if not low <= number <= high:
        errors.add(field, f"From {low} to {high}.", ErrorCode.OUT_OF_RANGE)
    return number


# A rule of a declared record type: (data being written, errors, the record when updating).
Rule = Callable[[dict[str, Any], ErrorCollector, Any], None]


def unique_name(model: type[models.Model], limit: int, taken: str, field: str = "name") -> Rule:
    """A required, trimmed name of at most ``limit`` characters, unique (case-insensitively) in the tenant."""

    def rule(data: dict[str, Any], errors: ErrorCollector, instance: Any) -> None:
        if field not in data and instance is not None:
            return
        data[field] = (data.get(field) or "").strip()
        check_length(data[field], limit, field, errors, required=True)
        clash = model._default_manager.filter(**{f"{field}__iexact": data[field]})
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        if data[field] and clash.exists():
            errors.add(field, taken, ErrorCode.TAKEN)

    return rule


def matches(field: str, pattern: re.Pattern[str], message: str) -> Rule:
    """A given (non-null) value must match ``pattern``."""

    def rule(data: dict[str, Any], errors: ErrorCollector, instance: Any) -> None:
        if data.get(field) is not None and not pattern.match(data[field]):
            errors.add(field, message, ErrorCode.INVALID_FORMAT)

    return rule


def longest(field: str, limit: int, api_name: str | None = None) -> Rule:
    """Optional text of at most ``limit`` characters."""

    def rule(data: dict[str, Any], errors: ErrorCollector, instance: Any) -> None:
        if data.get(field) is not None:
            check_length(data[field], limit, api_name or field, errors)

    return rule


def check_custom_fields(
    membership: Any, model: type[models.Model], data: dict[str, Any], errors: ErrorCollector, instance: Any = None
) -> None:
    """Every record write's custom fields (``data["custom_fields"]``), checked against the tenant's definitions.

    Call it from a record type's validation, creating (``instance`` None: defaults and required fields apply)
    and updating alike; ``data["custom_fields"]`` becomes the clean values that ``apply_fields`` merges in.
    """
    modules.clean_custom_fields(membership, model, data, errors, instance)
