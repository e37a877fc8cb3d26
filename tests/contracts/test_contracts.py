"""Contracts: numbers, validation, the lifecycle (invalid moves refused, every move kept), renewal, orders."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from saas.audit.models import AuditEntry
from saas.contracts import services, tasks
from saas.contracts.models import Contract, ContractStatus, ContractStatusChange
from tenants.db import connection
from tests.catalog.conftest import ok
from tests.conftest import Workspace

from .conftest import CONTRACT_FIELDS, act, codes, contract_of, create_contract, iso, make_order, mutate

pytestmark = pytest.mark.django_db


def _state(ws: Workspace) -> tuple[Any, ...]:
    ws.activate()
    return (
        list(Contract.all_objects.order_by("number").values_list("number", "status", "title", "end_date")),
        ContractStatusChange.objects.count(),
        AuditEntry.objects.count(),
    )


def test_a_contract_is_numbered_starts_as_a_draft_and_keeps_its_creation(workspace_a: Workspace, company: str) -> None:
    first = create_contract(workspace_a, company, billingFrequency="MONTHLY", autoRenew=True, renewalNoticeDays=45)
    second = create_contract(workspace_a, company, title="Second")
    assert (first["number"], second["number"]) == (1, 2)
    assert first["status"] == "DRAFT" and first["billingFrequency"] == "MONTHLY" and first["autoRenew"] is True
    assert first["value"] == {"amount": "12000.00", "currency": "USD"}
    assert first["renewalReminderDate"] == "2027-11-16"  # 45 days before 2027-12-31
    assert first["owner"]["id"] and first["company"]["name"] == "Globex"
    assert [(c["fromStatus"], c["toStatus"]) for c in first["statusHistory"]] == [(None, "DRAFT")]


def test_bad_input_is_refused_with_typed_errors_and_changes_nothing(workspace_a: Workspace, company: str) -> None:
    before = _state(workspace_a)
    bad = mutate(
        workspace_a,
        "createContract",
        {
            "title": " ",
            "companyId": company,
            "startDate": "2027-05-01",
            "endDate": "2027-04-30",
            "renewalNoticeDays": 400,
            "value": {"amount": "-1", "currency": "usd1"},
        },
        "contract { id }",
    )
    assert bad["contract"] is None
    assert sorted(codes(bad)) == [
        ("endDate", "invalid_date"),
        ("renewalNoticeDays", "out_of_range"),
        ("title", "required"),
        ("value.amount", "invalid_amount"),
        ("value.currency", "invalid_format"),
    ]
    assert _state(workspace_a) == before


def test_the_lifecycle_moves_and_records_each_step(workspace_a: Workspace, company: str) -> None:
    contract = create_contract(workspace_a, company)
    active = contract_of(act(workspace_a, "activateContract", contract["id"]))
    assert active["status"] == "ACTIVE"
    ended = contract_of(act(workspace_a, "terminateContract", contract["id"], reason="Customer went bankrupt"))
    assert ended["status"] == "TERMINATED" and ended["endReason"] == "Customer went bankrupt"
    history = [(c["fromStatus"], c["toStatus"], c["note"]) for c in ended["statusHistory"]]
    assert history == [
        (None, "DRAFT", ""),
        ("DRAFT", "ACTIVE", ""),
        ("ACTIVE", "TERMINATED", "Customer went bankrupt"),
    ]
    entries = workspace_a.api.data(
        "query($id: ID!) { node(id: $id) { ... on Contract { history { edges { node { action changes } } } } } }",
        {"id": contract["id"]},
    )["node"]["history"]["edges"]
    assert any("status" in (e["node"]["changes"] or {}) for e in entries)


@pytest.mark.parametrize(
    ("setup", "move"),
    [
        ([], "terminateContract"),  # a draft cannot be terminated
        ([], "renewContract"),  # nor renewed
        (["activateContract"], "activateContract"),  # an active one is active already
        (["activateContract", "terminateContract"], "activateContract"),
        (["activateContract", "terminateContract"], "renewContract"),
        (["activateContract", "terminateContract"], "terminateContract"),
    ],
)
def test_invalid_transitions_are_refused_and_change_nothing(
    workspace_a: Workspace, company: str, setup: list[str], move: str
) -> None:
    contract = create_contract(workspace_a, company)
    for step in setup:
        contract_of(act(workspace_a, step, contract["id"]))
    before = _state(workspace_a)
    refused = mutate(workspace_a, move, {"id": contract["id"]}, "contract { id }")
    assert codes(refused) == [("id", "invalid_transition")]
    assert _state(workspace_a) == before


def test_an_ended_contract_cannot_be_edited(workspace_a: Workspace, company: str) -> None:
    contract = create_contract(workspace_a, company)
    contract_of(act(workspace_a, "activateContract", contract["id"]))
    contract_of(act(workspace_a, "terminateContract", contract["id"]))
    before = _state(workspace_a)
    refused = mutate(workspace_a, "updateContract", {"id": contract["id"], "title": "Changed"}, "contract { id }")
    assert codes(refused) == [("id", "invalid_transition")]
    assert _state(workspace_a) == before


def test_renewing_makes_the_next_period_with_the_same_terms_once(workspace_a: Workspace, company: str) -> None:
    contract = create_contract(workspace_a, company, terms="Net 30", billingFrequency="QUARTERLY", autoRenew=True)
    contract_of(act(workspace_a, "activateContract", contract["id"]))
    selection = f"contract {{ {CONTRACT_FIELDS} }} renewal {{ {CONTRACT_FIELDS} }}"
    first = ok(mutate(workspace_a, "renewContract", {"id": contract["id"]}, selection))
    renewal = first["renewal"]
    assert first["contract"]["status"] == "RENEWED" and first["contract"]["renewal"]["id"] == renewal["id"]
    assert (renewal["startDate"], renewal["endDate"]) == ("2028-01-01", "2028-12-31")
    assert renewal["status"] == "ACTIVE" and renewal["renewedFrom"]["id"] == contract["id"]
    assert (renewal["terms"], renewal["billingFrequency"], renewal["autoRenew"]) == ("Net 30", "QUARTERLY", True)
    assert renewal["value"] == contract["value"] and renewal["company"] == contract["company"]
    assert renewal["number"] == contract["number"] + 1

    again = ok(mutate(workspace_a, "renewContract", {"id": contract["id"]}, selection))
    assert again["renewal"]["id"] == renewal["id"]  # idempotent: the same follow-on
    workspace_a.activate()
    assert Contract.objects.count() == 2


@pytest.mark.parametrize(
    ("start", "end", "following"),
    [
        (date(2027, 1, 1), date(2027, 12, 31), (date(2028, 1, 1), date(2028, 12, 31))),
        (date(2027, 1, 31), date(2027, 2, 27), (date(2027, 2, 28), date(2027, 3, 27))),  # 28 days, not a month
        (date(2027, 3, 1), date(2027, 5, 31), (date(2027, 6, 1), date(2027, 8, 31))),  # a quarter
        (date(2028, 2, 1), date(2028, 2, 29), (date(2028, 3, 1), date(2028, 3, 31))),  # one month
    ],
)
def test_the_next_period_keeps_whole_months_whole(start: date, end: date, following: tuple[date, date]) -> None:
    assert services.next_period(start, end) == following


def test_a_contract_from_an_order_takes_its_customer_value_and_deal_once(workspace_a: Workspace, company: str) -> None:
    order = make_order(workspace_a, company)
    selection = f"contract {{ {CONTRACT_FIELDS} }}"
    made = contract_of(mutate(workspace_a, "createContractFromOrder", {"orderId": order["id"]}, selection))
    assert made["company"]["id"] == company and made["order"]["id"] == order["id"]
    assert made["deal"]["id"] == order["deal"] and made["value"] == {"amount": "200.00", "currency": "USD"}
    assert made["status"] == "DRAFT" and made["title"] == f"Seats for Globex (O-{order['number']})"
    today = timezone.now().date()
    assert made["startDate"] == iso(today)
    again = contract_of(mutate(workspace_a, "createContractFromOrder", {"orderId": order["id"]}, selection))
    assert again["id"] == made["id"]
    workspace_a.activate()
    assert Contract.objects.count() == 1


def test_a_contract_from_an_order_without_a_customer_asks_for_one(workspace_a: Workspace, company: str) -> None:
    order = make_order(workspace_a, None)
    before = _state(workspace_a)
    refused = mutate(workspace_a, "createContractFromOrder", {"orderId": order["id"]}, "contract { id }")
    assert codes(refused) == [("companyId", "required")]
    assert _state(workspace_a) == before
    given = {"orderId": order["id"], "companyId": company, "endDate": "2099-01-01", "title": "Seats"}
    made = contract_of(mutate(workspace_a, "createContractFromOrder", given, "contract { id title endDate }"))
    assert (made["title"], made["endDate"]) == ("Seats", "2099-01-01")


def test_delete_and_restore_through_the_recycle_bin(workspace_a: Workspace, company: str) -> None:
    contract = create_contract(workspace_a, company)
    ok(mutate(workspace_a, "deleteContract", {"id": contract["id"]}, "contract { id }"))
    data = workspace_a.api.data("{ contracts { totalCount } deletedContracts { totalCount } }")
    assert data == {"contracts": {"totalCount": 0}, "deletedContracts": {"totalCount": 1}}
    ok(mutate(workspace_a, "restoreContract", {"id": contract["id"]}, "contract { id }"))
    assert workspace_a.api.data("{ contracts { totalCount } }")["contracts"]["totalCount"] == 1


def test_the_list_filters_by_status_owner_and_ending_soon_and_searches(workspace_a: Workspace, company: str) -> None:
    today = timezone.now().date()
    soon = create_contract(workspace_a, company, title="Ends soon", startDate=iso(today - timedelta(300)),
                           endDate=iso(today + timedelta(20)))  # fmt: skip
    later = create_contract(workspace_a, company, title="Ends later", startDate=iso(today),
                            endDate=iso(today + timedelta(200)))  # fmt: skip
    create_contract(workspace_a, company, title="Draft ending soon", endDate=iso(today + timedelta(10)),
                    startDate=iso(today))  # fmt: skip
    for contract in (soon, later):
        contract_of(act(workspace_a, "activateContract", contract["id"]))

    def titles(args: str, variables: dict[str, Any]) -> list[str]:
        declared = "$f: ContractFilter" if "$f" in args else "$s: String"
        query = f"query({declared}) {{ contracts({args}) {{ edges {{ node {{ title }} }} }} }}"
        edges = workspace_a.api.data(query, variables)["contracts"]["edges"]
        return sorted(e["node"]["title"] for e in edges)

    assert titles("filter: $f", {"f": {"endingWithinDays": 30}}) == ["Ends soon"]
    assert titles("filter: $f", {"f": {"endingWithinDays": 365}}) == ["Ends later", "Ends soon"]
    assert titles("filter: $f", {"f": {"status": {"eq": "DRAFT"}}}) == ["Draft ending soon"]
    assert titles("filter: $f", {"f": {"mine": True, "status": {"in": ["ACTIVE"]}}}) == ["Ends later", "Ends soon"]
    assert titles("search: $s", {"s": "later"}) == ["Ends later"]
    assert titles("search: $s", {"s": f"C-{soon['number']}"}) == ["Ends soon"]
    ordered = workspace_a.api.data("{ contracts(orderBy: [{endDate: ASC}]) { edges { node { title } } } }")
    assert [e["node"]["title"] for e in ordered["contracts"]["edges"]] == [
        "Draft ending soon",
        "Ends soon",
        "Ends later",
    ]


def _run_expiry(ws: Workspace) -> int:
    connection.set_schema_to_public()
    result: int = tasks.expire_contracts.apply_async(headers={"_schema_name": ws.tenant.schema_name}).get()
    return result


def test_the_daily_job_expires_contracts_past_their_end_once_and_renews_auto_renewing_ones(
    workspace_a: Workspace, company: str
) -> None:
    today = timezone.now().date()
    past = {"startDate": iso(today - timedelta(365)), "endDate": iso(today - timedelta(1))}
    lapsing = create_contract(workspace_a, company, title="Lapsing", **past)
    renewing = create_contract(workspace_a, company, title="Renewing", autoRenew=True, **past)
    current = create_contract(workspace_a, company, title="Current", endDate=iso(today), startDate=iso(today))
    draft = create_contract(workspace_a, company, title="Old draft", **past)
    for contract in (lapsing, renewing, current):
        contract_of(act(workspace_a, "activateContract", contract["id"]))

    assert _run_expiry(workspace_a) == 2
    workspace_a.activate()
    audit_after_first = AuditEntry.objects.count()
    assert _run_expiry(workspace_a) == 0  # idempotent
    workspace_a.activate()
    assert AuditEntry.objects.count() == audit_after_first
    status = dict(Contract.objects.values_list("title", "status"))
    assert status == {
        "Lapsing": ContractStatus.EXPIRED,
        "Renewing": ContractStatus.RENEWED,
        "Current": ContractStatus.ACTIVE,  # its last day is today
        "Old draft": ContractStatus.DRAFT,  # never signed: nothing to expire
    }
    follow_on = Contract.objects.get(renewed_from__title="Renewing")
    assert follow_on.status == ContractStatus.ACTIVE and follow_on.start_date == today
    change = ContractStatusChange.objects.filter(contract__title="Lapsing").last()
    assert change is not None and change.by_id is None and change.to_status == ContractStatus.EXPIRED
    assert draft["status"] == "DRAFT"


def test_the_expiry_runs_daily_on_celery_beat() -> None:
    from saas.celery import app

    assert app.conf.beat_schedule["contracts.expire"]["task"] == "contracts.expire_contracts_everywhere"
