"""Record types of warranties and repair orders. Each is a Relay node, scoped by ``saas.access.policy``;
a repair order's figures (and its lines' prices) are guarded by the role's field rules like a deal's amount."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry
import strawberry_django
from strawberry import relay

from graphql_schema.audit.types import AuditEntryNode
from graphql_schema.catalog.types import OrderNode, ProductNode
from graphql_schema.core.history import history_field
from graphql_schema.core.keyset import KeysetConnection
from graphql_schema.core.money import Money
from graphql_schema.core.nodes import Scoped, record_type
from graphql_schema.core.users import UserNode
from graphql_schema.customers.types import CompanyNode, ContactNode
from graphql_schema.invoicing.types import InvoiceNode
from graphql_schema.permissions import FieldRuleExtension, access_controlled
from graphql_schema.service.types import TicketNode
from saas.catalog import pricing
from saas.repairs import models, services
from saas.repairs.access import FIGURES

from .enums import Coverage, LineKind, RepairStatus, WarrantyStatus


def _money(amount: Decimal, currency: str) -> Money:
    """An amount as the customer sees it: in the currency's minor unit."""
    return Money(amount=pricing.round_money(Decimal(amount), currency), currency=currency)


@access_controlled
@record_type(models.Warranty, name="Warranty", description="A customer's coverage of one unit for a period.")
class WarrantyNode(Scoped, relay.Node):
    company: CompanyNode | None = strawberry_django.field(description="The customer (null: you may not read it).")
    contact: ContactNode | None = strawberry_django.field(description="The customer's contact for it.")
    product: ProductNode | None = strawberry_django.field(description="The product covered.")
    serial_number: str = strawberry_django.field(description="The unit's serial number.")
    order: OrderNode | None = strawberry_django.field(description="The order it was sold on.")
    owner: UserNode | None = strawberry_django.field(description="Who looks after it.")
    start_date: date = strawberry_django.field(description="First day covered.")
    end_date: date = strawberry_django.field(description="Last day covered.")
    notes: str = strawberry_django.field(description="Terms and notes.")
    voided_at: datetime | None = strawberry_django.field(description="When it was voided.")
    void_reason: str = strawberry_django.field(description="Why it was voided.")
    created_at: datetime = strawberry_django.field(description="When it was registered.")
    updated_at: datetime = strawberry_django.field(description="Last change.")
    deleted_at: datetime | None = strawberry_django.field(
        description="When it went to the recycle bin; null otherwise."
    )
    history: KeysetConnection[AuditEntryNode] = history_field()

    @strawberry_django.field(only=["coverage"], description="Parts, labour or both.")
    def coverage(self, root: models.Warranty) -> Coverage:
        return Coverage(root.coverage)

    @strawberry_django.field(only=["voided_at", "end_date"], description="Today: active, expired or void.")
    def status(self, root: models.Warranty) -> WarrantyStatus:
        return WarrantyStatus(root.status_on(services.today()))


@strawberry.type(description="One move of a repair order between statuses.")
class RepairStatusChange:
    from_status: RepairStatus | None = strawberry.field(description="Null: the repair order was made.")
    to_status: RepairStatus = strawberry.field(description="Where it went.")
    at: datetime = strawberry.field(description="When.")
    by: UserNode | None = strawberry.field(description="Who.")
    note: str = strawberry.field(description="Why, when given.")


@strawberry_django.type(models.RepairLine, name="RepairLine", description="A part, labour or a fee of a repair.")
class RepairLineType:
    id: strawberry.ID = strawberry_django.field(description="The line's key (within its repair order).")
    position: int = strawberry_django.field(description="Its place, from 0.")
    product: ProductNode | None = strawberry_django.field(description="The part, for a part line.")
    description: str = strawberry_django.field(description="What the customer reads.")
    quantity: Decimal = strawberry_django.field(description="Units, or hours of labour; 1 for a fee.")
    unit_price: Decimal = strawberry_django.field(description="Per unit, the hourly rate, or the fee.")
    price_overridden: bool = strawberry_django.field(description="false: a part priced from the price book.")
    covered: bool = strawberry_django.field(description="Covered by the warranty: charged nothing.")

    @strawberry_django.field(only=["kind"], description="Part, labour or a fee.")
    def kind(self, root: models.RepairLine) -> LineKind:
        return LineKind(root.kind)

    @strawberry_django.field(
        only=["amount", "repair_order__currency"],
        select_related=["repair_order"],
        description="The list value: quantity x unit price, rounded to the currency's minor unit.",
    )
    def amount(self, root: models.RepairLine) -> Money:
        return _money(root.amount, root.repair_order.currency)

    @strawberry_django.field(
        only=["amount", "covered", "repair_order__currency"],
        select_related=["repair_order"],
        description="What the customer is charged for it before tax: nothing when covered, else its value.",
    )
    def charged(self, root: models.RepairLine) -> Money:
        return _money(Decimal(root.charged), root.repair_order.currency)


@access_controlled  # subtotal, coveredAmount, taxAmount, total: hidden or read-only by the member's role
@record_type(models.RepairOrder, name="RepairOrder", description="A customer's unit in for repair.")
class RepairOrderNode(Scoped, relay.Node):
    number: int = strawberry_django.field(description="The repair order's number (shown as R-<number>).")
    company: CompanyNode | None = strawberry_django.field(description="The customer (null: you may not read it).")
    contact: ContactNode | None = strawberry_django.field(description="The customer's contact.")
    product: ProductNode | None = strawberry_django.field(description="The product repaired.")
    serial_number: str = strawberry_django.field(description="The unit's serial number.")
    ticket: TicketNode | None = strawberry_django.field(description="The ticket it came from.")
    warranty: WarrantyNode | None = strawberry_django.field(description="The warranty it is repaired under.")
    owner: UserNode | None = strawberry_django.field(description="The technician.")
    received_on: date = strawberry_django.field(description="When the unit came in (the warranty must cover it).")
    problem: str = strawberry_django.field(description="What the customer says is wrong.")
    diagnosis: str = strawberry_django.field(description="What the technician found.")
    currency: str = strawberry_django.field(description="ISO 4217 code of every amount on it.")
    tax_rate: Decimal = strawberry_django.field(description="Tax rate on what is charged, percent.")
    invoice: InvoiceNode | None = strawberry_django.field(description="Its invoice, once made.")
    returned_at: datetime | None = strawberry_django.field(description="When the unit went back to the customer.")
    created_at: datetime = strawberry_django.field(description="When it was made.")
    updated_at: datetime = strawberry_django.field(description="Last change.")
    deleted_at: datetime | None = strawberry_django.field(
        description="When it went to the recycle bin; null otherwise."
    )
    history: KeysetConnection[AuditEntryNode] = history_field()

    lines: list[RepairLineType] | None = strawberry_django.field(
        description="Its lines, in order. Null when your role may not see repair amounts.",
        extensions=[FieldRuleExtension(FIGURES[0], also=FIGURES[1:])],
    )

    @strawberry_django.field(only=["number"], description="`R-7`.")
    def display_number(self, root: models.RepairOrder) -> str:
        return f"R-{root.number}"

    @strawberry_django.field(only=["status"], description="Where the repair is in its lifecycle.")
    def status(self, root: models.RepairOrder) -> RepairStatus:
        return RepairStatus(root.status)

    @strawberry_django.field(only=["status"], description="The statuses it may move to now.")
    def next_statuses(self, root: models.RepairOrder) -> list[RepairStatus]:
        return [RepairStatus(status) for status in services.LIFECYCLE.allowed(root.status)]

    @strawberry_django.field(only=["subtotal", "currency"], description="Every line at its list value.")
    def subtotal(self, root: models.RepairOrder) -> Money | None:
        return _money(root.subtotal, root.currency)

    @strawberry_django.field(only=["covered_amount", "currency"], description="What the warranty covers.")
    def covered_amount(self, root: models.RepairOrder) -> Money | None:
        return _money(root.covered_amount, root.currency)

    @strawberry_django.field(only=["tax_amount", "currency"], description="Tax on what is charged.")
    def tax_amount(self, root: models.RepairOrder) -> Money | None:
        return _money(root.tax_amount, root.currency)

    @strawberry_django.field(only=["total", "currency"], description="To charge: subtotal - covered + tax.")
    def total(self, root: models.RepairOrder) -> Money | None:
        return _money(root.total, root.currency)

    @strawberry_django.field(only=["pk"], description="Every status change, oldest first.")
    def status_history(self, root: models.RepairOrder) -> list[RepairStatusChange]:
        return [
            RepairStatusChange(
                from_status=RepairStatus(change.from_status) if change.from_status else None,
                to_status=RepairStatus(change.to_status),
                at=change.at,
                by=change.by,
                note=change.note,
            )
            for change in services.status_history(root).select_related("by")
        ]
