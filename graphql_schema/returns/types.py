"""Record types of return requests and claims. Each is a Relay node, scoped by ``saas.access.policy``; a
return's refund and a claim's amounts are guarded by the role's field rules like a deal's amount."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry
import strawberry_django
from strawberry import relay

from graphql_schema.audit.types import AuditEntryNode
from graphql_schema.catalog.types import OrderLineType, OrderNode
from graphql_schema.core.history import history_field
from graphql_schema.core.keyset import KeysetConnection
from graphql_schema.core.money import Money
from graphql_schema.core.nodes import Scoped, record_type
from graphql_schema.core.users import UserNode
from graphql_schema.customers.types import CompanyNode, ContactNode
from graphql_schema.invoicing.types import InvoiceNode
from graphql_schema.permissions import access_controlled
from graphql_schema.repairs.types import WarrantyNode
from saas.catalog import pricing
from saas.returns import models, services

from .enums import ClaimKind, ClaimStatus, Resolution, ReturnStatus


def _money(amount: Decimal, currency: str) -> Money:
    """An amount as the customer sees it: in the currency's minor unit."""
    return Money(amount=pricing.round_money(Decimal(amount), currency), currency=currency)


@strawberry.type(description="One move of a return request between statuses.")
class ReturnStatusChange:
    from_status: ReturnStatus | None = strawberry.field(description="Null: the return was requested.")
    to_status: ReturnStatus = strawberry.field(description="Where it went.")
    at: datetime = strawberry.field(description="When.")
    by: UserNode | None = strawberry.field(description="Who.")
    note: str = strawberry.field(description="Why, when given.")


@strawberry.type(description="One move of a claim between statuses.")
class ClaimStatusChange:
    from_status: ClaimStatus | None = strawberry.field(description="Null: the claim was submitted.")
    to_status: ClaimStatus = strawberry.field(description="Where it went.")
    at: datetime = strawberry.field(description="When.")
    by: UserNode | None = strawberry.field(description="Who.")
    note: str = strawberry.field(description="Why, when given.")


@strawberry_django.type(models.ReturnLine, name="ReturnLine", description="How many of one order line come back.")
class ReturnLineType:
    id: strawberry.ID = strawberry_django.field(description="The line's key (within its return).")
    quantity: Decimal = strawberry_django.field(description="How many units come back.")

    order_line: OrderLineType = strawberry_django.field(
        description="The order line: what was ordered (its product, description and quantity)."
    )


@access_controlled  # refundAmount: hidden or read-only by the member's role
@record_type(models.ReturnRequest, name="ReturnRequest", description="Goods of a customer's order coming back.")
class ReturnRequestNode(Scoped, relay.Node):
    number: int = strawberry_django.field(description="The return's number (shown as RMA-<number>).")
    company: CompanyNode | None = strawberry_django.field(description="The customer (null: you may not read it).")
    contact: ContactNode | None = strawberry_django.field(description="The customer's contact.")
    order: OrderNode | None = strawberry_django.field(description="The order the goods come from.")
    owner: UserNode | None = strawberry_django.field(description="Who handles it.")
    reason: str = strawberry_django.field(description="Why it comes back (the `return_reason` picklist).")
    notes: str = strawberry_django.field(description="Notes.")
    currency: str = strawberry_django.field(description="ISO 4217 code of its refund (the order's).")
    credit_note: InvoiceNode | None = strawberry_django.field(description="The credit note its refund issued.")
    closed_at: datetime | None = strawberry_django.field(description="When it was refunded, replaced, closed or "
                                                         "rejected.")  # fmt: skip
    created_at: datetime = strawberry_django.field(description="When it was requested.")
    updated_at: datetime = strawberry_django.field(description="Last change.")
    deleted_at: datetime | None = strawberry_django.field(
        description="When it went to the recycle bin; null otherwise."
    )
    history: KeysetConnection[AuditEntryNode] = history_field()
    lines: list[ReturnLineType] = strawberry_django.field(description="What comes back, line by line.")

    @strawberry_django.field(only=["number"], description="`RMA-7`.")
    def display_number(self, root: models.ReturnRequest) -> str:
        return f"RMA-{root.number}"

    @strawberry_django.field(only=["status"], description="Where the return is in its lifecycle.")
    def status(self, root: models.ReturnRequest) -> ReturnStatus:
        return ReturnStatus(root.status)

    @strawberry_django.field(only=["resolution"], description="Refund, replacement or repair.")
    def resolution(self, root: models.ReturnRequest) -> Resolution:
        return Resolution(root.resolution)

    @strawberry_django.field(only=["status"], description="The statuses it may move to now.")
    def next_statuses(self, root: models.ReturnRequest) -> list[ReturnStatus]:
        return [ReturnStatus(status) for status in services.RETURN_LIFECYCLE.allowed(root.status)]

    @strawberry_django.field(
        only=["refund_amount", "currency"], description="What the lines are worth at the order's prices and tax."
    )
    def refund_amount(self, root: models.ReturnRequest) -> Money | None:
        return _money(root.refund_amount, root.currency)

    @strawberry_django.field(only=["pk"], description="Every status change, oldest first.")
    def status_history(self, root: models.ReturnRequest) -> list[ReturnStatusChange]:
        return [
            ReturnStatusChange(
                from_status=ReturnStatus(change.from_status) if change.from_status else None,
                to_status=ReturnStatus(change.to_status),
                at=change.at,
                by=change.by,
                note=change.note,
            )
            for change in services.return_history(root).select_related("by")
        ]


@access_controlled  # amountClaimed, amountApproved: hidden or read-only by the member's role
@record_type(models.Claim, name="Claim", description="A customer's warranty or damage claim, for an amount.")
class ClaimNode(Scoped, relay.Node):
    number: int = strawberry_django.field(description="The claim's number (shown as CL-<number>).")
    company: CompanyNode | None = strawberry_django.field(description="The customer (null: you may not read it).")
    contact: ContactNode | None = strawberry_django.field(description="The customer's contact.")
    order: OrderNode | None = strawberry_django.field(description="The order it is about.")
    warranty: WarrantyNode | None = strawberry_django.field(description="The warranty it is made under.")
    owner: UserNode | None = strawberry_django.field(description="Who handles it.")
    description: str = strawberry_django.field(description="What happened.")
    currency: str = strawberry_django.field(description="ISO 4217 code of its amounts.")
    settled_at: datetime | None = strawberry_django.field(description="When it was settled.")
    created_at: datetime = strawberry_django.field(description="When it was submitted.")
    updated_at: datetime = strawberry_django.field(description="Last change.")
    deleted_at: datetime | None = strawberry_django.field(
        description="When it went to the recycle bin; null otherwise."
    )
    history: KeysetConnection[AuditEntryNode] = history_field()

    @strawberry_django.field(only=["number"], description="`CL-7`.")
    def display_number(self, root: models.Claim) -> str:
        return f"CL-{root.number}"

    @strawberry_django.field(only=["kind"], description="Warranty or damage.")
    def kind(self, root: models.Claim) -> ClaimKind:
        return ClaimKind(root.kind)

    @strawberry_django.field(only=["status"], description="Where the claim is in its lifecycle.")
    def status(self, root: models.Claim) -> ClaimStatus:
        return ClaimStatus(root.status)

    @strawberry_django.field(only=["status"], description="The statuses it may move to now.")
    def next_statuses(self, root: models.Claim) -> list[ClaimStatus]:
        return [ClaimStatus(status) for status in services.CLAIM_LIFECYCLE.allowed(root.status)]

    @strawberry_django.field(only=["amount_claimed", "currency"], description="What the customer claims.")
    def amount_claimed(self, root: models.Claim) -> Money | None:
        return _money(root.amount_claimed, root.currency)

    @strawberry_django.field(
        only=["amount_approved", "currency"], description="What was granted (null until decided; 0 if rejected)."
    )
    def amount_approved(self, root: models.Claim) -> Money | None:
        if root.amount_approved is None:
            return None
        return _money(root.amount_approved, root.currency)

    @strawberry_django.field(only=["pk"], description="Every status change, oldest first.")
    def status_history(self, root: models.Claim) -> list[ClaimStatusChange]:
        return [
            ClaimStatusChange(
                from_status=ClaimStatus(change.from_status) if change.from_status else None,
                to_status=ClaimStatus(change.to_status),
                at=change.at,
                by=change.by,
                note=change.note,
            )
            for change in services.claim_history(root).select_related("by")
        ]
