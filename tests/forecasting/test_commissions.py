"""Commission statements against hand-computed figures; rules' validation and who may change them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from saas.forecasting.models import CommissionRule
from tests.access.conftest import AddPerson
from tests.conftest import Workspace
from tests.query_count import assert_num_queries, count_queries

from .conftest import deal, fiscal_april_usd, gid, mutate

pytestmark = pytest.mark.django_db

STATEMENTS = """query($period: ForecastPeriod!, $date: Date, $userId: ID) {
  commissions(period: $period, date: $date, userId: $userId) {
    currency period { label }
    statements { name user { id } won commission
      lines { deal { title } wonOn amount { amount currency } base rule { name } rate commission } }
    unconverted { title }
  }
}"""
RULE = "commissionRule { id name rate minAmount { amount currency } validFrom validUntil user { id } }"


def statements(api: Any, **variables: Any) -> dict[str, Any]:
    return api.data(STATEMENTS, {"period": "QUARTER", "date": "2026-12-06", **variables})["commissions"]


def rule(name: str, rate: str, **fields: Any) -> CommissionRule:
    return CommissionRule.objects.create(
        name=name, rate=rate, valid_from=fields.pop("valid_from", date(2026, 1, 1)), **fields
    )


def test_statements_match_the_hand_computed_commissions(workspace_a: Workspace, add_person: AddPerson) -> None:
    seller = add_person(workspace_a, "sales")
    fiscal_april_usd(workspace_a)
    workspace_a.activate()
    me, s = workspace_a.owner.pk, seller.user.pk
    rule("Standard", "5")
    rule("Large deals", "7.5", min_amount=1000, currency="USD")
    rule("Seller special", "6.25", user_id=s)
    rule("Old bonus", "50", valid_from=date(2026, 1, 1), valid_until=date(2026, 6, 30))
    deal(me, "Won", "1000", closed=date(2026, 10, 15), title="Big")
    deal(me, "Won", "999.99", closed=date(2026, 10, 16), title="Almost big")
    deal(s, "Won", "500", "EUR", closed=date(2026, 11, 20), title="Euro")
    deal(s, "Won", "35.92", closed=date(2026, 12, 1), title="Small")
    deal(s, "Won", "300", "GBP", closed=date(2026, 10, 20), title="Pounds")
    deal(s, "Won", "100", closed=date(2026, 9, 30), title="Last quarter")
    deal(s, "Negotiation", "5000", expected=date(2026, 12, 1), title="Open")
    result = statements(workspace_a.api)
    assert result["currency"] == "USD" and result["period"] == {"label": "FY2027 Q3"}
    assert result["unconverted"] == [{"title": "Pounds"}]
    by_user = {row["user"]["id"]: row for row in result["statements"]}
    mine = by_user[gid("User", me)]
    # 1000 reaches the 1000 threshold: 7.5 % = 75.00; 999.99 does not: 5 % = 49.9995 → 50.00 (half up).
    assert [(x["deal"]["title"], x["base"], x["rule"]["name"], x["rate"], x["commission"]) for x in mine["lines"]] == [
        ("Big", "1000.00", "Large deals", "7.5000", "75.00"),
        ("Almost big", "999.99", "Standard", "5.0000", "50.00"),
    ]
    assert mine["won"] == "1999.99" and mine["commission"] == "125.00"
    theirs = by_user[gid("User", s)]
    # The seller's own rule beats the general ones: 500 EUR = 550.00 USD x 6.25 % = 34.375 → 34.38;
    # 35.92 x 6.25 % = 2.245 → 2.25 (half up; half-even would give 2.24).
    assert [(x["deal"]["title"], x["amount"], x["base"], x["commission"]) for x in theirs["lines"]] == [
        ("Euro", {"amount": "500.00", "currency": "EUR"}, "550.00", "34.38"),
        ("Small", {"amount": "35.92", "currency": "USD"}, "35.92", "2.25"),
    ]
    assert theirs["won"] == "585.92" and theirs["commission"] == "36.63"
    # The seller reads their own statement only (their role's deal scope).
    own = statements(seller.api)
    assert [row["user"]["id"] for row in own["statements"]] == [gid("User", s)]
    only = statements(workspace_a.api, userId=gid("User", s))
    assert [row["commission"] for row in only["statements"]] == ["36.63"]


def test_a_team_rule_and_a_pipeline_rule(workspace_a: Workspace, add_person: AddPerson) -> None:
    from saas.access.models import Team, TeamMember
    from saas.sales.models import Pipeline

    seller = add_person(workspace_a, "sales")
    fiscal_april_usd(workspace_a)
    workspace_a.activate()
    team = Team.objects.create(name="East")
    TeamMember.objects.create(team=team, user_id=seller.user.pk)
    rule("Standard", "5")
    rule("East", "8", team=team)
    rule("Elsewhere", "20", pipeline=Pipeline.objects.create(name="Other"))
    deal(seller.user.pk, "Won", "200", closed=date(2026, 10, 2))
    deal(workspace_a.owner.pk, "Won", "200", closed=date(2026, 10, 2))
    result = statements(workspace_a.api)
    commissions = {
        row["user"]["id"]: (row["lines"][0]["rule"]["name"], row["commission"]) for row in result["statements"]
    }
    assert commissions == {
        gid("User", seller.user.pk): ("East", "16.00"),
        gid("User", workspace_a.owner.pk): ("Standard", "10.00"),
    }


def test_a_role_that_hides_amounts_is_refused(workspace_a: Workspace, add_person: AddPerson) -> None:
    marketer = add_person(workspace_a, "marketing")
    response = marketer.api.execute(STATEMENTS, {"period": "MONTH"})
    assert response["data"] is None
    assert response["errors"][0]["extensions"]["code"] == "FIELD_HIDDEN"


def test_statements_run_a_fixed_number_of_queries(make_workspace: Any, add_person: AddPerson) -> None:
    small, big = make_workspace("small-commissions"), make_workspace("big-commissions")
    for ws, n in ((small, 1), (big, 10)):
        fiscal_april_usd(ws)
        ws.activate()
        rule("Standard", "5")
        for i in range(n):
            person = add_person(ws, "sales")
            deal(person.user.pk, "Won", "10", closed=date(2026, 10, 1 + i))
    one = count_queries(lambda: statements(small.api))
    statements(big.api)
    with assert_num_queries(one):
        result = statements(big.api)
    assert len(result["statements"]) == 10


def test_rules_are_validated_and_only_admins_change_them(workspace_a: Workspace, add_person: AddPerson) -> None:
    bad = mutate(
        workspace_a.api,
        "createCommissionRule",
        {"name": " ", "rate": "120", "validFrom": "2026-05-01", "validUntil": "2026-04-01"},
        RULE,
    )
    assert {(e["field"], e["code"]) for e in bad["errors"]} == {
        ("name", "required"),
        ("rate", "out_of_range"),
        ("validUntil", "invalid"),
    }
    workspace_a.activate()
    assert not CommissionRule.objects.exists()
    made = mutate(
        workspace_a.api,
        "createCommissionRule",
        {"name": "Big", "rate": "7.5", "validFrom": "2026-01-01", "minAmount": {"amount": "1000", "currency": "usd"}},
        RULE,
    )
    assert made["errors"] == []
    assert made["commissionRule"]["minAmount"] == {"amount": "1000.00", "currency": "USD"}
    rule_id = made["commissionRule"]["id"]
    for role in ("manager", "sales"):
        person = add_person(workspace_a, role)
        refused = mutate(person.api, "updateCommissionRule", {"id": rule_id, "rate": "50"}, RULE)
        assert refused["errors"][0]["code"] == "permission_denied"
    changed = mutate(workspace_a.api, "updateCommissionRule", {"id": rule_id, "rate": "8", "minAmount": None}, RULE)
    assert changed["commissionRule"]["rate"] == "8.0000" and changed["commissionRule"]["minAmount"] is None
    gone = workspace_a.api.data(
        "mutation($input: CommissionRuleIdInput!) {"
        " deleteCommissionRule(input: $input) { deletedId errors { code } } }",
        {"input": {"id": rule_id}},
    )
    assert gone["deleteCommissionRule"]["deletedId"] == rule_id


def test_a_product_rule_pays_on_that_product_lines_of_the_accepted_quote(workspace_a: Workspace) -> None:
    from decimal import Decimal

    from saas.catalog.models import Product, Quote, QuoteLine, QuoteStatus

    fiscal_april_usd(workspace_a)
    workspace_a.activate()
    seats = Product.objects.create(name="Seats", sku="SEAT")
    setup = Product.objects.create(name="Setup", sku="SETUP")
    rule("Standard", "5")
    rule("Seats bonus", "10", product=seats)
    with_seats = deal(workspace_a.owner.pk, "Won", "1500", closed=date(2026, 10, 15), title="With seats")
    quote = Quote.objects.create(deal=with_seats, number=1, status=QuoteStatus.ACCEPTED, currency="USD")
    for product, amount in ((seats, "1000.50"), (seats, "200.00"), (setup, "299.50")):
        QuoteLine.objects.create(
            quote=quote, product=product, quantity=1, unit_price=Decimal(amount), amount=Decimal(amount)
        )
    draft = Quote.objects.create(
        deal=deal(workspace_a.owner.pk, "Won", "800", closed=date(2026, 10, 16), title="Draft only"),
        number=2,
        currency="USD",
    )
    QuoteLine.objects.create(quote=draft, product=seats, quantity=1, unit_price=800, amount=800)
    (statement,) = statements(workspace_a.api)["statements"]
    lines = [(x["deal"]["title"], x["base"], x["rule"]["name"], x["commission"]) for x in statement["lines"]]
    # The seats' lines of the accepted quote: 1200.50 x 10 % = 120.05; a draft quote does not count: 5 % of 800.
    assert lines == [("With seats", "1200.50", "Seats bonus", "120.05"), ("Draft only", "800.00", "Standard", "40.00")]
    assert statement["won"] == "2300.00" and statement["commission"] == "160.05"  # won: the deals' whole amounts
