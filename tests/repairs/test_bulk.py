"""Bulk delete on the repairs list: a selection of repair orders to the recycle bin and back (the undo), all or
nothing, only what the member may delete, only in its own workspace."""

from __future__ import annotations

from typing import Any

import pytest

from saas.repairs.models import RepairOrder
from tests.catalog.conftest import ok
from tests.conftest import Workspace
from tests.customers.conftest import create_company

from .conftest import codes, create_repair

pytestmark = pytest.mark.django_db

COUNTS = "{ repairOrders { totalCount } deletedRepairOrders { totalCount } }"


def bulk(ws: Any, verb: str, ids: list[str]) -> dict[str, Any]:
    answer = "deletedIds" if verb == "delete" else "restoredIds"
    query = (
        f"mutation($input: RepairOrderIdsInput!) {{ {verb}RepairOrders(input: $input)"
        f" {{ {answer} errors {{ field code }} }} }}"
    )
    return dict(ws.api.data(query, {"input": {"repairOrderIds": ids}})[f"{verb}RepairOrders"])


def test_a_selection_goes_to_the_bin_and_comes_back_all_or_nothing(
    workspace_a: Workspace, shop: dict[str, str]
) -> None:
    ids = [create_repair(workspace_a, shop["company"], problem=f"Fault {i}")["id"] for i in range(3)]
    assert ok(bulk(workspace_a, "delete", ids[:2]))["deletedIds"] == ids[:2]
    assert workspace_a.api.data(COUNTS) == {"repairOrders": {"totalCount": 1}, "deletedRepairOrders": {"totalCount": 2}}
    assert codes(bulk(workspace_a, "delete", [ids[2], ids[0]])) == [("repairOrderIds", "not_found")]
    assert codes(bulk(workspace_a, "restore", [ids[0], ids[2]])) == [("repairOrderIds", "not_found")]
    assert codes(bulk(workspace_a, "restore", [])) == [("repairOrderIds", "required")]
    assert workspace_a.api.data(COUNTS)["repairOrders"]["totalCount"] == 1  # nothing changed
    assert ok(bulk(workspace_a, "restore", ids[:2]))["restoredIds"] == ids[:2]
    assert workspace_a.api.data(COUNTS)["repairOrders"]["totalCount"] == 3


def test_a_seller_deletes_only_their_own_and_the_desk_and_a_reader_nothing(
    workspace_a: Workspace, shop: dict[str, str], add_person: Any
) -> None:
    agent, other = add_person(workspace_a, "sales"), add_person(workspace_a, "sales")
    mine, theirs = create_repair(agent, shop["company"])["id"], create_repair(other, shop["company"])["id"]
    refused = bulk(agent, "delete", [mine, theirs])
    assert refused["errors"] and refused["deletedIds"] == []
    ok(bulk(agent, "delete", [mine]))
    reader = add_person(workspace_a, "read_only")
    desk = add_person(workspace_a, "service")  # the service desk handles them, deletes none
    assert bulk(reader, "restore", [mine])["errors"]
    assert bulk(reader, "delete", [theirs])["errors"]
    assert bulk(desk, "delete", [create_repair(desk, shop["company"], problem="At the desk")["id"]])["errors"]
    workspace_a.activate()
    assert sorted(RepairOrder.objects.values_list("problem", flat=True)) == ["At the desk", "Does not heat"]
    assert RepairOrder.all_objects.filter(deleted_at__isnull=False).count() == 1


def test_another_workspace_cannot_delete_or_restore_a_selection(workspace_a: Workspace, workspace_b: Workspace) -> None:
    bravo = str(create_company(workspace_b, name="Bravo")["id"])
    live = create_repair(workspace_b, bravo, problem="Bravo live")["id"]
    binned = create_repair(workspace_b, bravo, problem="Bravo binned")["id"]
    ok(bulk(workspace_b, "delete", [binned]))
    assert codes(bulk(workspace_a, "delete", [live])) == [("repairOrderIds", "not_found")]
    assert codes(bulk(workspace_a, "restore", [binned])) == [("repairOrderIds", "not_found")]
    workspace_b.activate()
    assert RepairOrder.objects.get().problem == "Bravo live"
    assert RepairOrder.all_objects.get(deleted_at__isnull=False).problem == "Bravo binned"
