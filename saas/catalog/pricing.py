"""Quote arithmetic: line amounts, discounts, taxes and totals in ``Decimal``, rounded one documented way.

Rounding (the web client's ``frontend/src/modules/catalog/pricing.ts`` does exactly the same):

1. a line's amount is ``quantity x unit price x (100 - line discount %) / 100``, rounded **half up to
   the currency's minor unit** (2 decimals for most currencies, 0 for JPY, 3 for KWD...);
2. the subtotal is the sum of the rounded lines (never rounded again);
3. the quote discount is ``subtotal x discount % / 100``, rounded half up to the minor unit;
4. each tax rate applies to ``subtotal - discount`` and is rounded half up on its own;
5. the total is ``subtotal - discount + the taxes``.

So every figure a customer sees adds up to the cent, and a discount of at most 100 % can never make
a negative total. Invoices tax each line at its own rate instead (``taxed_per_line``: one rounding
per rate, on the sum of its lines). Nothing here touches the database: services and tests call it with plain values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
ZERO = Decimal(0)

# ISO 4217 currencies whose minor unit is not the cent (the rest have 2 decimals).
MINOR_UNITS: dict[str, int] = {
    **dict.fromkeys(
        ("BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF",
         "XOF", "XPF"),
        0,
    ),
    **dict.fromkeys(("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"), 3),
}  # fmt: skip


def minor_unit(currency: str) -> int:
    """Decimals of the currency's smallest unit (2 unless listed in ``MINOR_UNITS``)."""
    return MINOR_UNITS.get(currency.upper(), 2)


def round_money(amount: Decimal, currency: str) -> Decimal:
    """Round half up (away from zero on a tie) to the currency's minor unit."""
    return amount.quantize(Decimal(1).scaleb(-minor_unit(currency)), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Line:
    quantity: Decimal
    unit_price: Decimal
    discount_percent: Decimal = ZERO
    tax_rate: Decimal = ZERO  # percent; only invoices tax per line (``taxed_per_line``)


@dataclass(frozen=True)
class Tax:
    name: str
    rate: Decimal  # percent


@dataclass(frozen=True)
class Totals:
    lines: tuple[Decimal, ...]  # each line's rounded amount, in order
    subtotal: Decimal
    discount: Decimal
    taxes: tuple[tuple[str, Decimal], ...]  # (name, rounded amount) per tax rate
    tax: Decimal
    total: Decimal


def line_amount(line: Line, currency: str) -> Decimal:
    """``quantity x unit price`` less the line discount, rounded to the minor unit."""
    return round_money(line.quantity * line.unit_price * (HUNDRED - line.discount_percent) / HUNDRED, currency)


def totals(lines: Sequence[Line], discount_percent: Decimal, taxes: Sequence[Tax], currency: str) -> Totals:
    """Every figure of a quote (see the module's docstring for the order of rounding)."""
    amounts = tuple(line_amount(line, currency) for line in lines)
    subtotal = sum(amounts, ZERO)
    discount = round_money(subtotal * discount_percent / HUNDRED, currency)
    taxable = subtotal - discount
    by_rate = tuple((tax.name, round_money(taxable * tax.rate / HUNDRED, currency)) for tax in taxes)
    tax = sum((amount for _, amount in by_rate), ZERO)
    return Totals(amounts, subtotal, discount, by_rate, tax, taxable + tax)


def taxed_per_line(lines: Sequence[Line], currency: str) -> Totals:
    """Every figure of a document whose lines carry their own tax rate (invoices).

    Line amounts and the subtotal as in ``totals`` (no document discount); then, per tax rate in the
    order the rates first appear, the tax on the sum of the lines at that rate, rounded half up on its
    own (so a rate's tax is the same however its lines are split); total = subtotal + the taxes.
    """
    amounts = tuple(line_amount(line, currency) for line in lines)
    subtotal = sum(amounts, ZERO)
    bases: dict[Decimal, Decimal] = {}
    for line, amount in zip(lines, amounts, strict=True):
        if line.tax_rate:
            bases[line.tax_rate] = bases.get(line.tax_rate, ZERO) + amount
    by_rate = tuple(
        (f"{rate.normalize():f}%", round_money(base * rate / HUNDRED, currency)) for rate, base in bases.items()
    )
    tax = sum((amount for _, amount in by_rate), ZERO)
    return Totals(amounts, subtotal, ZERO, by_rate, tax, subtotal + tax)


def pick_tier(tiers: Sequence[tuple[Decimal, Decimal]], quantity: Decimal) -> Decimal | None:
    """The unit price of the tier with the largest minimum quantity not above ``quantity``.

    ``tiers`` are ``(minimum quantity, unit price)``, in any order; ``None`` when the quantity is
    below every tier (the product has no price for it in this price book).
    """
    eligible = [(minimum, price) for minimum, price in tiers if minimum <= quantity]
    return max(eligible)[1] if eligible else None
