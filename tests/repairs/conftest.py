from __future__ import annotations

from typing import Any

import pytest

from tests.access.conftest import add_person as add_person  # the people-with-roles fixture
from tests.catalog.conftest import ok, price_book, prices, product
from tests.conftest import Workspace
from tests.customers.conftest import create_company
from tests.sales.conftest import codes as codes

WARRANTY_FIELDS = (
    "id serialNumber status coverage startDate endDate voidedAt company { id name } product { id name } owner { id }"
)
REPAIR_FIELDS = (
    "id number displayNumber status nextStatuses serialNumber problem diagnosis receivedOn currency taxRate"
    " company { id } contact { id } product { id } ticket { id } warranty { id } owner { id } invoice { id }"
    " subtotal { amount currency } coveredAmount { amount } taxAmount { amount } total { amount currency }"
    " lines { id kind description quantity unitPrice priceOverridden covered amount { amount } charged { amount } }"
    " statusHistory { fromStatus toStatus note by { id } }"
)
INPUT_TYPES = {
    "deleteWarranty": "WarrantyIdInput",
    "restoreWarranty": "WarrantyIdInput",
    "deleteRepairOrder": "RepairOrderIdInput",
    "restoreRepairOrder": "RepairOrderIdInput",
    "invoiceRepairOrder": "RepairOrderIdInput",
}


def mutate(ws: Any, name: str, input: dict[str, Any], selection: str = "") -> dict[str, Any]:
    input_type = INPUT_TYPES.get(name, name[0].upper() + name[1:] + "Input")
    query = (
        f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {selection} errors {{ field message code }} }} }}"
    )
    return ws.api.data(query, {"input": input})[name]


def create_warranty(ws: Any, company: str, item: str, **fields: Any) -> dict[str, Any]:
    given = {"companyId": company, "productId": item, "serialNumber": "SN-100", "startDate": "2020-01-01",
             "endDate": "2099-12-31", **fields}  # fmt: skip
    return dict(ok(mutate(ws, "createWarranty", given, f"warranty {{ {WARRANTY_FIELDS} }}"))["warranty"])


def create_repair(ws: Any, company: str | None, **fields: Any) -> dict[str, Any]:
    given = {"problem": "Does not heat", **({"companyId": company} if company else {}), **fields}
    return dict(ok(mutate(ws, "createRepairOrder", given, f"repairOrder {{ {REPAIR_FIELDS} }}"))["repairOrder"])


def repair_of(payload: dict[str, Any]) -> dict[str, Any]:
    return dict(ok(payload)["repairOrder"])


def add_line(ws: Any, repair: str, **fields: Any) -> dict[str, Any]:
    return mutate(ws, "addRepairLine", {"repairOrderId": repair, **fields}, f"repairOrder {{ {REPAIR_FIELDS} }}")


def move(ws: Any, repair: str, status: str, **extra: Any) -> dict[str, Any]:
    return mutate(ws, "moveRepairOrder", {"id": repair, "status": status, **extra},
                  f"repairOrder {{ {REPAIR_FIELDS} }}")  # fmt: skip


@pytest.fixture
def shop(workspace_a: Workspace) -> dict[str, str]:
    """A customer, a machine and a spare part priced 40 USD (30 USD from 10 units) in the USD book."""
    company = str(create_company(workspace_a, name="Globex")["id"])
    machine = product(workspace_a, "MACHINE-1", "Espresso machine")
    pump = product(workspace_a, "PUMP-1", "Water pump")
    book = price_book(workspace_a, "Spare parts", "USD")
    prices(workspace_a, book, pump, [("0", "40"), ("10", "30")])
    return {"company": company, "machine": machine, "pump": pump}
