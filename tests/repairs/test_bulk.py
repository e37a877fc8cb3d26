"""Bulk delete on the repairs lists: a selection of repair orders or warranties to the recycle bin and back (the
undo), all or nothing, only what the member may delete, only in its own workspace."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from saas.records import SoftDeletableRecord
from saas.repairs.models import RepairOrder, Warranty
from tests.catalog.conftest import ok, product
from tests.conftest import Workspace
from tests.customers.conftest import create_company

from .conftest import codes, create_repair, create_warranty

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Kind:
    """One record type of the repairs lists, as its bulk pair and its list name it."""

    model: type[SoftDeletableRecord]
    plural: str  # the pair's suffix: deleteRepairOrders
    ids: str  # the input's field: repairOrderIds
    label: str  # the model field a test names its records by
    create: Callable[[Any, dict[str, str], str], str]  # (member, {company, machine}, label) -> id

    @property
    def lists(self) -> tuple[str, str]:
        """The list and its recycle bin: repairOrders, deletedRepairOrders."""
        return self.plural[0].lower() + self.plural[1:], f"deleted{self.plural}"

    def counts(self, ws: Workspace) -> dict[str, int]:
        data = ws.api.data("{ " + " ".join(f"{name} {{ totalCount }}" for name in self.lists) + " }")
        return {name: data[name]["totalCount"] for name in self.lists}

    def bulk(self, ws: Any, verb: str, ids: list[str]) -> dict[str, Any]:
        answer = "deletedIds" if verb == "delete" else "restoredIds"
        query = (
            f"mutation($input: {self.model.__name__}IdsInput!) {{ {verb}{self.plural}(input: $input)"
            f" {{ {answer} errors {{ field code }} }} }}"
        )
        return dict(ws.api.data(query, {"input": {self.ids: ids}})[f"{verb}{self.plural}"])

    def labels(self, ws: Workspace, *, binned: bool) -> list[str]:
        ws.activate()
        rows = self.model.all_objects.filter(deleted_at__isnull=not binned)
        return sorted(rows.values_list(self.label, flat=True))


KINDS = [
    Kind(RepairOrder, "RepairOrders", "repairOrderIds", "problem",
         lambda ws, shop, label: str(create_repair(ws, shop["company"], problem=label)["id"])),
    Kind(Warranty, "Warranties", "warrantyIds", "serial_number",
         lambda ws, shop, label: str(create_warranty(ws, shop["company"], shop["machine"], serialNumber=label)["id"])),
]  # fmt: skip


@pytest.fixture(params=KINDS, ids=lambda kind: kind.plural)
def kind(request: pytest.FixtureRequest) -> Kind:
    return request.param


def test_a_selection_goes_to_the_bin_and_comes_back_all_or_nothing(
    workspace_a: Workspace, shop: dict[str, str], kind: Kind
) -> None:
    ids = [kind.create(workspace_a, shop, f"Unit {i}") for i in range(3)]
    live, binned = kind.lists
    assert ok(kind.bulk(workspace_a, "delete", ids[:2]))["deletedIds"] == ids[:2]
    assert kind.counts(workspace_a) == {live: 1, binned: 2}
    assert codes(kind.bulk(workspace_a, "delete", [ids[2], ids[0]])) == [(kind.ids, "not_found")]
    assert codes(kind.bulk(workspace_a, "restore", [ids[0], ids[2]])) == [(kind.ids, "not_found")]
    assert codes(kind.bulk(workspace_a, "restore", [])) == [(kind.ids, "required")]
    assert kind.counts(workspace_a)[live] == 1  # nothing changed
    assert ok(kind.bulk(workspace_a, "restore", ids[:2]))["restoredIds"] == ids[:2]
    assert kind.counts(workspace_a)[live] == 3


def test_a_seller_deletes_only_their_own_and_the_desk_and_a_reader_nothing(
    workspace_a: Workspace, shop: dict[str, str], add_person: Any, kind: Kind
) -> None:
    agent, other = add_person(workspace_a, "sales"), add_person(workspace_a, "sales")
    mine, theirs = kind.create(agent, shop, "Mine"), kind.create(other, shop, "Theirs")
    refused = kind.bulk(agent, "delete", [mine, theirs])
    assert refused["errors"] and refused["deletedIds"] == []
    ok(kind.bulk(agent, "delete", [mine]))
    reader = add_person(workspace_a, "read_only")
    desk = add_person(workspace_a, "service")  # the service desk handles them, deletes none
    assert kind.bulk(reader, "restore", [mine])["errors"]
    assert kind.bulk(reader, "delete", [theirs])["errors"]
    assert kind.bulk(desk, "delete", [kind.create(desk, shop, "At the desk")])["errors"]
    assert kind.labels(workspace_a, binned=False) == ["At the desk", "Theirs"]
    assert kind.labels(workspace_a, binned=True) == ["Mine"]


def test_another_workspace_cannot_delete_or_restore_a_selection(
    workspace_a: Workspace, workspace_b: Workspace, kind: Kind
) -> None:
    bravo = {"company": str(create_company(workspace_b, name="Bravo")["id"]),
             "machine": product(workspace_b, "BRAVO-1", "Bravo machine")}  # fmt: skip
    live, binned = kind.create(workspace_b, bravo, "Bravo live"), kind.create(workspace_b, bravo, "Bravo binned")
    ok(kind.bulk(workspace_b, "delete", [binned]))
    assert codes(kind.bulk(workspace_a, "delete", [live])) == [(kind.ids, "not_found")]
    assert codes(kind.bulk(workspace_a, "restore", [binned])) == [(kind.ids, "not_found")]
    assert kind.labels(workspace_b, binned=False) == ["Bravo live"]
    assert kind.labels(workspace_b, binned=True) == ["Bravo binned"]
