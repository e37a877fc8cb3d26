"""Record types of the catalogue. Each is a Relay node, scoped by ``saas.access.policy``."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry
import strawberry_django
from django.urls import reverse
from strawberry import relay
from strawberry.types import Info

from graphql_schema.audit.types import AuditEntryNode
from graphql_schema.core.history import history_field
from graphql_schema.core.keyset import KeysetConnection
from graphql_schema.core.money import Money
from graphql_schema.core.nodes import Scoped, record_type
from graphql_schema.core.users import UserNode
from graphql_schema.permissions import access_controlled, scoped, sensitive_field
from graphql_schema.sales.types import DealNode
from saas.catalog import models, pricing

from .enums import OrderStatus, QuoteStatus

HIDDEN = "Null when your role may not see the deal's amount."


def _money(amount: Decimal, currency: str) -> Money:
    """An amount as the customer sees it: in the currency's minor unit (2 decimals for USD, 0 for JPY...)."""
    return Money(amount=pricing.round_money(amount, currency), currency=currency)


@record_type(models.Product, name="Product", description="Something the workspace sells.")
class ProductNode(Scoped, relay.Node):
    name: str = strawberry_django.field(description="The name.")
    sku: str = strawberry_django.field(description="Stock keeping unit, unique in the workspace.")
    description: str = strawberry_django.field(description="What it is.")
    active: bool = strawberry_django.field(description="Still sold: only active products go on new quote lines.")
    unit: str = strawberry_django.field(description="What one of it is (each, seat, hour...).")
    created_at: datetime = strawberry_django.field(description="When it was added.")
    prices: list[PriceBookEntryNode] = strawberry_django.field(
        description="Its price tiers in every price book, by book and minimum quantity."
    )
    history: KeysetConnection[AuditEntryNode] = history_field()


@record_type(models.PriceBook, name="PriceBook", description="Prices in one currency, tiered by quantity.")
class PriceBookNode(Scoped, relay.Node):
    name: str = strawberry_django.field(description="The name, unique in the workspace.")
    currency: str = strawberry_django.field(description="ISO 4217 code of every price in it.")
    active: bool = strawberry_django.field(
        description="Quotes in this currency are priced from the first active book (by name)."
    )
    entries: list[PriceBookEntryNode] = strawberry_django.field(description="Its price tiers.")
    history: KeysetConnection[AuditEntryNode] = history_field()


@record_type(
    models.PriceBookEntry, name="PriceBookEntry", description="A product's unit price from a minimum quantity on."
)
class PriceBookEntryNode(Scoped, relay.Node):
    price_book: PriceBookNode = strawberry_django.field(description="The price book (its currency).")
    product: ProductNode = strawberry_django.field(description="The product.")
    min_quantity: Decimal = strawberry_django.field(description="The tier applies from this quantity on.")
    unit_price: Decimal = strawberry_django.field(description="Price of one unit, in the book's currency.")
    history: KeysetConnection[AuditEntryNode] = history_field()


@strawberry.type(description="A tax rate of a quote, applied to the subtotal less the quote discount.")
class TaxRate:
    name: str = strawberry.field(description="What the tax is called (VAT...).")
    rate: Decimal = strawberry.field(description="Percent.")
    amount: Decimal = strawberry.field(description="The tax, rounded half up to the currency's minor unit.")


@strawberry_django.type(models.QuoteLine, name="QuoteLine", description="A line of a quote.")
class QuoteLineType:
    id: strawberry.ID = strawberry_django.field(description="The line's key (within its quote).")
    position: int = strawberry_django.field(description="Its place, from 0.")
    product: ProductNode = strawberry_django.field(description="What is sold.")
    description: str = strawberry_django.field(description="Shown to the customer (the product name by default).")
    quantity: Decimal = strawberry_django.field(description="How many units.")
    unit_price: Decimal | None = sensitive_field(
        rule_of=(models.Quote, "total"), description="Price of one unit in the quote's currency. " + HIDDEN
    )
    price_overridden: bool = strawberry_django.field(description="False: taken from the price book's tier.")
    discount_percent: Decimal = strawberry_django.field(description="Line discount, percent.")

    @sensitive_field(
        rule_of=(models.Quote, "total"),
        only=["amount", "quote__currency"],
        select_related=["quote"],
        description="quantity x unit price less the discount, rounded half up to the currency's minor unit. " + HIDDEN,
    )
    def amount(self, root: models.QuoteLine) -> Money | None:
        return _money(root.amount, root.quote.currency)


@strawberry_django.type(models.OrderLine, name="OrderLine", description="A line of an order and its delivery.")
class OrderLineType:
    id: strawberry.ID = strawberry_django.field(description="The line's key (within its order).")
    position: int = strawberry_django.field(description="Its place, from 0.")
    product: ProductNode = strawberry_django.field(description="What was ordered.")
    description: str = strawberry_django.field(description="As on the quote.")
    quantity: Decimal = strawberry_django.field(description="How many units were ordered.")
    unit_price: Decimal | None = sensitive_field(
        rule_of=(models.Order, "total"), description="Price of one unit. " + HIDDEN
    )
    discount_percent: Decimal = strawberry_django.field(description="Line discount, percent.")

    @sensitive_field(
        rule_of=(models.Order, "total"),
        only=["amount", "order__currency"],
        select_related=["order"],
        description="Its amount. " + HIDDEN,
    )
    def amount(self, root: models.OrderLine) -> Money | None:
        return _money(root.amount, root.order.currency)

    fulfilled_quantity: Decimal = strawberry_django.field(description="How many units were delivered so far.")


@access_controlled  # its figures: hidden or read-only wherever the deal amount is
@record_type(models.Quote, name="Quote", description="One version of a quote for a deal.")
class QuoteNode(Scoped, relay.Node):
    number: int = strawberry_django.field(description="The quote's number, shared by its versions.")
    version: int = strawberry_django.field(description="1 for the first; editing a sent quote adds one.")
    is_latest: bool = strawberry_django.field(description="Only the latest version can change or move on.")
    title: str = strawberry_django.field(description="A few words for the customer.")
    currency: str = strawberry_django.field(description="ISO 4217 code: the deal's currency.")
    deal: DealNode = strawberry_django.field(description="The deal it prices.")
    price_book: PriceBookNode | None = strawberry_django.field(description="Where the line prices come from.")
    discount_percent: Decimal = strawberry_django.field(description="Quote discount, percent of the subtotal.")
    lines: list[QuoteLineType] = strawberry_django.field(description="Its lines, in order.")
    valid_until: date | None = strawberry_django.field(description="Until when the offer holds.")
    notes: str = strawberry_django.field(description="Terms and notes for the customer.")
    owner: UserNode | None = strawberry_django.field(description="Who made it.")
    sent_at: datetime | None = strawberry_django.field(description="When it was sent.")
    decided_at: datetime | None = strawberry_django.field(description="When it was accepted, rejected or expired.")
    created_at: datetime = strawberry_django.field(description="When this version was made.")
    updated_at: datetime = strawberry_django.field(description="Last change.")

    @strawberry_django.field(only=["status"], description="Where the quote is in its lifecycle.")
    def status(self, root: models.Quote) -> QuoteStatus:
        return QuoteStatus(root.status)

    @strawberry_django.field(only=["subtotal", "currency"], description="The sum of the rounded lines. " + HIDDEN)
    def subtotal(self, root: models.Quote) -> Money | None:
        return _money(root.subtotal, root.currency)

    @strawberry_django.field(only=["discount_amount", "currency"], description="The quote discount, rounded. " + HIDDEN)
    def discount_amount(self, root: models.Quote) -> Money | None:
        return _money(root.discount_amount, root.currency)

    @strawberry_django.field(only=["tax_amount", "currency"], description="All taxes. " + HIDDEN)
    def tax_amount(self, root: models.Quote) -> Money | None:
        return _money(root.tax_amount, root.currency)

    @strawberry_django.field(only=["total", "currency"], description="Subtotal - discount + taxes. " + HIDDEN)
    def total(self, root: models.Quote) -> Money | None:
        return _money(root.total, root.currency)

    @sensitive_field(
        rule_of=(models.Quote, "tax_amount"),
        only=["taxes", "subtotal", "discount_amount", "currency"],
        description="Each tax rate and its amount. " + HIDDEN,
    )
    def taxes(self, root: models.Quote) -> list[TaxRate] | None:
        taxable = root.subtotal - root.discount_amount
        return [
            TaxRate(
                name=tax["name"],
                rate=Decimal(tax["rate"]),
                amount=pricing.round_money(taxable * Decimal(tax["rate"]) / pricing.HUNDRED, root.currency),
            )
            for tax in root.taxes
        ]

    @strawberry_django.field(only=["pk"], description="Where the web client opens the quote as a PDF.")
    def pdf_url(self, root: models.Quote) -> str:
        return reverse("quote-pdf", kwargs={"record_id": root.pk})

    @strawberry_django.field(only=["number"], description="Every version of this quote, oldest first (one query).")
    def versions(self, root: models.Quote, info: Info) -> list[QuoteNode]:
        return list(scoped(info, models.Quote.objects.filter(number=root.number)).order_by("version"))  # type: ignore[arg-type]

    @strawberry_django.field(only=["pk"], description="The order made when it was accepted.")
    def order(self, root: models.Quote, info: Info) -> OrderNode | None:
        return scoped(info, models.Order.objects.filter(quote_id=root.pk)).first()

    history: KeysetConnection[AuditEntryNode] = history_field()


@access_controlled  # its figures: hidden or read-only wherever the deal amount is
@record_type(models.Order, name="Order", description="What an accepted quote became, and how much was delivered.")
class OrderNode(Scoped, relay.Node):
    number: int = strawberry_django.field(description="The order's number.")
    currency: str = strawberry_django.field(description="ISO 4217 code.")
    deal: DealNode = strawberry_django.field(description="The deal.")
    quote: QuoteNode = strawberry_django.field(description="The accepted quote version.")
    lines: list[OrderLineType] = strawberry_django.field(description="Its lines with their deliveries.")
    owner: UserNode | None = strawberry_django.field(
        description="Who looks after it: at first the member who accepted the quote (`updateOrder` changes it)."
    )
    closed_at: datetime | None = strawberry_django.field(description="When it was fulfilled or cancelled.")
    created_at: datetime = strawberry_django.field(description="When the quote was accepted.")
    deleted_at: datetime | None = strawberry_django.field(
        description="When it went to the recycle bin; null otherwise."
    )

    @strawberry_django.field(only=["status"], description="Where the order is in its lifecycle.")
    def status(self, root: models.Order) -> OrderStatus:
        return OrderStatus(root.status)

    @strawberry_django.field(only=["total", "currency"], description="As on the accepted quote. " + HIDDEN)
    def total(self, root: models.Order) -> Money | None:
        return _money(root.total, root.currency)

    history: KeysetConnection[AuditEntryNode] = history_field()
