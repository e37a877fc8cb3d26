"""Roles on returns and claims: who may do what, and who sees the refund and the amounts."""

from __future__ import annotations

from typing import Any

import pytest

from saas.returns.models import ReturnRequest
from tests.catalog.conftest import ok
from tests.conftest import Workspace

from .conftest import codes, move, mutate, request_return, returning, submit_claim

pytestmark = pytest.mark.django_db


def test_read_only_members_read_but_change_nothing(
    workspace_a: Workspace, sale: dict[str, Any], add_person: Any
) -> None:
    request = request_return(workspace_a, sale["order"], [(sale["seats"], "1")])
    claim = submit_claim(workspace_a, sale["company"])
    reader = add_person(workspace_a, "read_only")
    refused = mutate(reader, "createReturnRequest", returning(sale["order"], [(sale["seats"], "1")]))
    assert codes(refused) == [(None, "permission_denied")]
    assert codes(move(reader, request["id"], "APPROVED")) == [(None, "permission_denied")]
    assert codes(mutate(reader, "moveClaim", {"id": claim["id"], "status": "UNDER_REVIEW"})) == [
        (None, "permission_denied")
    ]
    workspace_a.activate()
    assert ReturnRequest.objects.get().status == "requested"
    # they see the return and the claim, not the money (as a deal's amount)
    data = reader.api.execute(
        "{ returnRequests { edges { node { id refundAmount { amount } } } }"
        " claims { edges { node { id amountClaimed { amount } } } } }"
    )
    assert data["data"]["returnRequests"]["edges"][0]["node"] == {"id": request["id"], "refundAmount": None}
    assert data["data"]["claims"]["edges"][0]["node"] == {"id": claim["id"], "amountClaimed": None}
    assert {error["extensions"]["code"] for error in data["errors"]} == {"FORBIDDEN"}
    hidden = reader.api.execute("{ claims(orderBy: [{amountClaimed: DESC}]) { totalCount } }")
    assert hidden["errors"][0]["extensions"]["code"] == "FIELD_HIDDEN"


def test_the_service_desk_handles_returns_and_claims_with_their_figures(
    workspace_a: Workspace, sale: dict[str, Any], add_person: Any
) -> None:
    agent = add_person(workspace_a, "service")
    request = request_return(agent, sale["order"], [(sale["seats"], "1")])
    assert request["refundAmount"] == {"amount": "97.20", "currency": "USD"}
    claim = submit_claim(agent, sale["company"])
    ok(mutate(agent, "moveClaim", {"id": claim["id"], "status": "UNDER_REVIEW"}, "claim { id }"))
    partly = {"id": claim["id"], "status": "PARTIALLY_APPROVED", "amountApproved": "120"}
    decided = ok(mutate(agent, "moveClaim", partly, "claim { amountApproved { amount } }"))
    assert decided["claim"]["amountApproved"] == {"amount": "120.00"}
    # another agent's return is theirs to read, not to change (own scope)
    other = add_person(workspace_a, "service")
    assert codes(move(other, request["id"], "APPROVED")) == [(None, "permission_denied")]
    marketing = add_person(workspace_a, "marketing")
    data = marketing.api.execute("{ returnRequests { edges { node { id refundAmount { amount } } } } }")
    assert data["data"]["returnRequests"]["edges"][0]["node"]["refundAmount"] is None
