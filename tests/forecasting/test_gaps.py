"""Deals without an expected close date in the forecast, the deals list by forecast category, and the
targets a member of a team may read."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from saas.forecasting.models import SalesTarget
from tests.access.conftest import AddPerson
from tests.conftest import Workspace
from tests.query_count import count_queries

from .conftest import deal, fiscal_april_usd, gid
from .test_forecast import FIGURES, figures

pytestmark = pytest.mark.django_db

NO_CLOSE_DATE = f"""query($teamId: ID) {{ forecast(period: QUARTER, date: "2026-12-06", teamId: $teamId) {{
  total {{ {FIGURES} }} noCloseDate {{ {FIGURES} }} }} }}"""


def test_open_deals_without_a_close_date_are_shown_apart_not_dropped(workspace_a: Workspace) -> None:
    fiscal_april_usd(workspace_a)
    workspace_a.activate()
    me = workspace_a.owner.pk
    deal(me, "Negotiation", "2000", expected=date(2026, 12, 20))  # in the quarter: commit
    deal(me, "Negotiation", "300")  # no date: commit, apart
    deal(me, "Proposal", "100")  # no date: best case, apart
    deal(me, "Qualification", "50", category="omitted")  # omitted: nowhere
    deal(me, "Won", "70", closed=date(2026, 11, 1))
    before = count_queries(lambda: workspace_a.api.data(NO_CLOSE_DATE))
    result = workspace_a.api.data(NO_CLOSE_DATE)["forecast"]
    assert result["noCloseDate"] == figures(
        won="0.00", commit="300.00", bestCase="100.00", pipeline="0.00", weightedPipeline="275.00", wonCount=0,
        openCount=2,
    )  # fmt: skip
    assert result["total"]["commit"] == "2000.00" and result["total"]["openCount"] == 1  # not in a period
    workspace_a.activate()
    for _ in range(5):
        deal(me, "Proposal", "10")
    assert count_queries(lambda: workspace_a.api.data(NO_CLOSE_DATE)) == before  # the same query, grouped


DEALS = (
    "query($f: DealFilter) { deals(filter: $f, first: 50) { totalCount edges { node { title forecastCategory } } } }"
)


def test_the_deals_list_filters_by_the_forecast_category_it_counts_in(workspace_a: Workspace) -> None:
    workspace_a.activate()
    me = workspace_a.owner.pk
    deal(me, "Negotiation", "1", title="Auto commit")  # 75 %: commit from the probability
    deal(me, "Qualification", "1", title="Chosen commit", category="commit")
    deal(me, "Proposal", "1", title="Best")  # 50 %
    deal(me, "Qualification", "1", title="Pipe")
    deal(me, "Won", "1", title="Won", closed=date(2026, 11, 1))  # a won deal counts as commit
    deal(me, "Lost", "1", title="Lost", closed=date(2026, 11, 1), category="commit")  # lost: omitted

    def titles(f: dict[str, Any]) -> set[str]:
        data = workspace_a.api.data(DEALS, {"f": f})["deals"]
        asked = f["forecastCategory"].get("in") or [f["forecastCategory"].get("eq")]
        assert all(e["node"]["forecastCategory"] in asked for e in data["edges"])
        return {e["node"]["title"] for e in data["edges"]}

    assert titles({"forecastCategory": {"eq": "COMMIT"}}) == {"Auto commit", "Chosen commit", "Won"}
    assert titles({"forecastCategory": {"eq": "OMITTED"}}) == {"Lost"}
    assert titles({"forecastCategory": {"in": ["BEST_CASE", "PIPELINE"]}}) == {"Best", "Pipe"}
    both = workspace_a.api.data(DEALS, {"f": {"forecastCategory": {"eq": "COMMIT"}, "status": {"eq": "OPEN"}}})[
        "deals"
    ]["totalCount"]
    assert both == 2


def test_the_category_filter_keeps_to_what_the_member_may_read_and_to_the_workspace(
    workspace_a: Workspace, workspace_b: Workspace, add_person: AddPerson
) -> None:
    seller = add_person(workspace_a, "sales")
    workspace_a.activate()
    deal(workspace_a.owner.pk, "Negotiation", "1", title="Owner's")
    deal(seller.user.pk, "Negotiation", "1", title="Seller's")
    workspace_b.activate()
    deal(workspace_b.owner.pk, "Negotiation", "1", title="Bravo's")
    commit = {"f": {"forecastCategory": {"eq": "COMMIT"}}}
    assert [e["node"]["title"] for e in seller.api.data(DEALS, commit)["deals"]["edges"]] == ["Seller's"]
    assert [e["node"]["title"] for e in workspace_b.api.data(DEALS, commit)["deals"]["edges"]] == ["Bravo's"]


TARGETS = "{ salesTargets(first: 100) { edges { node { id team { name } user { id } } } } }"


def test_a_member_reads_their_own_and_their_teams_targets(workspace_a: Workspace, add_person: AddPerson) -> None:
    from saas.access.models import Team, TeamMember

    fiscal_april_usd(workspace_a)
    seller, other = add_person(workspace_a, "sales"), add_person(workspace_a, "sales")
    workspace_a.activate()
    east, west = Team.objects.create(name="East"), Team.objects.create(name="West")
    TeamMember.objects.create(team=east, user_id=seller.user.pk)
    TeamMember.objects.create(team=west, user_id=other.user.pk)
    start = date(2026, 10, 1)
    own = SalesTarget.objects.create(user_id=seller.user.pk, period_kind="quarter", period_start=start, amount=10)
    east_target = SalesTarget.objects.create(team=east, period_kind="quarter", period_start=start, amount=900)
    SalesTarget.objects.create(team=west, period_kind="quarter", period_start=start, amount=700)
    SalesTarget.objects.create(user_id=other.user.pk, period_kind="quarter", period_start=start, amount=20)

    seen = {e["node"]["id"] for e in seller.api.data(TARGETS)["salesTargets"]["edges"]}
    assert seen == {gid("SalesTarget", own.pk), gid("SalesTarget", east_target.pk)}
    node = seller.api.data("query($id: ID!) { node(id: $id) { id } }", {"id": gid("SalesTarget", east_target.pk)})
    assert node["node"] == {"id": gid("SalesTarget", east_target.pk)}
    # their team's forecast carries the team's target; another team's does not show its target
    east_forecast = seller.api.data(NO_CLOSE_DATE, {"teamId": gid("Team", east.pk)})["forecast"]
    assert east_forecast["total"]["target"] == "900.00"
    west_forecast = seller.api.data(NO_CLOSE_DATE, {"teamId": gid("Team", west.pk)})["forecast"]
    assert west_forecast["total"]["target"] is None
    # reading is all: the team's target is not theirs to change
    refused = seller.api.data(
        "mutation($i: UpdateSalesTargetInput!) { updateSalesTarget(input: $i) { errors { code } } }",
        {"i": {"id": gid("SalesTarget", east_target.pk), "amount": {"amount": "1", "currency": "USD"}}},
    )
    assert refused["updateSalesTarget"]["errors"][0]["code"] == "permission_denied"
    # out of the team: out of sight
    workspace_a.activate()
    TeamMember.objects.filter(user_id=seller.user.pk).delete()
    seen = {e["node"]["id"] for e in seller.api.data(TARGETS)["salesTargets"]["edges"]}
    assert seen == {gid("SalesTarget", own.pk)}
