"""The orders list as a file: delivered per line, the figures only for those who may see deal amounts."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tenants import services
from tenants.models import Role
from tests.access.conftest import AddPerson
from tests.conftest import Workspace
from tests.exports.test_exports import csv_rows, export

from .conftest import ORDER_FIELDS, create_quote, mutate, ok

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(workspace_a: Workspace, catalogue: dict[str, str]) -> dict[str, Any]:
    quote = create_quote(
        workspace_a,
        catalogue["deal"],
        [{"productId": catalogue["seat"], "quantity": "3"}, {"productId": catalogue["setup"], "quantity": "1"}],
    )
    ok(mutate(workspace_a, "sendQuote", {"id": quote["id"]}, "quote { id }"))
    made = ok(mutate(workspace_a, "acceptQuote", {"id": quote["id"]}, f"order {{ {ORDER_FIELDS} }}"))["order"]
    seat_line = made["lines"][0]["id"]
    ok(mutate(workspace_a, "fulfilOrder", {"id": made["id"], "lines": [{"lineId": seat_line, "quantity": "2"}]}))
    return dict(made)


def test_the_export_lists_orders_with_what_was_delivered(workspace_a: Workspace, order: dict[str, Any]) -> None:
    rows = csv_rows(
        export(
            workspace_a,
            "orders",
            columns="deal,status,delivered,total",
            filter={"status": {"eq": "PARTIALLY_FULFILLED"}},
        )
    )
    assert rows[0] == ["Order", "Deal", "Status", "Delivered", "Total"]
    assert rows[1:] == [
        [
            "O-1",
            "Seats for Globex",
            "Partially fulfilled",
            "Seat licence: 2/3; Onboarding: 0/1",
            order["total"]["amount"],
        ]
    ]
    assert csv_rows(export(workspace_a, "orders", filter={"status": {"eq": "FULFILLED"}}))[1:] == []


def test_a_role_that_may_not_see_deal_amounts_exports_orders_without_figures(
    workspace_a: Workspace, add_person: AddPerson, order: dict[str, Any]
) -> None:
    marketer = add_person(workspace_a, Role.MARKETING)  # exports every list, never sees a deal's amount
    client = Client(HTTP_HOST=marketer.host)
    bearer = f"Bearer {marketer.token}"
    rows = csv_rows(client.get("/exports/orders.csv", {"columns": "status,total"}, HTTP_AUTHORIZATION=bearer))
    assert rows == [["Order", "Status"], ["O-1", "Partially fulfilled"]]
    # Nor sorted by the hidden total.
    refused = client.get("/exports/orders.csv", {"orderBy": '[{"total": "DESC"}]'}, HTTP_AUTHORIZATION=bearer)
    assert refused.status_code == 400 and refused.json()["errors"][0]["code"] == "FIELD_HIDDEN"


def test_an_export_holds_only_the_workspace_own_orders(
    workspace_a: Workspace, workspace_b: Workspace, order: dict[str, Any]
) -> None:
    other = Client(HTTP_HOST=services.tenant_host(workspace_a.subdomain))
    assert other.get("/exports/orders.csv", HTTP_AUTHORIZATION=f"Bearer {workspace_b.token}").status_code == 401
    assert csv_rows(export(workspace_b, "orders"))[1:] == []
    assert [row[0] for row in csv_rows(export(workspace_a, "orders"))[1:]] == ["O-1"]
