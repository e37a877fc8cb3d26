"""Bulk delete on the returns and claims lists: a selection to the recycle bin and back (the undo), all or
nothing, only what the member may delete, only in its own workspace, in a fixed number of queries."""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest

from saas.returns.models import Claim, ReturnRequest
from tests.access.conftest import gid
from tests.catalog.conftest import ok
from tests.conftest import Workspace
from tests.query_count import count_queries

from .conftest import codes, request_return, sold, submit_claim

pytestmark = pytest.mark.django_db

COUNTS = (
    "{ returnRequests { totalCount } deletedReturnRequests { totalCount } claims { totalCount }"
    " deletedClaims { totalCount } }"
)
# Each record adds only its own writes (its update, its audit entry; a delete one write more).
PER_DELETE, PER_RESTORE = 3, 2
PINNED = (12, 10)  # 2 records deleted, 2 restored
IDS = {"ReturnRequests": ("ReturnRequestIdsInput", "returnRequestIds"), "Claims": ("ClaimIdsInput", "claimIds")}


def bulk(ws: Any, verb: str, kind: str, ids: list[str]) -> dict[str, Any]:
    input_type, field = IDS[kind]
    answer = "deletedIds" if verb == "delete" else "restoredIds"
    query = f"mutation($input: {input_type}!) {{ {verb}{kind}(input: $input) {{ {answer} errors {{ field code }} }} }}"
    return dict(ws.api.data(query, {"input": {field: ids}})[f"{verb}{kind}"])


def returns(ws: Any, sale: dict[str, Any], n: int) -> list[str]:
    return [request_return(ws, sale["order"], [(sale["seats"], "1")])["id"] for _ in range(n)]


def claims(ws: Any, sale: dict[str, Any], n: int) -> list[str]:
    return [submit_claim(ws, sale["company"])["id"] for _ in range(n)]


def test_a_selection_of_returns_and_of_claims_goes_to_the_bin_and_comes_back(
    workspace_a: Workspace, sale: dict[str, Any]
) -> None:
    asked, submitted = returns(workspace_a, sale, 3), claims(workspace_a, sale, 2)
    assert ok(bulk(workspace_a, "delete", "ReturnRequests", asked[:2]))["deletedIds"] == asked[:2]
    assert ok(bulk(workspace_a, "delete", "Claims", submitted))["deletedIds"] == submitted
    assert workspace_a.api.data(COUNTS) == {
        "returnRequests": {"totalCount": 1},
        "deletedReturnRequests": {"totalCount": 2},
        "claims": {"totalCount": 0},
        "deletedClaims": {"totalCount": 2},
    }
    assert ok(bulk(workspace_a, "restore", "ReturnRequests", asked[:2]))["restoredIds"] == asked[:2]
    assert ok(bulk(workspace_a, "restore", "Claims", submitted[:1]))["restoredIds"] == submitted[:1]
    counts = workspace_a.api.data(COUNTS)
    assert (counts["returnRequests"]["totalCount"], counts["claims"]["totalCount"]) == (3, 1)


def test_all_or_nothing_with_typed_errors(workspace_a: Workspace, sale: dict[str, Any]) -> None:
    one, other = returns(workspace_a, sale, 2)
    assert codes(bulk(workspace_a, "delete", "ReturnRequests", [])) == [("returnRequestIds", "required")]
    ok(bulk(workspace_a, "delete", "ReturnRequests", [one]))
    # one is in the bin already: neither goes
    assert codes(bulk(workspace_a, "delete", "ReturnRequests", [other, one])) == [("returnRequestIds", "not_found")]
    # other is not in the bin: neither comes back
    assert codes(bulk(workspace_a, "restore", "ReturnRequests", [one, other])) == [("returnRequestIds", "not_found")]
    claim = claims(workspace_a, sale, 1)[0]
    # a claim's id is not a return's
    assert bulk(workspace_a, "delete", "ReturnRequests", [other, claim])["errors"]
    workspace_a.activate()
    assert ReturnRequest.objects.get().pk == ReturnRequest.all_objects.get(number=2).pk
    assert Claim.objects.count() == 1


def test_a_seller_deletes_only_their_own_and_the_desk_and_a_reader_nothing(
    workspace_a: Workspace, sale: dict[str, Any], add_person: Any
) -> None:
    agent, other = add_person(workspace_a, "sales"), add_person(workspace_a, "sales")
    mine, theirs = (
        request_return(workspace_a, sale["order"], [(sale["seats"], "1")], ownerId=gid("User", person.user.pk))["id"]
        for person in (agent, other)
    )
    refused = bulk(agent, "delete", "ReturnRequests", [mine, theirs])
    assert refused["errors"] and refused["deletedIds"] == []
    workspace_a.activate()
    assert ReturnRequest.objects.count() == 2
    ok(bulk(agent, "delete", "ReturnRequests", [mine]))
    reader = add_person(workspace_a, "read_only")
    desk = add_person(workspace_a, "service")  # the service desk handles them, deletes none
    assert bulk(reader, "restore", "ReturnRequests", [mine])["errors"]
    assert bulk(desk, "delete", "ReturnRequests", [theirs])["errors"]
    assert bulk(reader, "delete", "Claims", claims(workspace_a, sale, 1))["errors"]
    workspace_a.activate()
    assert ReturnRequest.all_objects.filter(deleted_at__isnull=False).count() == 1
    assert Claim.objects.count() == 1


def test_another_workspace_cannot_delete_or_restore_a_selection(workspace_a: Workspace, workspace_b: Workspace) -> None:
    bravo = sold(workspace_b, "Bravo")
    live, binned = returns(workspace_b, bravo, 2)
    claim = claims(workspace_b, bravo, 1)[0]
    ok(bulk(workspace_b, "delete", "ReturnRequests", [binned]))
    assert codes(bulk(workspace_a, "delete", "ReturnRequests", [live])) == [("returnRequestIds", "not_found")]
    assert codes(bulk(workspace_a, "restore", "ReturnRequests", [binned])) == [("returnRequestIds", "not_found")]
    assert codes(bulk(workspace_a, "delete", "Claims", [claim])) == [("claimIds", "not_found")]
    workspace_b.activate()
    assert [r.pk for r in ReturnRequest.objects.all()] == [ReturnRequest.all_objects.get(number=1).pk]
    assert Claim.objects.count() == 1


def test_the_selection_is_read_in_a_fixed_number_of_queries(workspace_a: Workspace, sale: dict[str, Any]) -> None:
    warm, few, more = returns(workspace_a, sale, 1), returns(workspace_a, sale, 2), returns(workspace_a, sale, 4)
    ok(bulk(workspace_a, "delete", "ReturnRequests", warm))  # per-process caches warm
    ok(bulk(workspace_a, "restore", "ReturnRequests", warm))
    costs = {}
    for verb in ("delete", "restore"):
        for ids in (few, more):
            costs[verb, len(ids)] = count_queries(
                partial(bulk, workspace_a, verb, "ReturnRequests", ids), warm_up=False
            )
    # finding and checking the selection costs the same for 2 and 4; each record adds only its own writes
    assert costs["delete", 4] - costs["delete", 2] == 2 * PER_DELETE
    assert costs["restore", 4] - costs["restore", 2] == 2 * PER_RESTORE
    assert (costs["delete", 2], costs["restore", 2]) == PINNED, costs
