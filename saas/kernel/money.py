"""Money: a ``Decimal`` amount with an ISO 4217 currency, stored as two columns (amount, currency).

A module with an amount declares the two columns and validates with ``check_money``; the API side
is ``graphql_schema.core.money`` (``Money`` type, ``MoneyInput``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import connection, models

from saas.errors import ErrorCode, ErrorCollector

CURRENCY = re.compile(r"^[A-Z]{3}$")
LARGEST = Decimal("1e12")


def workspace_currency() -> str:
    """The current workspace's currency (a new record's default); USD outside a workspace."""
    return str(getattr(getattr(connection, "tenant", None), "currency", "") or "USD")


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str


def money_columns(model: type[models.Model]) -> dict[str, str]:
    """The model's money values as ``{amount column: currency column}`` (its ``MONEY_FIELDS``).

    One value in two columns: whatever shows a change (events, the API) shows both together.
    """
    return dict(getattr(model, "MONEY_FIELDS", {}))


def check_money(
    data: dict[str, Any], amount_field: str, currency_field: str, api_name: str, errors: ErrorCollector
) -> None:
    """A non-negative amount with at most 2 decimals and a currency code; normalizes both in ``data``."""
    if data.get(amount_field) is not None:
        try:
            amount = Decimal(str(data[amount_field]))
        except InvalidOperation:
            amount = Decimal(-1)
        exponent = amount.as_tuple().exponent
        if amount < 0 or amount >= LARGEST or not isinstance(exponent, int) or exponent < -2:
            errors.add(f"{api_name}.amount", "A non-negative amount with at most 2 decimals.", ErrorCode.INVALID_AMOUNT)
        data[amount_field] = amount
    if data.get(currency_field) is not None:
        data[currency_field] = str(data[currency_field]).upper()
        if not CURRENCY.match(data[currency_field]):
            errors.add(f"{api_name}.currency", "An ISO 4217 code such as USD.", ErrorCode.INVALID_FORMAT)
