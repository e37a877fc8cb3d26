from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.access.conftest import add_person as add_person  # the people-with-roles fixture
from tests.catalog.conftest import create_quote, ok, price_book, prices, product
from tests.catalog.conftest import mutate as catalog_mutate
from tests.conftest import Workspace
from tests.customers.conftest import create_company
from tests.sales.conftest import codes as codes
from tests.sales.conftest import create_deal

CONTRACT_FIELDS = (
    "id number title status startDate endDate autoRenew renewalNoticeDays billingFrequency terms daysLeft"
    " renewalReminderDate endReason value { amount currency } company { id name } owner { id }"
    " order { id } deal { id } renewedFrom { id } renewal { id number status startDate endDate }"
    " statusHistory { fromStatus toStatus note by { id } }"
)
PLAN_FIELDS = (
    "id goal status targetDate progress doneCount company { id } owner { id }"
    " steps { id position title dueDate done activity { id } }"
)
INPUT_TYPES = {
    "activateContract": "ContractIdInput",
    "renewContract": "ContractIdInput",
    "deleteContract": "ContractIdInput",
    "restoreContract": "ContractIdInput",
    "deleteContracts": "ContractIdsInput",
    "restoreContracts": "ContractIdsInput",
    "deleteDevelopmentPlan": "DevelopmentPlanIdInput",
    "deletePlanStep": "PlanStepIdInput",
}


def mutate(ws: Any, name: str, input: dict[str, Any], selection: str = "") -> dict[str, Any]:
    input_type = INPUT_TYPES.get(name, name[0].upper() + name[1:] + "Input")
    query = (
        f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {selection} errors {{ field message code }} }} }}"
    )
    return ws.api.data(query, {"input": input})[name]


def contract_of(payload: dict[str, Any]) -> dict[str, Any]:
    return dict(ok(payload)["contract"])


def create_contract(ws: Any, company: str, **fields: Any) -> dict[str, Any]:
    given = {
        "title": "Support 2027",
        "companyId": company,
        "startDate": "2027-01-01",
        "endDate": "2027-12-31",
        "value": {"amount": "12000", "currency": "USD"},
        **fields,
    }
    return contract_of(mutate(ws, "createContract", given, f"contract {{ {CONTRACT_FIELDS} }}"))


def act(ws: Any, name: str, contract: str, **extra: Any) -> dict[str, Any]:
    return mutate(ws, name, {"id": contract, **extra}, f"contract {{ {CONTRACT_FIELDS} }}")


@pytest.fixture
def company(workspace_a: Workspace) -> str:
    return str(create_company(workspace_a, name="Globex")["id"])


def make_order(ws: Workspace, company_id: str | None) -> dict[str, Any]:
    """An order for ``company_id`` (through a deal and its accepted quote) worth 2 x 100 USD."""
    item = product(ws, f"SEAT-{ws.subdomain}", "Seat licence")
    book = price_book(ws, f"USD {ws.subdomain}", "USD")
    prices(ws, book, item, [("0", "100")])
    extra = {"companyId": company_id} if company_id else {}
    deal = create_deal(ws, title="Seats for Globex", amount={"amount": "200", "currency": "USD"}, **extra)
    quote = create_quote(ws, deal["id"], [{"productId": item, "quantity": "2"}])
    ok(catalog_mutate(ws, "sendQuote", {"id": quote["id"]}, "quote { id }"))
    order = ok(catalog_mutate(ws, "acceptQuote", {"id": quote["id"]}, "order { id number }"))["order"]
    return {"id": order["id"], "number": order["number"], "deal": deal["id"]}


def iso(day: date) -> str:
    return day.isoformat()
