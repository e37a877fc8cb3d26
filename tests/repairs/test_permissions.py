"""Roles on warranties and repair orders: who may do what, and who sees the figures."""

from __future__ import annotations

from typing import Any

import pytest

from saas.repairs.models import RepairOrder
from tests.catalog.conftest import ok
from tests.conftest import Workspace

from .conftest import add_line, codes, create_repair, mutate

pytestmark = pytest.mark.django_db

FIGURES = "id subtotal { amount } total { amount } lines { id }"


def test_read_only_members_read_but_change_nothing(
    workspace_a: Workspace, shop: dict[str, str], add_person: Any
) -> None:
    repair = create_repair(workspace_a, shop["company"])
    reader = add_person(workspace_a, "read_only")
    refused = mutate(reader, "createRepairOrder", {"companyId": shop["company"], "problem": "x"}, "repairOrder { id }")
    assert codes(refused) == [(None, "permission_denied")]
    assert codes(mutate(reader, "moveRepairOrder", {"id": repair["id"], "status": "DIAGNOSING"})) == [
        (None, "permission_denied")
    ]
    assert codes(mutate(reader, "invoiceRepairOrder", {"id": repair["id"]})) == [(None, "permission_denied")]
    workspace_a.activate()
    assert RepairOrder.objects.get().status == "received"
    # they see the repair, not what it costs (as a deal's amount)
    data = reader.api.execute(f"{{ repairOrders {{ edges {{ node {{ {FIGURES} }} }} }} }}")
    node = data["data"]["repairOrders"]["edges"][0]["node"]
    assert node["id"] == repair["id"] and node["total"] is None and node["lines"] is None
    assert {error["extensions"]["code"] for error in data["errors"]} == {"FORBIDDEN"}


def test_the_service_desk_prices_the_repairs_it_handles(
    workspace_a: Workspace, shop: dict[str, str], add_person: Any
) -> None:
    agent = add_person(workspace_a, "service")
    repair = create_repair(agent, shop["company"])
    priced = ok(add_line(agent, repair["id"], kind="LABOUR", quantity="1", unitPrice="80"))
    assert priced["repairOrder"]["total"] == {"amount": "80.00", "currency": "USD"}
    # another agent's repair is theirs to read, not to change (own scope)
    other = add_person(workspace_a, "service")
    assert codes(mutate(other, "moveRepairOrder", {"id": repair["id"], "status": "DIAGNOSING"})) == [
        (None, "permission_denied")
    ]
    marketing = add_person(workspace_a, "marketing")
    data = marketing.api.execute(f"{{ repairOrders {{ edges {{ node {{ {FIGURES} }} }} }} }}")
    assert data["data"]["repairOrders"]["edges"][0]["node"]["subtotal"] is None
