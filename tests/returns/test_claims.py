"""Claims: a customer's warranty or damage claim, reviewed, decided (wholly, partly or not) and settled."""

from __future__ import annotations

from typing import Any

import pytest

from saas.returns.models import Claim, ClaimStatusChange
from tests.catalog.conftest import ok, product
from tests.conftest import Workspace
from tests.customers.conftest import create_company
from tests.repairs.conftest import create_warranty

from .conftest import codes, move_claim, mutate, submit_claim

pytestmark = pytest.mark.django_db


def _state(ws: Workspace) -> Any:
    ws.activate()
    return (list(Claim.all_objects.values_list("status", "amount_claimed", "amount_approved", "description")),
            ClaimStatusChange.objects.count())  # fmt: skip


def test_a_claim_is_reviewed_partly_approved_and_settled(workspace_a: Workspace, sale: dict[str, Any]) -> None:
    claim = submit_claim(workspace_a, sale["company"], kind="DAMAGE", orderId=sale["order"], amountClaimed="750.50")
    assert (claim["displayNumber"], claim["status"], claim["kind"]) == ("CL-1", "SUBMITTED", "DAMAGE")
    assert claim["amountClaimed"] == {"amount": "750.50", "currency": "USD"} and claim["amountApproved"] is None
    assert claim["nextStatuses"] == ["UNDER_REVIEW", "REJECTED"]
    claim = ok(move_claim(workspace_a, claim["id"], "UNDER_REVIEW"))["claim"]
    before = _state(workspace_a)
    assert codes(move_claim(workspace_a, claim["id"], "PARTIALLY_APPROVED")) == [("amountApproved", "required")]
    assert codes(move_claim(workspace_a, claim["id"], "PARTIALLY_APPROVED", amountApproved="750.50")) == [
        ("amountApproved", "out_of_range")
    ]
    assert codes(move_claim(workspace_a, claim["id"], "SETTLED")) == [("status", "invalid_transition")]
    assert codes(move_claim(workspace_a, claim["id"], "APPROVED", amountApproved="1")) == [
        ("amountApproved", "invalid")
    ]
    assert _state(workspace_a) == before
    decided = ok(move_claim(workspace_a, claim["id"], "PARTIALLY_APPROVED", amountApproved="400"))["claim"]
    assert decided["amountApproved"] == {"amount": "400.00"}
    # decided: what was claimed no longer changes
    refused = mutate(workspace_a, "updateClaim", {"id": claim["id"], "amountClaimed": "900"}, "claim { id }")
    assert codes(refused) == [("id", "invalid_transition")]
    settled = ok(move_claim(workspace_a, claim["id"], "SETTLED", note="Paid by bank transfer"))["claim"]
    assert settled["status"] == "SETTLED" and settled["settledAt"] and settled["nextStatuses"] == []
    assert [(c["fromStatus"], c["toStatus"]) for c in settled["statusHistory"]] == [
        (None, "SUBMITTED"), ("SUBMITTED", "UNDER_REVIEW"), ("UNDER_REVIEW", "PARTIALLY_APPROVED"),
        ("PARTIALLY_APPROVED", "SETTLED"),
    ]  # fmt: skip


def test_approving_grants_the_claim_and_rejecting_grants_nothing(workspace_a: Workspace, sale: dict[str, Any]) -> None:
    whole = submit_claim(workspace_a, sale["company"])
    ok(move_claim(workspace_a, whole["id"], "UNDER_REVIEW"))
    assert ok(move_claim(workspace_a, whole["id"], "APPROVED"))["claim"]["amountApproved"] == {"amount": "500.00"}
    nothing = submit_claim(workspace_a, sale["company"])
    rejected = ok(move_claim(workspace_a, nothing["id"], "REJECTED", note="Misuse"))["claim"]
    assert rejected["amountApproved"] == {"amount": "0.00"} and rejected["nextStatuses"] == []


def test_a_claim_names_the_customers_own_order_and_warranty(workspace_a: Workspace, sale: dict[str, Any]) -> None:
    machine = product(workspace_a, "MACHINE-1", "Espresso machine")
    warranty = create_warranty(workspace_a, sale["company"], machine)
    claim = submit_claim(workspace_a, sale["company"], warrantyId=warranty["id"])
    assert claim["warranty"] == {"id": warranty["id"]} and claim["kind"] == "WARRANTY"
    other = str(create_company(workspace_a, name="Initech")["id"])
    before = _state(workspace_a)
    refused = mutate(workspace_a, "createClaim", {"companyId": other, "description": "x", "amountClaimed": "1",
                     "orderId": sale["order"], "warrantyId": warranty["id"]})  # fmt: skip
    assert sorted(codes(refused)) == [("orderId", "invalid"), ("warrantyId", "invalid")]
    bad = mutate(workspace_a, "createClaim", {"companyId": other, "description": " ", "amountClaimed": "0",
                 "currency": "US"})  # fmt: skip
    assert sorted(codes(bad)) == [("amountClaimed", "out_of_range"), ("currency", "invalid_format"),
                                  ("description", "required")]  # fmt: skip
    assert _state(workspace_a) == before


def test_delete_and_undo_and_search(workspace_a: Workspace, sale: dict[str, Any]) -> None:
    claim = submit_claim(workspace_a, sale["company"], description="Water damage in transit")
    assert workspace_a.api.data('{ claims(search: "water") { totalCount } }') == {"claims": {"totalCount": 1}}
    ok(mutate(workspace_a, "deleteClaim", {"id": claim["id"]}, "claim { id }"))
    assert workspace_a.api.data("{ claims { totalCount } deletedClaims { totalCount } }") == {
        "claims": {"totalCount": 0}, "deletedClaims": {"totalCount": 1}
    }  # fmt: skip
    ok(mutate(workspace_a, "restoreClaim", {"id": claim["id"]}, "claim { id }"))
    assert workspace_a.api.data("{ claims { totalCount } }") == {"claims": {"totalCount": 1}}
