"""Money on the API: the ``Money`` output type and ``MoneyInput`` (the kernel's ``saas.kernel.money``).

Declare a money field of a mutation input as ``MoneyInput`` and name its two columns in the
mutation (``money={"credit_limit": "credit_currency"}``); show it with ``Money.of(amount, currency)``.
"""

from __future__ import annotations

from decimal import Decimal

import strawberry


@strawberry.type(description="An amount of money in one currency.")
class Money:
    amount: Decimal = strawberry.field(description="The amount, as a decimal string (no rounding to float).")
    currency: str = strawberry.field(description="ISO 4217 code, e.g. USD.")

    @classmethod
    def of(cls, amount: Decimal | None, currency: str) -> Money | None:
        return None if amount is None else cls(amount=amount, currency=currency)


@strawberry.input(description="An amount of money in one currency.")
class MoneyInput:
    amount: Decimal = strawberry.field(description="The amount, as a decimal string.")
    currency: str = strawberry.field(default="USD", description="ISO 4217 code, e.g. USD (the default).")
