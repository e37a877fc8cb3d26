"""Drafts go to the recycle bin and come back; issued invoices are voided instead. The customer's open
balance on ``Company.outstandingBalance`` (hidden like the figures, a fixed number of queries on a list);
the export's balance-due column."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from saas.invoicing.models import Invoice, InvoiceStatus
from tests.conftest import Workspace
from tests.query_count import assert_num_queries, count_queries

from .conftest import codes, company, create_invoice, issue, line, mutate, ok, order_for, pay

pytestmark = pytest.mark.django_db

BIN = "{ deletedInvoices { totalCount edges { node { id status deletedAt } } } invoices { totalCount } }"
BALANCE = "query($id: ID!) { node(id: $id) { ... on Company { name outstandingBalance { amount currency } } } }"
COMPANIES = "{ companies(first: 50) { totalCount edges { node { id name outstandingBalance { amount currency } } } } }"
PINNED = 3  # the same for 1 and 6 companies: the balances of the whole page come in one query


def test_a_draft_goes_to_the_recycle_bin_and_comes_back(workspace_a: Workspace, globex: str) -> None:
    draft = create_invoice(workspace_a, globex, [line("Seats", "2", "100")])
    deleted = ok(mutate(workspace_a, "deleteInvoice", {"id": draft["id"]}, "invoice { id status }"))["invoice"]
    assert deleted == {"id": draft["id"], "status": "DRAFT"}
    data = workspace_a.api.data(BIN)
    assert data["invoices"]["totalCount"] == 0
    assert [e["node"]["id"] for e in data["deletedInvoices"]["edges"]] == [draft["id"]]
    assert data["deletedInvoices"]["edges"][0]["node"]["deletedAt"] is not None
    node = workspace_a.api.data("query($id: ID!) { node(id: $id) { id } }", {"id": draft["id"]})
    assert node["node"] is None  # out of the lists and of node(id:) while in the bin
    restored = ok(mutate(workspace_a, "restoreInvoice", {"id": draft["id"]}, "invoice { id status }"))["invoice"]
    assert restored["status"] == "DRAFT"
    data = workspace_a.api.data(BIN)
    assert data["invoices"]["totalCount"] == 1 and data["deletedInvoices"]["totalCount"] == 0
    again = mutate(workspace_a, "restoreInvoice", {"id": draft["id"]})
    assert codes(again) == [("id", "not_found")]


def test_an_issued_invoice_is_voided_not_deleted(workspace_a: Workspace, issued: dict[str, Any]) -> None:
    refused = mutate(workspace_a, "deleteInvoice", {"id": issued["id"]}, "invoice { id }")
    assert codes(refused) == [("id", "invalid_transition")] and refused["invoice"] is None
    assert "void it instead" in refused["errors"][0]["message"]
    workspace_a.activate()
    assert Invoice.all_objects.get().deleted_at is None and Invoice.objects.get().status == InvoiceStatus.ISSUED
    ok(mutate(workspace_a, "voidInvoice", {"id": issued["id"]}, "invoice { id }"))
    assert codes(mutate(workspace_a, "deleteInvoice", {"id": issued["id"]})) == [("id", "invalid_transition")]


def test_a_deleted_order_draft_frees_the_order_and_stays_deleted_once_invoiced_again(
    workspace_a: Workspace, catalogue: dict[str, str], globex: str
) -> None:
    order = order_for(workspace_a, catalogue, globex)
    first = ok(mutate(workspace_a, "invoiceOrder", {"orderId": order["id"]}, "invoice { id }"))["invoice"]
    ok(mutate(workspace_a, "deleteInvoice", {"id": first["id"]}, "invoice { id }"))
    second = ok(mutate(workspace_a, "invoiceOrder", {"orderId": order["id"]}, "invoice { id }"))["invoice"]
    assert second["id"] != first["id"]
    refused = mutate(workspace_a, "restoreInvoice", {"id": first["id"]}, "invoice { id }")
    assert codes(refused) == [("id", "invalid_transition")]
    assert workspace_a.api.data(BIN)["deletedInvoices"]["totalCount"] == 1


def test_only_a_role_that_may_delete_deletes(workspace_a: Workspace, globex: str, add_person: Any) -> None:
    draft = create_invoice(workspace_a, globex, [line("Seats", "2", "100")])
    person = add_person(workspace_a, "read_only")
    refused = person.api.execute(
        "mutation($i: InvoiceIdInput!) { deleteInvoice(input: $i) { errors { field code } } }",
        {"i": {"id": draft["id"]}},
    )
    assert refused["data"]["deleteInvoice"]["errors"][0]["code"] in {"permission_denied", "not_found"}
    assert workspace_a.api.data(BIN)["invoices"]["totalCount"] == 1


def test_the_company_shows_what_it_still_owes_per_currency(
    workspace_a: Workspace, issued: dict[str, Any], globex: str
) -> None:
    ok(pay(workspace_a, issued["id"], "90"))
    issue(workspace_a, create_invoice(workspace_a, globex, [line("x", "1", "10")], currency="EUR")["id"])
    create_invoice(workspace_a, globex, [line("draft", "1", "999")])  # drafts do not count
    node = workspace_a.api.data(BALANCE, {"id": globex})["node"]
    assert sorted((m["currency"], m["amount"]) for m in node["outstandingBalance"]) == [
        ("EUR", "10.00"),
        ("USD", "200.00"),
    ]
    balances = workspace_a.api.data(
        "query($c: ID) { customerBalances(companyId: $c) { currency outstanding { amount } } }", {"c": globex}
    )["customerBalances"]
    assert sorted((b["currency"], b["outstanding"]["amount"]) for b in balances) == [
        ("EUR", "10.00"),
        ("USD", "200.00"),
    ]  # the same figure as the balances query
    ok(pay(workspace_a, issued["id"], "200"))
    assert workspace_a.api.data(BALANCE, {"id": globex})["node"]["outstandingBalance"] == [
        {"amount": "10.00", "currency": "EUR"}
    ]
    nothing = company(workspace_a, "Initech")
    assert workspace_a.api.data(BALANCE, {"id": nothing})["node"]["outstandingBalance"] == []


def test_a_role_that_hides_invoice_figures_gets_no_balance(
    workspace_a: Workspace, issued: dict[str, Any], globex: str, add_person: Any
) -> None:
    for role in ("marketing", "read_only"):
        person = add_person(workspace_a, role)
        for query, variables in ((BALANCE, {"id": globex}), (COMPANIES, None)):
            result = person.api.execute(query, variables)
            assert {e["extensions"]["code"] for e in result["errors"]} == {"FORBIDDEN"}, role
            assert "outstandingBalance" in result["errors"][0]["path"]
        node = person.api.execute(BALANCE, {"id": globex})["data"]["node"]
        assert node == {"name": "Globex", "outstandingBalance": None}


def test_a_seller_sees_what_is_owed_on_their_own_invoices(
    workspace_a: Workspace, issued: dict[str, Any], globex: str, add_person: Any
) -> None:
    seller = add_person(workspace_a, "sales")
    own = seller.api.data(
        "mutation($i: CreateInvoiceInput!) { createInvoice(input: $i) { invoice { id } errors { code } } }",
        {"i": {"companyId": globex, "lines": [line("Own", "1", "7")]}},
    )["createInvoice"]
    issued_own = seller.api.data(
        "mutation($i: InvoiceIdInput!) { issueInvoice(input: $i) { invoice { id } errors { code } } }",
        {"i": {"id": own["invoice"]["id"]}},
    )["issueInvoice"]
    assert issued_own["errors"] == []
    node = seller.api.data(BALANCE, {"id": globex})["node"]
    assert node["outstandingBalance"] == [{"amount": "7.00", "currency": "USD"}]  # not the owner's 290


def test_a_company_list_reads_the_balances_in_a_fixed_number_of_queries(make_workspace: Any) -> None:
    small, big = make_workspace("small-balances"), make_workspace("big-balances")
    for ws, n in ((small, 1), (big, 6)):
        for i in range(n):
            customer = company(ws, f"Customer {i}")
            issue(ws, create_invoice(ws, customer, [line("a", "1", "10")])["id"])
            issue(ws, create_invoice(ws, customer, [line("b", "1", "5")], currency="EUR")["id"])
    one = count_queries(lambda: small.api.data(COMPANIES))
    with assert_num_queries(one):
        data = big.api.data(COMPANIES)
    assert one == PINNED
    assert data["companies"]["totalCount"] == 6
    owed = [
        sorted((m["currency"], m["amount"]) for m in e["node"]["outstandingBalance"])
        for e in data["companies"]["edges"]
    ]
    assert owed == [[("EUR", "5.00"), ("USD", "10.00")]] * 6


def _csv(ws: Workspace, bearer: str, **params: str) -> list[list[str]]:
    response: Any = ws.api.http.get("/exports/invoices.csv", params, HTTP_AUTHORIZATION=bearer)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_export_has_the_balance_due_unless_the_figures_are_hidden(
    workspace_a: Workspace, issued: dict[str, Any], add_person: Any
) -> None:
    ok(pay(workspace_a, issued["id"], "90"))
    rows = _csv(workspace_a, f"Bearer {workspace_a.token}", columns="total,amountPaid,balance")
    assert rows[0] == ["Number", "Total", "Paid", "Balance due"]
    assert rows[1][0] == "INV-00001" and rows[1][3] in {"200.00", "200.000", "200"}
    hidden = add_person(workspace_a, "marketing")
    rows = _csv(workspace_a, f"Bearer {hidden.token}", columns="status,balance")
    assert rows[0] == ["Number", "Status"]


def test_another_tenant_can_neither_delete_restore_nor_see_the_bin_or_balance(
    workspace_a: Workspace, workspace_b: Workspace
) -> None:
    bravo = company(workspace_b, "Bravo secret customer")
    issue(workspace_b, create_invoice(workspace_b, bravo, [line("Owed", "1", "100")])["id"])
    draft = create_invoice(workspace_b, bravo, [line("Draft", "1", "5")])
    binned = create_invoice(workspace_b, bravo, [line("Binned", "1", "5")])
    ok(mutate(workspace_b, "deleteInvoice", {"id": binned["id"]}, "invoice { id }"))
    assert codes(mutate(workspace_a, "deleteInvoice", {"id": draft["id"]})) == [("id", "not_found")]
    assert codes(mutate(workspace_a, "restoreInvoice", {"id": binned["id"]})) == [("id", "not_found")]
    data = workspace_a.api.data(BIN)
    assert data["deletedInvoices"]["totalCount"] == 0 and data["invoices"]["totalCount"] == 0
    assert workspace_a.api.data(BALANCE, {"id": bravo})["node"] is None
    assert workspace_a.api.data(COMPANIES)["companies"]["totalCount"] == 0
    export: Any = workspace_a.api.http.get(
        "/exports/invoices.csv", {"mode": "deleted"}, HTTP_AUTHORIZATION=f"Bearer {workspace_a.token}"
    )
    body = b"".join(export.streaming_content) if export.streaming else export.content
    assert export.status_code == 200 and b"Bravo" not in body
    workspace_b.activate()
    assert Invoice.objects.count() == 2 and Invoice.all_objects.filter(deleted_at__isnull=False).count() == 1
