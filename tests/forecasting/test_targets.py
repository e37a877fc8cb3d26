"""Sales targets: who sets them, who reads them, validation, the list's query count, and tenant isolation."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from saas.forecasting.models import CommissionRule, SalesTarget
from tests.access.conftest import AddPerson
from tests.conftest import Workspace
from tests.query_count import assert_num_queries, count_queries

from .conftest import deal, fiscal_april_usd, gid, mutate

pytestmark = pytest.mark.django_db

TARGET = "salesTarget { id periodKind periodStart periodLabel amount { amount currency } user { id } team { id } }"
TARGETS = """query($filter: SalesTargetFilter) { salesTargets(filter: $filter, first: 100) { totalCount
  edges { node { id periodKind periodStart periodLabel amount { amount currency } user { id fullName } team { name } } }
} }"""


def targets(api: Any, filter: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    return [e["node"] for e in api.data(TARGETS, {"filter": filter})["salesTargets"]["edges"]]


def set_target(api: Any, **input: Any) -> dict[str, Any]:
    return mutate(api, "createSalesTarget", {"periodKind": "QUARTER", "periodStart": "2026-11-15", **input}, TARGET)


def test_a_manager_sets_targets_for_a_person_and_a_team(workspace_a: Workspace, add_person: AddPerson) -> None:
    from saas.access.models import Team

    fiscal_april_usd(workspace_a)
    manager, seller = add_person(workspace_a, "manager"), add_person(workspace_a, "sales")
    workspace_a.activate()
    team = Team.objects.create(name="East")
    made = set_target(manager.api, userId=gid("User", seller.user.pk), amount={"amount": "5000", "currency": "USD"})
    assert made["errors"] == []
    # Any day of the period names it: kept as the fiscal quarter's first day.
    assert made["salesTarget"]["periodStart"] == "2026-10-01" and made["salesTarget"]["periodLabel"] == "FY2027 Q3"
    assert made["salesTarget"]["amount"] == {"amount": "5000.00", "currency": "USD"}
    for_team = set_target(manager.api, teamId=gid("Team", team.pk), amount={"amount": "9000", "currency": "USD"})
    assert for_team["errors"] == [] and for_team["salesTarget"]["team"] == {"id": gid("Team", team.pk)}
    changed = mutate(
        manager.api,
        "updateSalesTarget",
        {"id": made["salesTarget"]["id"], "amount": {"amount": "6000", "currency": "USD"}},
        TARGET,
    )
    assert changed["salesTarget"]["amount"]["amount"] == "6000.00"
    # The seller reads their own target, and changes none.
    assert [t["id"] for t in targets(seller.api)] == [made["salesTarget"]["id"]]
    refused = mutate(
        seller.api,
        "updateSalesTarget",
        {"id": made["salesTarget"]["id"], "amount": {"amount": "1", "currency": "USD"}},
        TARGET,
    )
    assert refused["errors"][0]["code"] == "permission_denied"
    refused = set_target(seller.api, userId=gid("User", seller.user.pk), amount={"amount": "1", "currency": "USD"})
    assert refused["errors"][0]["code"] == "permission_denied"
    # The whole list for the manager; the team's forecast uses the team's target.
    assert len(targets(manager.api)) == 2
    team_forecast = manager.api.data(
        'query($t: ID) { forecast(period: QUARTER, date: "2026-12-01", teamId: $t) { total { target } } }',
        {"t": gid("Team", team.pk)},
    )
    assert team_forecast["forecast"]["total"]["target"] == "9000.00"
    gone = manager.api.data(
        "mutation($input: SalesTargetIdInput!) { deleteSalesTarget(input: $input) { deletedId errors { code } } }",
        {"input": {"id": for_team["salesTarget"]["id"]}},
    )
    assert gone["deleteSalesTarget"]["errors"] == []


def test_bad_targets_are_refused_and_nothing_is_written(workspace_a: Workspace, add_person: AddPerson) -> None:
    seller = add_person(workspace_a, "sales")
    usd = {"amount": "100", "currency": "USD"}
    assert set_target(workspace_a.api, amount=usd)["errors"][0]["field"] == "userId"  # nobody's
    both = set_target(workspace_a.api, userId=gid("User", seller.user.pk), teamId=gid("Team", 999999), amount=usd)
    assert ("teamId", "not_found") in [(e["field"], e["code"]) for e in both["errors"]]
    zero = set_target(workspace_a.api, userId=gid("User", seller.user.pk), amount={"amount": "0", "currency": "USD"})
    assert [(e["field"], e["code"]) for e in zero["errors"]] == [("amount.amount", "invalid_amount")]
    stranger = set_target(workspace_a.api, userId=gid("User", 999999), amount=usd)
    assert [(e["field"], e["code"]) for e in stranger["errors"]] == [("userId", "not_found")]
    first = set_target(workspace_a.api, userId=gid("User", seller.user.pk), amount=usd)
    assert first["errors"] == []
    again = set_target(workspace_a.api, userId=gid("User", seller.user.pk), periodStart="2026-10-02", amount=usd)
    assert [(e["field"], e["code"]) for e in again["errors"]] == [("periodStart", "taken")]
    workspace_a.activate()
    assert SalesTarget.objects.count() == 1


def test_the_targets_list_runs_a_fixed_number_of_queries(workspace_a: Workspace, add_person: AddPerson) -> None:
    workspace_a.activate()
    SalesTarget.objects.create(user_id=workspace_a.owner.pk, period_start=date(2026, 1, 1), amount=1)
    one = count_queries(lambda: targets(workspace_a.api))
    workspace_a.activate()
    for month in range(2, 13):
        person = add_person(workspace_a, "sales")
        workspace_a.activate()
        SalesTarget.objects.create(user_id=person.user.pk, period_start=date(2026, month, 1), amount=month)
    with assert_num_queries(one):
        assert len(targets(workspace_a.api)) == 12


def test_another_workspace_cannot_read_or_change_targets_rules_or_deals(
    workspace_a: Workspace, workspace_b: Workspace
) -> None:
    fiscal_april_usd(workspace_a)
    workspace_a.activate()
    target = SalesTarget.objects.create(
        user_id=workspace_a.owner.pk, period_kind="quarter", period_start=date(2026, 10, 1), amount=10
    )
    rule = CommissionRule.objects.create(name="A only", rate=5, valid_from=date(2026, 1, 1))
    deal(workspace_a.owner.pk, "Won", "100", closed=date(2026, 10, 5))
    assert targets(workspace_b.api) == []
    assert workspace_b.api.data("{ commissionRules(first: 10) { totalCount } }")["commissionRules"]["totalCount"] == 0
    node = workspace_b.api.data("query($id: ID!) { node(id: $id) { id } }", {"id": gid("SalesTarget", target.pk)})
    assert node["node"] is None
    changed = mutate(
        workspace_b.api,
        "updateSalesTarget",
        {"id": gid("SalesTarget", target.pk), "amount": {"amount": "1", "currency": "USD"}},
        TARGET,
    )
    assert changed["errors"][0]["code"] == "not_found"
    gone = mutate(
        workspace_b.api,
        "updateCommissionRule",
        {"id": gid("CommissionRule", rule.pk), "rate": "1"},
        "commissionRule { id }",
    )
    assert gone["errors"][0]["code"] == "not_found"
    theirs = workspace_b.api.data(
        '{ forecast(period: QUARTER, date: "2026-12-01") { total { won wonCount target } } '
        'commissions(period: QUARTER, date: "2026-12-01") { statements { name } } }'
    )
    assert theirs["forecast"]["total"] == {"won": "0.00", "wonCount": 0, "target": None}
    assert theirs["commissions"]["statements"] == []
    workspace_a.activate()
    assert SalesTarget.objects.get(pk=target.pk).amount == 10


def test_forecast_category_is_set_and_reset_on_a_deal(workspace_a: Workspace) -> None:
    workspace_a.activate()
    made = deal(workspace_a.owner.pk, "Qualification", "100", expected=date(2026, 12, 1))
    query = (
        "mutation($input: UpdateDealInput!) { updateDeal(input: $input) {"
        " deal { forecastCategory forecastCategoryAutomatic } errors { field code } } }"
    )
    first = workspace_a.api.data(query, {"input": {"id": gid("Deal", made.pk)}})["updateDeal"]
    assert first["deal"] == {"forecastCategory": "PIPELINE", "forecastCategoryAutomatic": True}
    chosen = workspace_a.api.data(query, {"input": {"id": gid("Deal", made.pk), "forecastCategory": "COMMIT"}})
    assert chosen["updateDeal"]["deal"] == {"forecastCategory": "COMMIT", "forecastCategoryAutomatic": False}
    reset = workspace_a.api.data(query, {"input": {"id": gid("Deal", made.pk), "forecastCategory": None}})
    assert reset["updateDeal"]["deal"] == {"forecastCategory": "PIPELINE", "forecastCategoryAutomatic": True}


def test_the_targets_export_holds_only_the_workspace_own_targets(
    workspace_a: Workspace, workspace_b: Workspace, add_person: AddPerson
) -> None:
    import csv
    import io

    from django.test import Client

    from tenants import services

    seller = add_person(workspace_a, "sales")
    workspace_a.activate()
    SalesTarget.objects.create(user_id=seller.user.pk, period_start=date(2026, 10, 1), amount=700)
    workspace_b.activate()
    SalesTarget.objects.create(user_id=workspace_b.owner.pk, period_start=date(2026, 10, 1), amount=900)

    def export(token: str, host_of: Workspace) -> Any:
        client = Client(HTTP_HOST=services.tenant_host(host_of.subdomain))
        return client.get("/exports/targets.csv?columns=periodStart,amount", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert export(workspace_b.token, workspace_a).status_code == 401  # B's owner is nobody on A's host
    response = export(workspace_a.token, workspace_a)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[1:] == [[seller.user.full_name, "2026-10-01", "700.00"]]
    assert export(seller.token, workspace_a).status_code == 403  # sellers export no targets


def test_targets_are_found_by_the_salespersons_or_the_teams_name(workspace_a: Workspace, add_person: AddPerson) -> None:
    from saas.access.models import Team

    fiscal_april_usd(workspace_a)
    seller = add_person(workspace_a, "sales")
    workspace_a.activate()
    team = Team.objects.create(name="Harbour East")
    set_target(workspace_a.api, userId=gid("User", seller.user.pk), amount={"amount": "10", "currency": "USD"})
    set_target(workspace_a.api, teamId=gid("Team", team.pk), amount={"amount": "20", "currency": "USD"})
    query = "query($s: String) { salesTargets(search: $s, first: 10) { edges { node { team { name } user { id } } } } }"

    def found(term: str) -> list[dict[str, Any]]:
        return [e["node"] for e in workspace_a.api.data(query, {"s": term})["salesTargets"]["edges"]]

    assert [n["team"] for n in found("harbour")] == [{"name": "Harbour East"}]
    assert [n["user"] for n in found(seller.user.full_name)] == [{"id": gid("User", seller.user.pk)}]
    assert found("nobody-at-all") == []
