"""Mutations of the catalogue: declarations on the mutation base; rules live in saas.catalog.services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import strawberry
from strawberry import UNSET, relay

from graphql_schema.core.custom_fields import CustomFieldInput
from graphql_schema.core.mutations import Act, Call, Create, Update, VersionedInput, recycle_bin_fields
from graphql_schema.core.nodes import decode_id
from graphql_schema.errors import UserError
from saas.catalog import models, services

from .types import OrderNode, PriceBookEntryNode, PriceBookNode, ProductNode, QuoteNode


@strawberry.input
class CreateProductInput:
    name: str = strawberry.field(description="The name.")
    sku: str = strawberry.field(description="Stock keeping unit, unique in the workspace.")
    description: str | None = strawberry.field(default=None, description="What it is.")
    active: bool | None = strawberry.field(default=None, description="Still sold (default true).")
    unit: str | None = strawberry.field(default=None, description="What one of it is (default: each).")


@strawberry.input(description="Only the fields given change.")
class UpdateProductInput(VersionedInput):
    id: relay.GlobalID
    name: str | None = strawberry.field(default=UNSET, description="The name.")
    sku: str | None = strawberry.field(default=UNSET, description="The SKU.")
    description: str | None = strawberry.field(default=UNSET, description="What it is.")
    active: bool | None = strawberry.field(default=UNSET, description="false: no new quote lines with it.")
    unit: str | None = strawberry.field(default=UNSET, description="What one of it is.")


@strawberry.type
class ProductPayload:
    product: ProductNode | None = strawberry.field(default=None, description="The product, when it succeeded.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class CreatePriceBookInput:
    name: str = strawberry.field(description="The name, unique in the workspace.")
    currency: str = strawberry.field(description="ISO 4217 code of its prices.")
    active: bool | None = strawberry.field(default=None, description="Used for new quotes (default true).")


@strawberry.input(description="Only the fields given change.")
class UpdatePriceBookInput(VersionedInput):
    id: relay.GlobalID
    name: str | None = strawberry.field(default=UNSET, description="The name.")
    active: bool | None = strawberry.field(default=UNSET, description="Used for new quotes.")


@strawberry.type
class PriceBookPayload:
    price_book: PriceBookNode | None = strawberry.field(default=None, description="The price book.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input(description="A price tier: the unit price from a minimum quantity on.")
class PriceTierInput:
    min_quantity: Decimal = strawberry.field(default=Decimal(0), description="From this quantity on.")
    unit_price: Decimal = strawberry.field(description="Price of one unit.")


@strawberry.input
class SetPricesInput:
    price_book_id: relay.GlobalID = strawberry.field(description="The price book.")
    product_id: relay.GlobalID = strawberry.field(description="The product.")
    tiers: list[PriceTierInput] = strawberry.field(description="Replaces the product's tiers in the book.")


@strawberry.type
class SetPricesPayload:
    entries: list[PriceBookEntryNode] = strawberry.field(default_factory=list, description="The tiers now.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input(description="A quote line.")
class QuoteLineInput:
    product_id: relay.GlobalID = strawberry.field(description="An active product.")
    quantity: Decimal = strawberry.field(description="How many units (up to 3 decimals).")
    unit_price: Decimal | None = strawberry.field(
        default=None, description="Null: the price book's tier for this quantity."
    )
    discount_percent: Decimal | None = strawberry.field(default=None, description="Line discount, percent.")
    description: str | None = strawberry.field(default=None, description="Null: the product's name.")


@strawberry.input(description="A tax rate of a quote.")
class TaxRateInput:
    name: str = strawberry.field(description="What it is called.")
    rate: Decimal = strawberry.field(description="Percent, 0 to 100.")


@strawberry.input
class CreateQuoteInput:
    deal_id: relay.GlobalID = strawberry.field(description="The deal; the quote is in its currency.")
    lines: list[QuoteLineInput] | None = strawberry.field(default=None, description="The lines.")
    price_book_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Null: the active price book of the deal's currency."
    )
    discount_percent: Decimal | None = strawberry.field(default=None, description="Quote discount, percent.")
    taxes: list[TaxRateInput] | None = strawberry.field(default=None, description="Tax rates.")
    title: str | None = strawberry.field(default=None, description="A few words for the customer.")
    valid_until: date | None = strawberry.field(default=None, description="Until when the offer holds.")
    notes: str | None = strawberry.field(default=None, description="Terms and notes.")


@strawberry.input(description="Only the fields given change; editing a sent quote makes a new draft version.")
class UpdateQuoteInput(VersionedInput):
    id: relay.GlobalID
    lines: list[QuoteLineInput] | None = strawberry.field(default=UNSET, description="Replaces every line.")
    price_book_id: relay.GlobalID | None = strawberry.field(
        default=UNSET, description="Another book of the same currency (reprices the lines not priced by hand)."
    )
    discount_percent: Decimal | None = strawberry.field(default=UNSET, description="Quote discount, percent.")
    taxes: list[TaxRateInput] | None = strawberry.field(default=UNSET, description="Replaces the tax rates.")
    title: str | None = strawberry.field(default=UNSET, description="The title.")
    valid_until: date | None = strawberry.field(default=UNSET, description="Until when the offer holds.")
    notes: str | None = strawberry.field(default=UNSET, description="Terms and notes.")


@strawberry.input
class QuoteIdInput:
    id: relay.GlobalID


@strawberry.type
class QuotePayload:
    quote: QuoteNode | None = strawberry.field(default=None, description="The quote (version) now.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class AcceptQuotePayload:
    quote: QuoteNode | None = strawberry.field(default=None, description="The accepted quote.")
    order: OrderNode | None = strawberry.field(default=None, description="Its order (the same one when retried).")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input(description="A delivery of one order line.")
class FulfilmentInput:
    line_id: strawberry.ID = strawberry.field(description="The order line's id.")
    quantity: Decimal = strawberry.field(description="Units delivered now.")


@strawberry.input
class FulfilOrderInput:
    id: relay.GlobalID
    lines: list[FulfilmentInput] = strawberry.field(description="What was delivered.")


@strawberry.input(description="Only the fields given change; its lines and amounts stay the accepted quote's.")
class UpdateOrderInput(VersionedInput):
    id: relay.GlobalID
    owner_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="Who looks after it; null: nobody.")
    custom_fields: list[CustomFieldInput] | None = strawberry.field(
        default=UNSET, description="Custom fields to change (in any status); a value null clears one."
    )


@strawberry.input
class OrderIdInput:
    id: relay.GlobalID


@strawberry.type
class OrderPayload:
    order: OrderNode | None = strawberry.field(default=None, description="The order now.")
    errors: list[UserError] = strawberry.field(default_factory=list)


def _lines(input: Any, arguments: dict[str, Any]) -> dict[str, Any]:
    """``lines`` / ``taxes`` as plain dicts with the products' global ids decoded."""
    if input.lines is not UNSET and input.lines is not None:
        arguments["lines"] = [
            {
                "product": decode_id(line.product_id, "Product", f"lines.{i}.productId"),
                "quantity": line.quantity,
                "unit_price": line.unit_price,
                "discount_percent": line.discount_percent,
                "description": line.description,
            }
            for i, line in enumerate(input.lines)
        ]
    if input.taxes is not UNSET and input.taxes is not None:
        arguments["taxes"] = [{"name": tax.name, "rate": tax.rate} for tax in input.taxes]
    return arguments


@dataclass(frozen=True)
class CreateQuote(Create):
    def arguments(self, input: Any) -> dict[str, Any]:
        return _lines(input, super().arguments(input))


@dataclass(frozen=True)
class UpdateQuote(Update):
    def arguments(self, input: Any) -> dict[str, Any]:
        return _lines(input, super().arguments(input))


@dataclass(frozen=True)
class FulfilOrder(Act):
    def call(self, membership: Any, input: Any) -> Any:
        lines = [{"line": item.line_id, "quantity": item.quantity} for item in input.lines]
        return services.fulfil_order(membership, decode_id(input.id, "Order", "id"), lines)


ORDER_IDS = {"owner_id": ("owner", "User")}
QUOTE_IDS = {"deal_id": ("deal", "Deal"), "price_book_id": ("price_book", "PriceBook")}


@strawberry.type
class CatalogMutation:
    create_product = Create(CreateProductInput, ProductPayload, "product", services.create_product).field(
        "Add a product (managers and admins)."
    )
    update_product = Update(
        UpdateProductInput, ProductPayload, "product", services.update_product, node="Product"
    ).field("Change a product; `active: false` keeps it off new quote lines.")
    create_price_book = Create(CreatePriceBookInput, PriceBookPayload, "price_book", services.create_price_book).field(
        "Add a price book in one currency."
    )
    update_price_book = Update(
        UpdatePriceBookInput, PriceBookPayload, "price_book", services.update_price_book, node="PriceBook"
    ).field("Rename a price book or (de)activate it.")
    set_prices = Call(
        SetPricesInput,
        SetPricesPayload,
        "entries",
        services.set_prices,
        ids={"price_book_id": ("price_book", "PriceBook"), "product_id": ("product", "Product")},
    ).field("Replace a product's price tiers in a price book.")

    create_quote = CreateQuote(CreateQuoteInput, QuotePayload, "quote", services.create_quote, ids=QUOTE_IDS).field(
        "A draft quote for a deal, priced from the price book of the deal's currency."
    )
    update_quote = UpdateQuote(
        UpdateQuoteInput, QuotePayload, "quote", services.update_quote, ids=QUOTE_IDS, node="Quote"
    ).field("Change a draft quote; a sent one gets a new draft version (returned).")
    send_quote = Act(QuoteIdInput, QuotePayload, "quote", services.send_quote, node="Quote").field("Draft → sent.")
    accept_quote = Act(QuoteIdInput, AcceptQuotePayload, ("quote", "order"), services.accept_quote, node="Quote").field(
        "Sent → accepted, making its order in the same transaction (again: the same order)."
    )
    reject_quote = Act(QuoteIdInput, QuotePayload, "quote", services.reject_quote, node="Quote").field(
        "Sent → rejected."
    )
    expire_quote = Act(QuoteIdInput, QuotePayload, "quote", services.expire_quote, node="Quote").field(
        "Sent → expired."
    )
    fulfil_order = FulfilOrder(FulfilOrderInput, OrderPayload, "order", services.fulfil_order, node="Order").field(
        "Record deliveries of order lines; the status follows (partially fulfilled, fulfilled)."
    )
    update_order = Update(
        UpdateOrderInput,
        OrderPayload,
        "order",
        services.update_order,
        ids={"owner_id": ("owner", "User")},
        node="Order",
    ).field("Change an order's owner and custom fields, in any status.")
    cancel_order = Act(OrderIdInput, OrderPayload, "order", services.cancel_order, node="Order").field(
        "Open or partially fulfilled → cancelled."
    )
    delete_order, restore_order, delete_orders, restore_orders = recycle_bin_fields(
        models.Order,
        OrderIdInput,
        OrderPayload,
        "order",
        delete="To the recycle bin, while nothing was delivered on it and no invoice, return or claim was made of it "
        "(else `in_use`: cancel it instead).",
        delete_service=services.delete_order,
        bulk=True,
        bulk_delete="Move many orders to the recycle bin at once, all or nothing "
        "(`in_use` for any delivered or billed).",
        bulk_delete_service=services.delete_orders,
    )
