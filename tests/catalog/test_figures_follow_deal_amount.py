"""A quote's and an order's figures tell the deal's amount: they are hidden wherever the deal amount is."""

from __future__ import annotations

from typing import Any

import pytest

from saas.access import policy
from saas.access.models import CustomRole
from saas.catalog.models import Order, Quote
from tenants.models import Role
from tests.access.conftest import AddPerson
from tests.conftest import Workspace

from .conftest import ORDER_FIELDS, QUOTE_FIELDS, create_quote, mutate, ok

pytestmark = pytest.mark.django_db

MONEY_PATHS = ("subtotal", "discountAmount", "taxAmount", "total", "taxes")


def quote_as(person: Any, quote_id: str) -> dict[str, Any]:
    return dict(
        person.api.execute(
            f"query($id: ID!) {{ node(id: $id) {{ ... on Quote {{ {QUOTE_FIELDS} }} }} }}", {"id": quote_id}
        )
    )


@pytest.fixture
def accepted(workspace_a: Workspace, catalogue: dict[str, str]) -> dict[str, Any]:
    quote = create_quote(
        workspace_a,
        catalogue["deal"],
        [{"productId": catalogue["seat"], "quantity": "3"}],
        taxes=[{"name": "VAT", "rate": "20"}],
    )
    ok(mutate(workspace_a, "sendQuote", {"id": quote["id"]}, "quote { id }"))
    order = ok(mutate(workspace_a, "acceptQuote", {"id": quote["id"]}, f"order {{ {ORDER_FIELDS} }}"))["order"]
    return {"quote": quote, "order": order}


def test_a_role_that_may_not_see_deal_amounts_gets_no_quote_or_order_figures(
    workspace_a: Workspace, add_person: AddPerson, accepted: dict[str, Any]
) -> None:
    marketer = add_person(workspace_a, Role.MARKETING)  # reads every deal, never its amount
    result = quote_as(marketer, accepted["quote"]["id"])
    node = result["data"]["node"]
    assert node["number"] == accepted["quote"]["number"] and node["lines"][0]["quantity"] == "3.000"
    assert all(node[name] is None for name in MONEY_PATHS)
    assert node["lines"][0]["unitPrice"] is None and node["lines"][0]["amount"] is None
    assert {e["extensions"]["code"] for e in result["errors"]} == {"FORBIDDEN"}
    order = marketer.api.execute(
        f"query($id: ID!) {{ node(id: $id) {{ ... on Order {{ {ORDER_FIELDS} }} }} }}", {"id": accepted["order"]["id"]}
    )["data"]["node"]
    assert order["total"] is None and order["lines"][0]["amount"] is None
    # Nor through sorting or the PDF.
    sorted_ = marketer.api.execute("{ quotes(first: 5, orderBy: {total: DESC}) { totalCount } }")
    assert sorted_["errors"][0]["extensions"]["code"] == "FIELD_HIDDEN"
    pdf = marketer.api.http.get(node["pdfUrl"], HTTP_AUTHORIZATION=f"Bearer {marketer.token}")
    assert pdf.status_code == 403 and pdf.json()["errors"][0]["code"] == "forbidden"


def test_sellers_who_price_their_deals_see_their_quotes_figures(
    workspace_a: Workspace, add_person: AddPerson, catalogue: dict[str, str]
) -> None:
    seller = add_person(workspace_a, Role.SALES)
    workspace_a.activate()
    assert policy.field_rule(seller.membership, Quote, "total") is None
    assert policy.field_rule(seller.membership, Order, "total") is None


def test_custom_roles_follow_the_deal_amount_unless_they_name_the_quote_field(
    workspace_a: Workspace, add_person: AddPerson, accepted: dict[str, Any]
) -> None:
    workspace_a.activate()
    everything = {"*": {"read": "all"}}
    no_amounts = CustomRole.objects.create(
        name="No amounts", permissions=everything, field_rules={"Deal": {"amount": "hidden"}}
    )
    no_quote_totals = CustomRole.objects.create(
        name="No quote totals", permissions=everything, field_rules={"Quote": {"total": "hidden"}}
    )
    auditor = add_person(workspace_a, Role.CUSTOM, custom_role_id=no_amounts.pk)
    clerk = add_person(workspace_a, Role.CUSTOM, custom_role_id=no_quote_totals.pk)
    assert quote_as(auditor, accepted["quote"]["id"])["data"]["node"]["total"] is None
    seen_by_clerk = quote_as(clerk, accepted["quote"]["id"])["data"]["node"]
    assert seen_by_clerk["total"] is None and seen_by_clerk["subtotal"] == {"amount": "300.00", "currency": "USD"}
    assert seen_by_clerk["lines"][0]["amount"] is None  # lines follow the quote's total
    owner_view = quote_as(workspace_a, accepted["quote"]["id"])["data"]["node"]
    assert owner_view["total"] == {"amount": "360.00", "currency": "USD"}
