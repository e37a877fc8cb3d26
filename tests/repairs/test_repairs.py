"""Repair orders: numbers, the warranty matched, coverage and Decimal figures, the lifecycle, invoicing."""

from __future__ import annotations

from typing import Any

import pytest

from saas.audit.models import AuditEntry
from saas.invoicing.models import Invoice
from saas.repairs.models import RepairLine, RepairOrder, RepairStatusChange, Warranty
from tests.catalog.conftest import ok
from tests.conftest import Workspace
from tests.service.conftest import create_ticket

from .conftest import REPAIR_FIELDS, add_line, codes, create_repair, create_warranty, move, mutate, repair_of

pytestmark = pytest.mark.django_db


def _state(ws: Workspace) -> tuple[Any, ...]:
    ws.activate()
    return (
        list(RepairOrder.all_objects.order_by("number").values_list("number", "status", "problem", "total")),
        list(RepairLine.objects.order_by("id").values_list("description", "amount", "covered")),
        list(Warranty.all_objects.values_list("serial_number", "end_date", "voided_at")),
        RepairStatusChange.objects.count(),
        Invoice.objects.count(),
        AuditEntry.objects.count(),
    )


def test_a_repair_is_numbered_and_matched_to_the_warranty_active_on_its_receive_date(
    workspace_a: Workspace, shop: dict[str, str]
) -> None:
    live = create_warranty(workspace_a, shop["company"], shop["machine"], serialNumber="SN-1", coverage="PARTS")
    create_warranty(workspace_a, shop["company"], shop["machine"], serialNumber="SN-2", startDate="2020-01-01",
                    endDate="2020-12-31")  # fmt: skip
    assert live["status"] == "ACTIVE" and live["coverage"] == "PARTS"
    first = create_repair(workspace_a, shop["company"], productId=shop["machine"], serialNumber="sn-1")
    expired = create_repair(workspace_a, shop["company"], productId=shop["machine"], serialNumber="SN-2")
    back_then = create_repair(workspace_a, shop["company"], productId=shop["machine"], serialNumber="SN-2",
                              receivedOn="2020-06-01")  # fmt: skip
    assert (first["number"], expired["number"], back_then["number"]) == (1, 2, 3)
    assert first["displayNumber"] == "R-1" and first["status"] == "RECEIVED"
    assert first["warranty"] == {"id": live["id"]}
    assert expired["warranty"] is None
    assert back_then["warranty"] is not None
    assert [(c["fromStatus"], c["toStatus"]) for c in first["statusHistory"]] == [(None, "RECEIVED")]
    # set by hand: none at all, then the expired one
    cleared = repair_of(mutate(workspace_a, "updateRepairOrder", {"id": first["id"], "warrantyId": None},
                               f"repairOrder {{ {REPAIR_FIELDS} }}"))  # fmt: skip
    assert cleared["warranty"] is None
    rematched = repair_of(mutate(workspace_a, "updateRepairOrder", {"id": first["id"], "serialNumber": "SN-1"},
                                 f"repairOrder {{ {REPAIR_FIELDS} }}"))  # fmt: skip
    assert rematched["warranty"] == {"id": live["id"]}


def test_covered_lines_are_charged_nothing_and_keep_their_list_value(
    workspace_a: Workspace, shop: dict[str, str]
) -> None:
    create_warranty(workspace_a, shop["company"], shop["machine"], coverage="PARTS")
    repair = create_repair(workspace_a, shop["company"], productId=shop["machine"], serialNumber="SN-100",
                           taxRate="10")  # fmt: skip
    part = repair_of(add_line(workspace_a, repair["id"], kind="PART", productId=shop["pump"], quantity="2"))
    assert part["lines"][0]["unitPrice"] == "40.0000" and part["lines"][0]["priceOverridden"] is False
    assert part["lines"][0]["covered"] is True and part["lines"][0]["charged"] == {"amount": "0.00"}
    labour = repair_of(add_line(workspace_a, repair["id"], kind="LABOUR", quantity="1.5", unitPrice="45.50"))
    fee = repair_of(add_line(workspace_a, repair["id"], kind="SHIPPING", unitPrice="9.99"))
    assert [line["description"] for line in fee["lines"]] == ["Water pump", "Labour", "Shipping"]
    assert [(line["amount"]["amount"], line["covered"]) for line in fee["lines"]] == [
        ("80.00", True), ("68.25", False), ("9.99", False)
    ]  # fmt: skip
    # subtotal 158.24, covered 80, charged 78.24, tax 10 % = 7.824 → 7.82 (half up), total 86.06
    assert fee["subtotal"] == {"amount": "158.24", "currency": "USD"}
    assert (fee["coveredAmount"]["amount"], fee["taxAmount"]["amount"], fee["total"]["amount"]) == (
        "80.00", "7.82", "86.06"
    )  # fmt: skip
    assert labour["total"]["amount"] == "75.08"  # 68.25 + 6.825 → 6.83
    # a bigger quantity takes the tier's price; the line can be priced by hand too
    line = fee["lines"][0]["id"]
    tiered = repair_of(mutate(workspace_a, "updateRepairLine", {"lineId": line, "quantity": "10"},
                              f"repairOrder {{ {REPAIR_FIELDS} }}"))  # fmt: skip
    assert tiered["lines"][0]["unitPrice"] == "30.0000" and tiered["subtotal"]["amount"] == "378.24"
    removed = repair_of(mutate(workspace_a, "removeRepairLine", {"lineId": line}, f"repairOrder {{ {REPAIR_FIELDS} }}"))
    assert removed["coveredAmount"]["amount"] == "0.00" and removed["subtotal"]["amount"] == "78.24"


def test_labour_coverage_covers_labour_and_a_void_warranty_covers_nothing(
    workspace_a: Workspace, shop: dict[str, str]
) -> None:
    warranty = create_warranty(workspace_a, shop["company"], shop["machine"], coverage="LABOUR")
    repair = create_repair(workspace_a, shop["company"], productId=shop["machine"], serialNumber="SN-100")
    add_line(workspace_a, repair["id"], kind="PART", productId=shop["pump"])
    done = repair_of(add_line(workspace_a, repair["id"], kind="LABOUR", quantity="2", unitPrice="50"))
    assert [line["covered"] for line in done["lines"]] == [False, True]
    assert done["total"]["amount"] == "40.00"
    ok(mutate(workspace_a, "voidWarranty", {"id": warranty["id"], "reason": "Opened by the customer"},
              "warranty { id status }"))  # fmt: skip
    after = workspace_a.api.data(f"query($id: ID!) {{ node(id: $id) {{ ... on RepairOrder {{ {REPAIR_FIELDS} }} }} }}",
                                 {"id": repair["id"]})["node"]  # fmt: skip
    assert [line["covered"] for line in after["lines"]] == [False, False] and after["total"]["amount"] == "140.00"
    again = mutate(workspace_a, "voidWarranty", {"id": warranty["id"]}, "warranty { id }")
    assert codes(again) == [("id", "invalid_transition")]


def test_the_lifecycle_keeps_every_move_and_refuses_the_others(workspace_a: Workspace, shop: dict[str, str]) -> None:
    repair = create_repair(workspace_a, shop["company"])
    assert repair["nextStatuses"] == ["DIAGNOSING", "CANCELLED"]
    before = _state(workspace_a)
    refused = move(workspace_a, repair["id"], "READY")
    assert codes(refused) == [("status", "invalid_transition")]
    assert "received cannot become ready" in refused["errors"][0]["message"]
    assert _state(workspace_a) == before
    for status in ("DIAGNOSING", "AWAITING_PARTS", "IN_REPAIR", "READY"):
        repair = repair_of(move(workspace_a, repair["id"], status, note=f"to {status}"))
    returned = repair_of(move(workspace_a, repair["id"], "RETURNED"))
    assert returned["status"] == "RETURNED" and returned["nextStatuses"] == []
    assert [(c["fromStatus"], c["toStatus"]) for c in returned["statusHistory"]] == [
        (None, "RECEIVED"), ("RECEIVED", "DIAGNOSING"), ("DIAGNOSING", "AWAITING_PARTS"),
        ("AWAITING_PARTS", "IN_REPAIR"), ("IN_REPAIR", "READY"), ("READY", "RETURNED"),
    ]  # fmt: skip
    assert returned["statusHistory"][1]["note"] == "to DIAGNOSING" and returned["statusHistory"][1]["by"]
    assert codes(move(workspace_a, repair["id"], "CANCELLED")) == [("status", "invalid_transition")]
    closed = mutate(workspace_a, "updateRepairOrder", {"id": repair["id"], "diagnosis": "x"}, "repairOrder { id }")
    assert codes(closed) == [("id", "invalid_transition")]
    assert codes(add_line(workspace_a, repair["id"], kind="OTHER", unitPrice="1")) == [
        ("repairOrderId", "invalid_transition")
    ]


def test_invoicing_makes_one_draft_invoice_of_what_is_charged(workspace_a: Workspace, shop: dict[str, str]) -> None:
    create_warranty(workspace_a, shop["company"], shop["machine"], coverage="PARTS")
    repair = create_repair(workspace_a, shop["company"], productId=shop["machine"], serialNumber="SN-100",
                           taxRate="20")  # fmt: skip
    add_line(workspace_a, repair["id"], kind="PART", productId=shop["pump"])
    add_line(workspace_a, repair["id"], kind="LABOUR", quantity="2", unitPrice="50")
    add_line(workspace_a, repair["id"], kind="DIAGNOSTICS", unitPrice="25")
    selection = (
        "repairOrder { id invoice { id } total { amount } } invoice { id status total { amount }"
        " company { id } lines { description quantity unitPrice taxRate } }"
    )
    first = ok(mutate(workspace_a, "invoiceRepairOrder", {"id": repair["id"]}, selection))
    invoice = first["invoice"]
    assert invoice["status"] == "DRAFT" and invoice["company"] == {"id": shop["company"]}
    assert [(line["description"], line["quantity"], line["unitPrice"]) for line in invoice["lines"]] == [
        ("Labour", "2.000", "50.0000"), ("Diagnostics", "1.000", "25.0000")
    ]  # fmt: skip
    assert invoice["total"] == {"amount": "150.00"} == first["repairOrder"]["total"]
    assert first["repairOrder"]["invoice"] == {"id": invoice["id"]}
    before = _state(workspace_a)
    again = ok(mutate(workspace_a, "invoiceRepairOrder", {"id": repair["id"]}, selection))
    assert again["invoice"]["id"] == invoice["id"]
    assert _state(workspace_a) == before
    # what is invoiced no longer changes
    assert codes(add_line(workspace_a, repair["id"], kind="OTHER", unitPrice="1")) == [
        ("repairOrderId", "invalid_transition")
    ]


def test_invoicing_is_refused_when_nothing_is_charged_or_the_order_is_cancelled(
    workspace_a: Workspace, shop: dict[str, str]
) -> None:
    create_warranty(workspace_a, shop["company"], shop["machine"])
    covered = create_repair(workspace_a, shop["company"], productId=shop["machine"], serialNumber="SN-100")
    add_line(workspace_a, covered["id"], kind="PART", productId=shop["pump"])
    cancelled = create_repair(workspace_a, shop["company"])
    add_line(workspace_a, cancelled["id"], kind="OTHER", unitPrice="10")
    ok(move(workspace_a, cancelled["id"], "CANCELLED"))
    before = _state(workspace_a)
    assert codes(mutate(workspace_a, "invoiceRepairOrder", {"id": covered["id"]}, "invoice { id }")) == [
        ("id", "invalid")
    ]
    assert codes(mutate(workspace_a, "invoiceRepairOrder", {"id": cancelled["id"]}, "invoice { id }")) == [
        ("id", "invalid_transition")
    ]
    assert _state(workspace_a) == before


def test_bad_input_is_refused_with_typed_errors_and_changes_nothing(
    workspace_a: Workspace, shop: dict[str, str]
) -> None:
    repair = create_repair(workspace_a, shop["company"])
    before = _state(workspace_a)
    bad = mutate(workspace_a, "createRepairOrder", {"problem": " ", "currency": "usd1", "taxRate": "101",
                 "receivedOn": "2999-01-01"}, "repairOrder { id }")  # fmt: skip
    assert sorted(codes(bad)) == [
        ("companyId", "required"), ("currency", "invalid_format"), ("problem", "required"),
        ("receivedOn", "invalid_date"), ("taxRate", "out_of_range"),
    ]  # fmt: skip
    bad_warranty = mutate(
        workspace_a,
        "createWarranty",
        {
            "companyId": shop["company"],
            "productId": shop["machine"],
            "serialNumber": " ",
            "startDate": "2026-05-01",
            "endDate": "2026-04-30",
        },
        "warranty { id }",
    )
    assert sorted(codes(bad_warranty)) == [("endDate", "invalid_date"), ("serialNumber", "required")]
    assert codes(add_line(workspace_a, repair["id"], kind="PART")) == [("productId", "required")]
    assert codes(add_line(workspace_a, repair["id"], kind="LABOUR", quantity="2")) == [("unitPrice", "required")]
    assert codes(add_line(workspace_a, repair["id"], kind="OTHER", unitPrice="-1", quantity="0")) == [
        ("quantity", "out_of_range"), ("unitPrice", "out_of_range")
    ]  # fmt: skip
    unpriced = add_line(workspace_a, repair["id"], kind="PART", productId=shop["machine"])  # not in the price book
    assert codes(unpriced) == [("unitPrice", "required")]
    assert codes(
        mutate(workspace_a, "updateRepairLine", {"lineId": "999999", "quantity": "2"}, "repairOrder { id }")
    ) == [("lineId", "not_found")]
    assert _state(workspace_a) == before


def test_a_repair_made_from_a_ticket_takes_its_customer_and_problem(
    workspace_a: Workspace, shop: dict[str, str]
) -> None:
    ticket = create_ticket(workspace_a.api, companyId=shop["company"], description="It leaks water.")
    repair = create_repair(workspace_a, None, ticketId=ticket["id"], problem=None)
    assert repair["ticket"] == {"id": ticket["id"]} and repair["company"] == {"id": shop["company"]}
    assert repair["problem"] == "Printer on fire\n\nIt leaks water."
    listed = workspace_a.api.data(
        "query($t: ID!) { repairOrders(filter: {ticket: {eq: $t}}) { totalCount } }", {"t": ticket["id"]}
    )
    assert listed["repairOrders"]["totalCount"] == 1


def test_delete_and_undo_and_search(workspace_a: Workspace, shop: dict[str, str]) -> None:
    repair = create_repair(workspace_a, shop["company"], serialNumber="XY-77", problem="Grinder jams")
    warranty = create_warranty(workspace_a, shop["company"], shop["machine"], serialNumber="WS-9")
    found = workspace_a.api.data('{ repairOrders(search: "grinder") { edges { node { id } } }'
                                 ' warranties(search: "WS-9") { totalCount } }')  # fmt: skip
    assert found["repairOrders"]["edges"] == [{"node": {"id": repair["id"]}}]
    assert found["warranties"]["totalCount"] == 1
    ok(mutate(workspace_a, "deleteRepairOrder", {"id": repair["id"]}, "repairOrder { id }"))
    ok(mutate(workspace_a, "deleteWarranty", {"id": warranty["id"]}, "warranty { id }"))
    gone = workspace_a.api.data("{ repairOrders { totalCount } deletedRepairOrders { totalCount }"
                                " warranties { totalCount } deletedWarranties { totalCount } }")  # fmt: skip
    assert [gone[k]["totalCount"] for k in ("repairOrders", "deletedRepairOrders", "warranties",
                                            "deletedWarranties")] == [0, 1, 0, 1]  # fmt: skip
    ok(mutate(workspace_a, "restoreRepairOrder", {"id": repair["id"]}, "repairOrder { id }"))
    ok(mutate(workspace_a, "restoreWarranty", {"id": warranty["id"]}, "warranty { id }"))
    back = workspace_a.api.data("{ repairOrders { totalCount } warranties { totalCount } }")
    assert back == {"repairOrders": {"totalCount": 1}, "warranties": {"totalCount": 1}}


def test_history_records_the_changes(workspace_a: Workspace, shop: dict[str, str]) -> None:
    repair = create_repair(workspace_a, shop["company"])
    add_line(workspace_a, repair["id"], kind="LABOUR", quantity="1", unitPrice="60")
    move(workspace_a, repair["id"], "DIAGNOSING")
    data = workspace_a.api.data(
        "query($id: ID!) { node(id: $id) { ... on RepairOrder { history { edges { node { action changes } } } } } }",
        {"id": repair["id"]},
    )
    entries = [edge["node"] for edge in data["node"]["history"]["edges"]]
    assert {entry["action"] for entry in entries} == {"CREATE", "UPDATE"} or len(entries) == 3
    changed = [set(entry["changes"]) for entry in entries]
    assert any("lines" in fields for fields in changed) and any("status" in fields for fields in changed)
