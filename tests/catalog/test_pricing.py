"""Quote arithmetic (saas.catalog.pricing): property tests and the cases the web client checks too."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from saas.catalog import pricing
from saas.catalog.pricing import Line, Tax, line_amount, minor_unit, pick_tier, round_money, totals

# The same file is read by frontend/src/modules/catalog/pricing.test.ts: server and live totals agree.
CASES = json.loads((Path(__file__).parent / "pricing_cases.json").read_text())

currencies = st.sampled_from(["USD", "EUR", "CNY", "JPY", "KWD", "BHD", "KRW"])


def scaled(low: int, high: int, places: int) -> st.SearchStrategy[Decimal]:
    """Decimals with ``places`` decimals from ``low`` to ``high`` units of the last place (as the API takes them)."""
    return st.integers(low, high).map(lambda n: Decimal(n).scaleb(-places))


quantities = scaled(1, 10**8, 3)  # 0.001 to 100 000
prices = scaled(0, 10**10, 4)  # up to 1 000 000
percents = scaled(0, 10**4, 2)  # 0 to 100
lines = st.lists(st.builds(Line, quantities, prices, percents), max_size=12)
taxes = st.lists(st.builds(Tax, st.just("tax"), percents), max_size=3)


@given(lines, percents, taxes, currencies)
def test_the_subtotal_is_the_sum_of_the_rounded_lines(items: list[Line], discount: Decimal, rates: list[Tax],
                                                       currency: str) -> None:  # fmt: skip
    figures = totals(items, discount, rates, currency)
    assert figures.lines == tuple(line_amount(line, currency) for line in items)
    assert figures.subtotal == sum(figures.lines, Decimal(0))
    assert figures.tax == sum((amount for _, amount in figures.taxes), Decimal(0))
    assert figures.total == figures.subtotal - figures.discount + figures.tax


@given(lines, percents, taxes, currencies)
def test_every_figure_is_in_the_currencys_minor_unit(items: list[Line], discount: Decimal, rates: list[Tax],
                                                      currency: str) -> None:  # fmt: skip
    figures = totals(items, discount, rates, currency)
    for amount in (*figures.lines, figures.subtotal, figures.discount, figures.tax, figures.total):
        assert amount == round_money(amount, currency)
        assert -amount.as_tuple().exponent <= minor_unit(currency)  # type: ignore[operator]


@given(lines, percents, taxes, currencies)
def test_discounts_never_make_a_negative_figure(items: list[Line], discount: Decimal, rates: list[Tax],
                                                currency: str) -> None:  # fmt: skip
    figures = totals(items, discount, rates, currency)
    assert all(amount >= 0 for amount in figures.lines)
    assert 0 <= figures.discount <= figures.subtotal
    assert figures.total >= 0


@given(quantities, prices, currencies)
def test_a_full_line_discount_makes_it_free_and_none_leaves_the_rounded_product(
    quantity: Decimal, price: Decimal, currency: str
) -> None:
    assert line_amount(Line(quantity, price, Decimal(100)), currency) == 0
    assert line_amount(Line(quantity, price), currency) == round_money(quantity * price, currency)


@given(quantities, prices, percents, percents, currencies)
def test_a_bigger_discount_never_costs_more(quantity: Decimal, price: Decimal, low: Decimal, high: Decimal,
                                            currency: str) -> None:  # fmt: skip
    low, high = min(low, high), max(low, high)
    assert line_amount(Line(quantity, price, high), currency) <= line_amount(Line(quantity, price, low), currency)


def test_rounding_is_half_up_to_the_minor_unit() -> None:
    assert round_money(Decimal("0.005"), "USD") == Decimal("0.01")
    assert round_money(Decimal("0.0049"), "USD") == Decimal("0.00")
    assert round_money(Decimal("2.5"), "JPY") == Decimal("3")
    assert round_money(Decimal("1.0005"), "KWD") == Decimal("1.001")
    assert round_money(Decimal("1.005"), "usd") == Decimal("1.01")


def test_the_shared_cases() -> None:
    for case in CASES:
        items = [Line(Decimal(q), Decimal(p), Decimal(d)) for q, p, d in case["lines"]]
        rates = [Tax(name, Decimal(rate)) for name, rate in case["taxes"]]
        figures = totals(items, Decimal(case["discount"]), rates, case["currency"])
        expect = case["expect"]
        assert [str(a) for a in figures.lines] == expect["lines"], case
        assert str(figures.subtotal) == expect["subtotal"]
        assert str(figures.discount) == expect["discount"]
        assert [str(a) for _, a in figures.taxes] == expect["taxes"]
        assert str(figures.total) == expect["total"]


TIERS = [(Decimal(10), Decimal("8.00")), (Decimal(0), Decimal("10.00")), (Decimal(100), Decimal("6.50"))]


def test_the_tier_with_the_largest_minimum_not_above_the_quantity_applies() -> None:
    assert pick_tier(TIERS, Decimal("0.5")) == Decimal("10.00")
    assert pick_tier(TIERS, Decimal("9.999")) == Decimal("10.00")
    assert pick_tier(TIERS, Decimal(10)) == Decimal("8.00")
    assert pick_tier(TIERS, Decimal(250)) == Decimal("6.50")
    assert pick_tier(TIERS[:1], Decimal(3)) is None  # below every tier: no price
    assert pick_tier([], Decimal(3)) is None


@given(st.lists(st.tuples(quantities, prices), min_size=1, max_size=6, unique_by=lambda t: t[0]), quantities)
def test_the_picked_tier_is_never_one_that_starts_above_the_quantity(tiers: list[tuple[Decimal, Decimal]],
                                                                     quantity: Decimal) -> None:  # fmt: skip
    price = pick_tier(tiers, quantity)
    eligible = [t for t in tiers if t[0] <= quantity]
    assert (price is None) == (not eligible)
    if eligible:
        assert price == max(eligible)[1]


def test_unlisted_currencies_have_cents() -> None:
    assert pricing.minor_unit("CNY") == 2 and pricing.minor_unit("JPY") == 0 and pricing.minor_unit("BHD") == 3
