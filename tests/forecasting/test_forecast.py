"""The forecast against a hand-computed fixture; roles, filters, hidden amounts and a fixed query count."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from saas.forecasting.models import PeriodKind, SalesTarget
from saas.forecasting.periods import period_start, periods
from saas.sales.models import category_for
from tests.access.conftest import AddPerson, Person
from tests.conftest import Workspace
from tests.query_count import assert_num_queries, count_queries

from .conftest import deal, fiscal_april_usd, gid

pytestmark = pytest.mark.django_db

FIGURES = "won commit bestCase pipeline weightedPipeline target attainment wonCount openCount"
FORECAST = f"""query($period: ForecastPeriod!, $date: Date, $periods: Int!, $trend: Int!, $userId: ID, $teamId: ID,
  $pipelineId: ID) {{
  forecast(period: $period, date: $date, periods: $periods, trendPeriods: $trend, userId: $userId, teamId: $teamId,
           pipelineId: $pipelineId) {{
    currency amountsHidden trendSlope
    buckets {{ period {{ label start end }} projected figures {{ {FIGURES} }} }}
    total {{ {FIGURES} }}
    trend {{ period {{ label }} won }}
    people {{ name user {{ id }} figures {{ {FIGURES} }} }}
    unconverted {{ amount currency }}
  }}
}}"""


def forecast(api: Any, **variables: Any) -> dict[str, Any]:
    given = {"period": "QUARTER", "date": "2026-12-06", "periods": 1, "trend": 2, **variables}
    return api.data(FORECAST, given)["forecast"]


def seed(ws: Workspace, seller: Person) -> None:
    """The fixture the expected figures below were worked out from by hand.

    Fiscal year from April: the quarter holding 2026-12-06 is October to December 2026 (FY2027 Q3);
    the two before are April-June (Q1) and July-September (Q2).
    """
    fiscal_april_usd(ws)
    ws.activate()
    me, s = ws.owner.pk, seller.user.pk
    # Q3, won: 1000 USD (me); 500 EUR = 550 USD and 35.92 USD (seller); 300 GBP has no rate (seller).
    deal(me, "Won", "1000", closed=date(2026, 10, 15))
    deal(s, "Won", "500", "EUR", closed=date(2026, 11, 20))
    deal(s, "Won", "35.92", closed=date(2026, 12, 1))
    deal(s, "Won", "300", "GBP", closed=date(2026, 10, 20))
    # Q3, open: Negotiation 75% → commit; Proposal 50% → best case; Qualification 10% chosen commit;
    # one chosen omitted (not counted); one expected next quarter; one lost.
    deal(s, "Negotiation", "2000", expected=date(2026, 12, 20))
    deal(me, "Proposal", "800", "EUR", expected=date(2026, 11, 30))
    deal(me, "Qualification", "3000", expected=date(2026, 12, 31), category="commit")
    deal(s, "Needs analysis", "400", expected=date(2026, 10, 5), category="omitted")
    deal(s, "Proposal", "700", expected=date(2027, 1, 10))
    deal(me, "Lost", "900", closed=date(2026, 11, 1))
    # The trend: Q1 600 (me), Q2 1200 (seller).
    deal(me, "Won", "600", closed=date(2026, 5, 10))
    deal(s, "Won", "1200", closed=date(2026, 8, 1))
    # Targets: mine for the quarter; the seller's per month (400 EUR = 440 USD), which add up to 1240.
    SalesTarget.objects.create(user_id=me, period_kind="quarter", period_start=date(2026, 10, 1), amount=2000)
    for month, amount, currency in ((10, "300", "USD"), (11, "400", "EUR"), (12, "500", "USD")):
        SalesTarget.objects.create(
            user_id=s, period_kind="month", period_start=date(2026, month, 1), amount=Decimal(amount), currency=currency
        )


def figures(**given: Any) -> dict[str, Any]:
    base = dict.fromkeys(FIGURES.split(), None)
    return {**base, **given}


def test_forecast_matches_the_hand_computed_figures(workspace_a: Workspace, add_person: AddPerson) -> None:
    seller = add_person(workspace_a, "sales")
    seed(workspace_a, seller)
    result = forecast(workspace_a.api)
    assert result["currency"] == "USD" and result["amountsHidden"] is False
    (bucket,) = result["buckets"]
    assert bucket["period"] == {"label": "FY2027 Q3", "start": "2026-10-01", "end": "2026-12-31"}
    # won 1000 + 550 + 35.92; commit 2000 + 3000; best case 800 EUR = 880; weighted 2000*.75 + 880*.5 + 3000*.1
    expected = figures(
        won="1585.92",
        commit="5000.00",
        bestCase="880.00",
        pipeline="0.00",
        weightedPipeline="2240.00",
        target="3240.00",
        attainment=48.9,  # 1585.92 / 3240 = 48.95 %
        wonCount=4,
        openCount=3,
    )
    assert bucket["figures"] == expected
    assert result["total"] == expected
    assert result["unconverted"] == [{"amount": "300.00", "currency": "GBP"}]
    assert result["trend"] == [
        {"period": {"label": "FY2027 Q1"}, "won": "600.00"},
        {"period": {"label": "FY2027 Q2"}, "won": "1200.00"},
    ]
    # The line through (0, 600) and (1, 1200): +600 a quarter, so 1800 for the third.
    assert result["trendSlope"] == "600.00" and bucket["projected"] == "1800.00"
    people = {row["user"]["id"]: row["figures"] for row in result["people"]}
    assert people[gid("User", workspace_a.owner.pk)] == figures(
        won="1000.00",
        commit="3000.00",
        bestCase="880.00",
        pipeline="0.00",
        weightedPipeline="740.00",
        target="2000.00",
        attainment=50.0,
        wonCount=1,
        openCount=2,
    )
    assert people[gid("User", seller.user.pk)] == figures(
        won="585.92",
        commit="2000.00",
        bestCase="0.00",
        pipeline="0.00",
        weightedPipeline="1500.00",
        target="1240.00",
        attainment=47.3,  # 585.92 / 1240
        wonCount=3,
        openCount=1,
    )


def test_a_seller_sees_only_their_own_deals_and_target(workspace_a: Workspace, add_person: AddPerson) -> None:
    seller = add_person(workspace_a, "sales")
    seed(workspace_a, seller)
    result = forecast(seller.api)
    (bucket,) = result["buckets"]
    assert bucket["figures"] == figures(
        won="585.92",
        commit="2000.00",
        bestCase="0.00",
        pipeline="0.00",
        weightedPipeline="1500.00",
        target="1240.00",
        attainment=47.3,
        wonCount=3,
        openCount=1,
    )
    assert [row["user"]["id"] for row in result["people"]] == [gid("User", seller.user.pk)]


def test_filters_by_salesperson_and_by_month(workspace_a: Workspace, add_person: AddPerson) -> None:
    seller = add_person(workspace_a, "sales")
    seed(workspace_a, seller)
    mine = forecast(workspace_a.api, userId=gid("User", workspace_a.owner.pk))
    assert mine["total"]["won"] == "1000.00" and mine["total"]["target"] == "2000.00"
    months = forecast(workspace_a.api, period="MONTH", date="2026-10-01", periods=3, trend=0)
    by_month = {b["period"]["label"]: b["figures"] for b in months["buckets"]}
    assert list(by_month) == ["2026-10", "2026-11", "2026-12"]
    assert by_month["2026-10"]["won"] == "1000.00" and by_month["2026-11"]["won"] == "550.00"
    # October: my quarter target spread over its three months (666.67) + the seller's 300.
    assert by_month["2026-10"]["target"] == "966.67"
    assert months["trend"] == [] and months["trendSlope"] is None


def test_a_role_that_hides_amounts_gets_counts_without_amounts(workspace_a: Workspace, add_person: AddPerson) -> None:
    seller = add_person(workspace_a, "sales")
    seed(workspace_a, seller)
    marketer = add_person(workspace_a, "marketing")
    result = forecast(marketer.api)
    assert result["amountsHidden"] is True
    (bucket,) = result["buckets"]
    assert bucket["figures"] == figures(wonCount=4, openCount=3)
    assert bucket["projected"] is None and result["trend"][0]["won"] is None and result["unconverted"] == []


def test_winning_a_deal_moves_it_from_commit_to_won(workspace_a: Workspace) -> None:
    fiscal_april_usd(workspace_a)
    workspace_a.activate()
    today = date.today()
    open_deal = deal(workspace_a.owner.pk, "Negotiation", "100", expected=today)
    won_stage = open_deal.pipeline.stages.get(name="Won")
    before = forecast(workspace_a.api, date=str(today), trend=0)["total"]
    assert before["commit"] == "100.00" and before["won"] == "0.00"
    moved = workspace_a.api.data(
        "mutation($input: MoveDealInput!) { moveDeal(input: $input) { errors { code } } }",
        {"input": {"id": gid("Deal", open_deal.pk), "stageId": gid("Stage", won_stage.pk)}},
    )
    assert moved["moveDeal"]["errors"] == []
    after = forecast(workspace_a.api, date=str(today), trend=0)["total"]
    assert after["commit"] == "0.00" and after["won"] == "100.00"


def test_forecast_runs_a_fixed_number_of_queries(make_workspace: Any, add_person: AddPerson) -> None:
    small, big = make_workspace("small-forecast"), make_workspace("big-forecast")
    for ws, n in ((small, 1), (big, 12)):
        fiscal_april_usd(ws)
        ws.activate()
        people = [add_person(ws, "sales") for _ in range(n)]
        for i, person in enumerate(people):
            deal(person.user.pk, "Won", "10", closed=date(2026, 10, 1 + i))
            deal(person.user.pk, "Proposal", "10", "EUR", expected=date(2026, 11, 1 + i))
            SalesTarget.objects.create(user_id=person.user.pk, period_start=date(2026, 10, 1), amount=100)
    one = count_queries(lambda: forecast(small.api, periods=3))
    forecast(big.api, periods=3)  # the first request of a workspace sets up its billing state
    with assert_num_queries(one):
        result = forecast(big.api, periods=3)
    assert len(result["people"]) == 12 and result["total"]["won"] == "120.00"
    assert one <= 8


def test_bad_arguments_are_refused(workspace_a: Workspace) -> None:
    response = workspace_a.api.execute(FORECAST, {"period": "MONTH", "periods": 13, "trend": 0})
    assert response["data"] is None and "periods" in response["errors"][0]["message"]


def test_fiscal_periods() -> None:
    assert period_start(date(2026, 12, 6), PeriodKind.QUARTER, 4) == date(2026, 10, 1)
    assert period_start(date(2026, 2, 6), PeriodKind.YEAR, 4) == date(2025, 4, 1)
    assert period_start(date(2026, 2, 6), PeriodKind.QUARTER, 1) == date(2026, 1, 1)
    assert [p.label for p in periods(PeriodKind.QUARTER, date(2027, 2, 1), 2, 4)] == ["FY2027 Q4", "FY2028 Q1"]
    assert [p.label for p in periods(PeriodKind.YEAR, date(2026, 6, 1), -1, 1)] == ["FY2025"]


def test_category_follows_the_probability_until_one_is_chosen() -> None:
    assert category_for(80, "open") == "commit"
    assert category_for(50, "open") == "best_case"
    assert category_for(10, "open") == "pipeline"
    assert category_for(10, "open", "commit") == "commit"
    assert category_for(90, "lost", "commit") == "omitted"
    assert category_for(0, "won") == "commit"
