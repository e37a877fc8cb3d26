"""Payments: partial then full, never more than the balance, reversed by deleting; balances per customer."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saas.catalog import pricing
from saas.invoicing import services
from saas.invoicing.models import Invoice, Payment
from tests.conftest import Workspace
from tests.query_count import count_queries

from .conftest import codes, company, create_invoice, issue, line, mutate, ok, pay

pytestmark = pytest.mark.django_db


def test_a_partial_then_a_full_payment_settle_the_invoice(workspace_a: Workspace, issued: dict[str, Any]) -> None:
    partly = ok(pay(workspace_a, issued["id"], "90", method="CARD", reference="ch_1", paidOn="2026-01-02"))["invoice"]
    assert partly["status"] == "PARTIALLY_PAID"
    assert partly["amountPaid"]["amount"] == "90.00" and partly["balance"]["amount"] == "200.00"
    assert partly["payments"] == [
        {"id": partly["payments"][0]["id"], "amount": {"amount": "90.00"}, "paidOn": "2026-01-02", "method": "CARD",
         "reference": "ch_1"}
    ]  # fmt: skip
    # more than is owed is refused, and nothing is recorded
    assert codes(pay(workspace_a, issued["id"], "200.01")) == [("amount", "out_of_range")]
    assert codes(pay(workspace_a, issued["id"], "0")) == [("amount", "out_of_range")]
    assert codes(pay(workspace_a, issued["id"], "1.001")) == [("amount", "invalid_amount")]
    tomorrow = (datetime.datetime.now(datetime.UTC).date() + datetime.timedelta(days=2)).isoformat()
    assert codes(pay(workspace_a, issued["id"], "1", paidOn=tomorrow)) == [("paidOn", "invalid_date")]
    paid = ok(pay(workspace_a, issued["id"], "200"))["invoice"]
    assert paid["status"] == "PAID" and paid["balance"]["amount"] == "0.00" and len(paid["payments"]) == 2
    assert codes(pay(workspace_a, issued["id"], "0.01")) == [("invoiceId", "invalid_transition")]
    workspace_a.activate()
    assert Payment.objects.count() == 2


def test_deleting_a_payment_reverses_it_and_the_status_follows(workspace_a: Workspace, issued: dict[str, Any]) -> None:
    first = ok(pay(workspace_a, issued["id"], "90"))["invoice"]["payments"][0]["id"]
    second = ok(pay(workspace_a, issued["id"], "200"))["invoice"]["payments"][1]["id"]
    selection = "invoice { status amountPaid { amount } balance { amount } payments { id } }"
    back = ok(mutate(workspace_a, "deletePayment", {"invoiceId": issued["id"], "paymentId": second}, selection))
    assert back["invoice"]["status"] == "PARTIALLY_PAID" and back["invoice"]["balance"]["amount"] == "200.00"
    back = ok(mutate(workspace_a, "deletePayment", {"invoiceId": issued["id"], "paymentId": first}, selection))
    assert back["invoice"] == {"status": "ISSUED", "amountPaid": {"amount": "0.00"}, "balance": {"amount": "290.00"},
                               "payments": []}  # fmt: skip
    missing = mutate(workspace_a, "deletePayment", {"invoiceId": issued["id"], "paymentId": first}, selection)
    assert codes(missing) == [("paymentId", "not_found")]


def test_history_records_payments_and_moves(workspace_a: Workspace, issued: dict[str, Any]) -> None:
    ok(pay(workspace_a, issued["id"], "90", reference="wire 7"))
    data = workspace_a.api.data(
        "query($id: ID!) { node(id: $id) { ... on CustomerInvoice"
        " { history { edges { node { action changes } } } } } }",
        {"id": issued["id"]},
    )
    entries = [edge["node"] for edge in data["node"]["history"]["edges"]]
    assert {e["action"] for e in entries} == {"create", "update"}
    assert any("payment" in e["changes"] and "wire 7" in e["changes"]["payment"]["new"] for e in entries)


def test_customer_balances_per_company_and_currency(
    workspace_a: Workspace, issued: dict[str, Any], globex: str
) -> None:
    ok(pay(workspace_a, issued["id"], "90"))
    euros = issue(workspace_a, create_invoice(workspace_a, globex, [line("x", "1", "10")], currency="EUR")["id"])
    initech = company(workspace_a, "Initech")
    issue(workspace_a, create_invoice(workspace_a, initech, [line("y", "3", "5")])["id"])
    create_invoice(workspace_a, initech, [line("draft", "1", "999")])  # drafts do not count
    workspace_a.activate()
    Invoice.objects.filter(pk=Invoice.objects.get(number=1).pk).update(due_date=datetime.date(2020, 1, 1))
    query = (
        "query($c: ID) { customerBalances(companyId: $c) { company { name } companyName currency"
        " invoiced { amount } paid { amount } outstanding { amount } overdue { amount } } }"
    )
    rows = workspace_a.api.data(query)["customerBalances"]
    assert [(r["companyName"], r["currency"], r["invoiced"]["amount"], r["paid"]["amount"], r["outstanding"]["amount"],
             r["overdue"]["amount"]) for r in rows] == [
        ("Globex", "EUR", "10.00", "0.00", "10.00", "0.00"),
        ("Globex", "USD", "290.00", "90.00", "200.00", "200.00"),
        ("Initech", "USD", "15.00", "0.00", "15.00", "0.00"),
    ]  # fmt: skip
    assert rows[0]["company"] == {"name": "Globex"} and euros["currency"] == "EUR"
    only = workspace_a.api.data(query, {"c": globex})["customerBalances"]
    assert {r["companyName"] for r in only} == {"Globex"}
    # a fixed number of queries, however many customers
    before = count_queries(lambda: workspace_a.api.data(query))
    for i in range(4):
        issue(workspace_a, create_invoice(workspace_a, company(workspace_a, f"More {i}"), [line("z", "1", "1")])["id"])
    assert count_queries(lambda: workspace_a.api.data(query)) == before


def test_a_role_that_hides_deal_amounts_reads_no_invoice_money(
    workspace_a: Workspace, issued: dict[str, Any], add_person: Any
) -> None:
    ok(pay(workspace_a, issued["id"], "90"))
    for role in ("marketing", "service", "read_only"):
        person = add_person(workspace_a, role)
        result = person.api.execute(
            "query($id: ID!) { node(id: $id) { ... on CustomerInvoice { status total { amount } balance { amount }"
            " amountPaid { amount } lines { amount { amount } } payments { amount { amount } } taxes { amount } } } }",
            {"id": issued["id"]},
        )
        node = result["data"]["node"]
        assert node["status"] == "PARTIALLY_PAID"
        for field in ("total", "balance", "amountPaid", "lines", "payments", "taxes"):
            assert node[field] is None, (role, field)
        assert {e["extensions"]["code"] for e in result["errors"]} == {"FORBIDDEN"}
        balances = person.api.execute("{ customerBalances { currency } }")
        assert balances["data"] is None or balances["data"]["customerBalances"] is None
        assert balances["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        refused = person.api.execute("query { invoices(orderBy: [{total: DESC}]) { totalCount } }")
        assert refused["errors"][0]["extensions"]["code"] == "FIELD_HIDDEN"


def test_the_daily_check_tells_the_owner_of_an_overdue_invoice_once(
    workspace_a: Workspace, issued: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[tuple[Any, str, str]] = []
    monkeypatch.setattr(
        services.events, "notify", lambda user, kind, message, payload=None: told.append((user, kind, message))
    )
    workspace_a.activate()
    invoice = Invoice.objects.get()
    assert invoice.due_date is not None
    assert services.notify_overdue() == 0  # not due yet
    later = invoice.due_date + datetime.timedelta(days=1)
    assert services.notify_overdue(later) == 1 and services.notify_overdue(later) == 0
    assert told == [(invoice.owner_id, "invoice_overdue", f"Invoice INV-00001 is overdue (due {invoice.due_date})")]
    Invoice.objects.filter(pk=invoice.pk).update(due_date=datetime.date(2020, 1, 1))
    data = workspace_a.api.data(
        "{ invoices(filter: {overdue: true}) { edges { node { isOverdue overdueNotifiedAt } } } }"
    )["invoices"]["edges"]
    assert len(data) == 1 and data[0]["node"]["isOverdue"] is True and data[0]["node"]["overdueNotifiedAt"]
    assert workspace_a.api.data("{ invoices(filter: {overdue: false}) { totalCount } }")["invoices"]["totalCount"] == 0


def test_the_task_runs_in_a_workspace_schema(workspace_a: Workspace, issued: dict[str, Any]) -> None:
    from saas.invoicing import tasks

    workspace_a.activate()
    Invoice.objects.update(due_date=datetime.date(2020, 1, 1))
    assert tasks.notify_overdue() == 1 and tasks.notify_overdue() == 0


money = st.integers(1, 10**7).map(lambda n: Decimal(n).scaleb(-2))
lines_strategy = st.lists(
    st.tuples(
        st.integers(1, 10**5).map(lambda n: Decimal(n).scaleb(-3)),  # quantity
        st.integers(0, 10**6).map(lambda n: Decimal(n).scaleb(-4)),  # unit price
        st.integers(0, 10**4).map(lambda n: Decimal(n).scaleb(-2)),  # discount %
        st.sampled_from([Decimal(0), Decimal("7"), Decimal("20"), Decimal("5.5")]),  # tax rate
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=lines_strategy, payments=st.lists(st.integers(1, 100), max_size=5))
def test_totals_are_the_sum_of_the_lines_and_the_balance_is_total_less_payments_never_negative(
    workspace_a: Workspace, globex: str, items: list[tuple[Decimal, ...]], payments: list[int]
) -> None:
    """Whatever the lines and payments (as percentages of what is left), the figures hold."""
    given_lines = [line("x", str(q), str(p), str(r), discount=str(d)) for q, p, d, r in items]
    invoice = create_invoice(workspace_a, globex, given_lines)
    amounts = [Decimal(x["amount"]["amount"]) for x in invoice["lines"]]
    assert Decimal(invoice["subtotal"]["amount"]) == sum(amounts)
    assert Decimal(invoice["total"]["amount"]) == sum(amounts) + sum(Decimal(t["amount"]) for t in invoice["taxes"])
    if Decimal(invoice["total"]["amount"]) <= 0:
        return
    issue(workspace_a, invoice["id"])
    paid = Decimal(0)
    for percent in payments:
        total = Decimal(invoice["total"]["amount"])
        amount = pricing.round_money((total - paid) * percent / 100, "USD")
        if amount <= 0:
            continue
        now = ok(pay(workspace_a, invoice["id"], str(amount)))["invoice"]
        paid += amount
        assert Decimal(now["amountPaid"]["amount"]) == paid
        assert Decimal(now["balance"]["amount"]) == total - paid >= 0
        assert now["status"] == ("PAID" if paid == total else "PARTIALLY_PAID")
    over = pay(workspace_a, invoice["id"], str(Decimal(invoice["total"]["amount"]) - paid + Decimal("0.01")))
    assert codes(over) in ([("amount", "out_of_range")], [("invoiceId", "invalid_transition")])
