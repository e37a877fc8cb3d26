"""Bulk delete on the contracts list: a selection to the recycle bin and back (the undo), all or nothing,
only what the member may delete, only in its own workspace."""

from __future__ import annotations

from typing import Any

import pytest

from saas.contracts.models import Contract
from tests.catalog.conftest import ok
from tests.conftest import Workspace
from tests.customers.conftest import create_company

from .conftest import codes, create_contract, mutate

pytestmark = pytest.mark.django_db

COUNTS = "{ contracts { totalCount } deletedContracts { totalCount } }"


def bulk(ws: Any, name: str, ids: list[str]) -> dict[str, Any]:
    field = "deletedIds" if name == "deleteContracts" else "restoredIds"
    return mutate(ws, name, {"contractIds": ids}, field)


def test_a_selection_goes_to_the_recycle_bin_and_comes_back(workspace_a: Workspace, company: str) -> None:
    ids = [create_contract(workspace_a, company, title=f"Support {i}")["id"] for i in range(3)]
    deleted = ok(bulk(workspace_a, "deleteContracts", ids[:2]))["deletedIds"]
    assert deleted == ids[:2]
    counts = workspace_a.api.data(COUNTS)
    assert counts == {"contracts": {"totalCount": 1}, "deletedContracts": {"totalCount": 2}}
    restored = ok(bulk(workspace_a, "restoreContracts", ids[:2]))["restoredIds"]
    assert restored == ids[:2]
    assert workspace_a.api.data(COUNTS)["contracts"]["totalCount"] == 3


def test_all_or_nothing_and_typed_errors(workspace_a: Workspace, company: str) -> None:
    one = create_contract(workspace_a, company)["id"]
    assert codes(bulk(workspace_a, "deleteContracts", [])) == [("contractIds", "required")]
    ok(bulk(workspace_a, "deleteContracts", [one]))
    gone = bulk(workspace_a, "deleteContracts", [one])  # already in the bin: not found, nothing changes
    assert codes(gone) == [("contractIds", "not_found")]
    other = create_contract(workspace_a, company, title="Still here")["id"]
    mixed = bulk(workspace_a, "restoreContracts", [one, other])  # one is not in the bin: neither comes back
    assert codes(mixed) == [("contractIds", "not_found")]
    assert workspace_a.api.data(COUNTS) == {"contracts": {"totalCount": 1}, "deletedContracts": {"totalCount": 1}}


def test_a_seller_deletes_only_their_own(workspace_a: Workspace, company: str, add_person: Any) -> None:
    theirs = create_contract(workspace_a, company, title="The owner's")["id"]
    seller = add_person(workspace_a, "sales")
    own = seller.api.data(
        "mutation($i: CreateContractInput!) { createContract(input: $i) { contract { id } errors { code } } }",
        {"i": {"title": "Mine", "companyId": company, "startDate": "2027-01-01", "endDate": "2027-12-31"}},
    )["createContract"]["contract"]["id"]
    refused = bulk(seller, "deleteContracts", [own, theirs])
    assert refused["errors"] and refused["deletedIds"] == []
    workspace_a.activate()
    assert Contract.objects.count() == 2  # neither went
    ok(bulk(seller, "deleteContracts", [own]))
    reader = add_person(workspace_a, "read_only")
    assert bulk(reader, "restoreContracts", [own])["errors"]  # a reader restores nothing
    workspace_a.activate()
    assert Contract.all_objects.filter(deleted_at__isnull=False).count() == 1


def test_another_workspace_cannot_delete_or_restore_a_selection(workspace_a: Workspace, workspace_b: Workspace) -> None:
    bravo = create_company(workspace_b, name="Bravo")["id"]
    live = create_contract(workspace_b, bravo, title="Bravo live")["id"]
    binned = create_contract(workspace_b, bravo, title="Bravo binned")["id"]
    ok(bulk(workspace_b, "deleteContracts", [binned]))
    assert codes(bulk(workspace_a, "deleteContracts", [live])) == [("contractIds", "not_found")]
    assert codes(bulk(workspace_a, "restoreContracts", [binned])) == [("contractIds", "not_found")]
    workspace_b.activate()
    assert Contract.objects.get().title == "Bravo live"
    assert Contract.all_objects.get(deleted_at__isnull=False).title == "Bravo binned"
