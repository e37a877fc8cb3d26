"""Quotes: prices from the tiers of the deal currency's price book, totals, versions, lifecycle, PDF."""

from __future__ import annotations

import pytest

from saas.catalog.models import Quote, QuoteLine
from tests.conftest import Workspace

from .conftest import QUOTE_FIELDS, codes, create_quote, mutate, ok, prices, product

pytestmark = pytest.mark.django_db


def test_lines_take_the_tier_of_their_quantity_unless_priced_by_hand(
    workspace_a: Workspace, catalogue: dict[str, str]
) -> None:
    quote = create_quote(
        workspace_a,
        catalogue["deal"],
        [
            {"productId": catalogue["seat"], "quantity": "9.5"},
            {"productId": catalogue["seat"], "quantity": "10"},
            {"productId": catalogue["seat"], "quantity": "60", "discountPercent": "10"},
            {"productId": catalogue["setup"], "quantity": "1", "unitPrice": "1500"},
        ],
        discountPercent="5",
        taxes=[{"name": "VAT", "rate": "20"}, {"name": "City", "rate": "0.5"}],
    )
    assert [line["unitPrice"] for line in quote["lines"]] == ["100.0000", "90.0000", "75.5000", "1500.0000"]
    assert [line["priceOverridden"] for line in quote["lines"]] == [False, False, False, True]
    # 950 + 900 + 60 x 75.5 x 0.9 (4077) + 1500; discount 5 % of 7427 = 371.35; taxes on 7055.65
    assert [line["amount"]["amount"] for line in quote["lines"]] == ["950.00", "900.00", "4077.00", "1500.00"]
    assert quote["subtotal"] == {"amount": "7427.00", "currency": "USD"}
    assert quote["discountAmount"]["amount"] == "371.35"
    assert quote["taxes"] == [
        {"name": "VAT", "rate": "20.00", "amount": "1411.13"},
        {"name": "City", "rate": "0.50", "amount": "35.28"},
    ]
    assert quote["taxAmount"]["amount"] == "1446.41"
    assert quote["total"] == {"amount": "8502.06", "currency": "USD"}
    assert quote["status"] == "DRAFT" and quote["version"] == 1 and quote["number"] == 1


def test_the_deal_currency_chooses_the_price_book(workspace_a: Workspace, catalogue: dict[str, str]) -> None:
    quote = create_quote(workspace_a, catalogue["euro_deal"], [{"productId": catalogue["seat"], "quantity": "2"}])
    assert quote["currency"] == "EUR" and quote["total"]["amount"] == "184.00"
    # the onboarding has no EUR price: a typed error, and nothing written
    refused = mutate(
        workspace_a,
        "createQuote",
        {"dealId": catalogue["euro_deal"], "lines": [{"productId": catalogue["setup"], "quantity": "1"}]},
        "quote { id }",
    )
    assert codes(refused) == [("lines.0.unitPrice", "required")]
    # a price book of another currency is refused
    refused = mutate(
        workspace_a,
        "createQuote",
        {"dealId": catalogue["euro_deal"], "priceBookId": catalogue["usd"], "lines": []},
        "quote { id }",
    )
    assert codes(refused) == [("priceBookId", "invalid")]
    workspace_a.activate()
    assert Quote.objects.count() == 1


def test_bad_lines_are_refused_all_at_once_and_nothing_is_written(
    workspace_a: Workspace, catalogue: dict[str, str]
) -> None:
    ok(mutate(workspace_a, "updateProduct", {"id": catalogue["setup"], "active": False}, "product { id }"))
    refused = mutate(
        workspace_a,
        "createQuote",
        {
            "dealId": catalogue["deal"],
            "discountPercent": "100.5",
            "taxes": [{"name": "", "rate": "-1"}],
            "lines": [
                {"productId": catalogue["seat"], "quantity": "0"},
                {"productId": catalogue["seat"], "quantity": "1.0001"},
                {"productId": catalogue["seat"], "quantity": "1", "discountPercent": "101"},
                {"productId": catalogue["setup"], "quantity": "1", "unitPrice": "1"},
                {"productId": catalogue["seat"], "quantity": "1", "unitPrice": "-5"},
            ],
        },
        "quote { id }",
    )
    assert set(codes(refused)) == {
        ("discountPercent", "out_of_range"),
        ("taxes.0.name", "required"),
        ("taxes.0.rate", "out_of_range"),
        ("lines.0.quantity", "out_of_range"),
        ("lines.1.quantity", "invalid_amount"),
        ("lines.2.discountPercent", "out_of_range"),
        ("lines.3.productId", "invalid"),
        ("lines.4.unitPrice", "out_of_range"),
    }
    workspace_a.activate()
    assert Quote.objects.count() == 0 and QuoteLine.objects.count() == 0


def test_a_new_tier_prices_later_quotes_only(workspace_a: Workspace, catalogue: dict[str, str]) -> None:
    first = create_quote(workspace_a, catalogue["deal"], [{"productId": catalogue["seat"], "quantity": "10"}])
    prices(workspace_a, catalogue["usd"], catalogue["seat"], [("0", "100"), ("5", "80")])
    second = create_quote(workspace_a, catalogue["deal"], [{"productId": catalogue["seat"], "quantity": "10"}])
    assert first["total"]["amount"] == "900.00" and second["total"]["amount"] == "800.00"
    assert second["number"] == first["number"] + 1


def test_editing_a_draft_changes_it_and_editing_a_sent_quote_makes_a_new_version(
    workspace_a: Workspace, catalogue: dict[str, str]
) -> None:
    quote = create_quote(workspace_a, catalogue["deal"], [{"productId": catalogue["seat"], "quantity": "1"}])
    draft = ok(
        mutate(
            workspace_a,
            "updateQuote",
            {"id": quote["id"], "discountPercent": "50"},
            "quote { id version total { amount } }",
        )
    )
    assert draft["quote"]["id"] == quote["id"] and draft["quote"]["version"] == 1
    assert draft["quote"]["total"]["amount"] == "50.00"
    ok(mutate(workspace_a, "sendQuote", {"id": quote["id"]}, "quote { status }"))
    lines = [{"productId": catalogue["seat"], "quantity": "10"}, {"productId": catalogue["setup"], "quantity": "1"}]
    edited = ok(
        mutate(
            workspace_a,
            "updateQuote",
            {"id": quote["id"], "lines": lines},
            f"quote {{ {QUOTE_FIELDS} versions {{ version status isLatest }} }}",
        )
    )["quote"]
    assert edited["id"] != quote["id"] and edited["number"] == quote["number"] and edited["version"] == 2
    assert edited["status"] == "DRAFT" and edited["discountPercent"] == "50.00"
    # 900 + 1999.99 = 2899.99, less half of it: 1449.995 rounded half up to 1450.00
    assert edited["discountAmount"]["amount"] == "1450.00" and edited["total"]["amount"] == "1449.99"
    assert edited["versions"] == [
        {"version": 1, "status": "SENT", "isLatest": False},
        {"version": 2, "status": "DRAFT", "isLatest": True},
    ]
    # the sent version stays as the customer got it, and no longer moves on
    old = workspace_a.api.data(
        "query($id: ID!) { node(id: $id) { ... on Quote { total { amount } lines { quantity } } } }",
        {"id": quote["id"]},
    )["node"]
    assert old == {"total": {"amount": "50.00"}, "lines": [{"quantity": "1.000"}]}
    assert codes(mutate(workspace_a, "acceptQuote", {"id": quote["id"]}, "quote { id }")) == [
        ("id", "invalid_transition")
    ]
    assert codes(mutate(workspace_a, "updateQuote", {"id": quote["id"], "title": "x"}, "quote { id }")) == [
        ("id", "invalid_transition")
    ]


LIFECYCLE_REFUSALS = [
    # (moves that get the quote where it is, the move that must be refused)
    ([], "acceptQuote"),
    ([], "rejectQuote"),
    ([], "expireQuote"),
    (["sendQuote"], "sendQuote"),
    (["sendQuote", "rejectQuote"], "acceptQuote"),
    (["sendQuote", "expireQuote"], "acceptQuote"),
    (["sendQuote", "acceptQuote"], "rejectQuote"),
    (["sendQuote", "acceptQuote"], "sendQuote"),
    (["sendQuote", "rejectQuote"], "updateQuote"),
]


@pytest.mark.parametrize(("moves", "refused"), LIFECYCLE_REFUSALS)
def test_invalid_transitions_are_refused_with_a_typed_error(
    workspace_a: Workspace, catalogue: dict[str, str], moves: list[str], refused: str
) -> None:
    quote = create_quote(workspace_a, catalogue["deal"], [{"productId": catalogue["seat"], "quantity": "1"}])
    for move in moves:
        ok(mutate(workspace_a, move, {"id": quote["id"]}, "quote { status }"))
    workspace_a.activate()
    before = Quote.objects.get().status
    extra = {"title": "late"} if refused == "updateQuote" else {}
    assert codes(mutate(workspace_a, refused, {"id": quote["id"], **extra}, "quote { id }")) == [
        ("id", "invalid_transition")
    ]
    workspace_a.activate()
    assert Quote.objects.get().status == before and Quote.objects.count() == 1


def test_a_quote_without_lines_cannot_be_sent(workspace_a: Workspace, catalogue: dict[str, str]) -> None:
    quote = create_quote(workspace_a, catalogue["deal"], [])
    assert codes(mutate(workspace_a, "sendQuote", {"id": quote["id"]}, "quote { id }")) == [("lines", "required")]


def test_the_pdf_opens_for_members_who_may_read_the_quote(
    workspace_a: Workspace, workspace_b: Workspace, catalogue: dict[str, str]
) -> None:
    quote = create_quote(
        workspace_a, catalogue["deal"], [{"productId": catalogue["seat"], "quantity": "3"}], title="Seats for Globex"
    )
    assert quote["pdfUrl"].startswith("/documents/quotes/") and quote["pdfUrl"].endswith(".pdf")
    response = workspace_a.api.http.get(quote["pdfUrl"], HTTP_AUTHORIZATION=f"Bearer {workspace_a.token}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert workspace_a.api.http.get(quote["pdfUrl"]).status_code == 401  # signed out
    theirs = workspace_b.api.http.get(quote["pdfUrl"], HTTP_AUTHORIZATION=f"Bearer {workspace_b.token}")
    assert theirs.status_code == 404


def test_products_have_unique_skus_and_price_books_unique_names(workspace_a: Workspace) -> None:
    product(workspace_a, "ABC-1")
    taken = mutate(workspace_a, "createProduct", {"sku": " abc-1 ", "name": "Other"}, "product { id }")
    assert codes(taken) == [("sku", "taken")]
    ok(mutate(workspace_a, "createPriceBook", {"name": "List", "currency": "cny"}, "priceBook { currency }"))
    assert codes(mutate(workspace_a, "createPriceBook", {"name": "list", "currency": "CNYX"}, "priceBook { id }")) == [
        ("name", "taken"),
        ("currency", "invalid_format"),
    ]
