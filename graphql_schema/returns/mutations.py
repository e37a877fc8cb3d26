"""Mutations of return requests and claims: declarations on the mutation base; rules live in
saas.returns.services."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import strawberry
from strawberry import UNSET, relay

from graphql_schema.core.custom_fields import CustomFieldInput
from graphql_schema.core.mutations import Create, Update, VersionedInput, recycle_bin_fields
from graphql_schema.core.nodes import decode_id
from graphql_schema.errors import UserError
from saas.returns import models, services

from .enums import ClaimKind, ClaimStatus, Resolution, ReturnStatus
from .types import ClaimNode, ReturnRequestNode


@strawberry.input(description="How many of one order line come back.")
class ReturnLineInput:
    order_line_id: strawberry.ID = strawberry.field(description="A line of the return's order (`OrderLine.id`).")
    quantity: Decimal = strawberry.field(description="How many units; at most what is left to return of it.")


@strawberry.input
class CreateReturnRequestInput:
    order_id: relay.GlobalID = strawberry.field(description="The order the goods come from.")
    reason: str = strawberry.field(description="Why: a value of the `return_reason` picklist.")
    lines: list[ReturnLineInput] = strawberry.field(description="What comes back (at least one line).")
    company_id: relay.GlobalID | None = strawberry.field(default=None, description="Default: the order's customer.")
    contact_id: relay.GlobalID | None = strawberry.field(default=None, description="The customer's contact.")
    resolution: Resolution | None = strawberry.field(default=None, description="Default: a refund.")
    notes: str | None = strawberry.field(default=None, description="Notes.")
    owner_id: relay.GlobalID | None = strawberry.field(default=None, description="Who handles it; null: you.")
    custom_fields: list[CustomFieldInput] | None = strawberry.field(
        default=None, description="Custom field values; defaults fill the rest."
    )


@strawberry.input(description="Only the fields given change; null clears an optional field. Status has its own.")
class UpdateReturnRequestInput(VersionedInput):
    id: relay.GlobalID
    reason: str | None = strawberry.field(default=UNSET, description="Why it comes back.")
    resolution: Resolution | None = strawberry.field(default=UNSET, description="Refund, replacement or repair.")
    lines: list[ReturnLineInput] | None = strawberry.field(
        default=UNSET, description="Replaces every line (until the goods are received)."
    )
    contact_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="The customer's contact.")
    notes: str | None = strawberry.field(default=UNSET, description="Notes.")
    owner_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="Who handles it.")
    custom_fields: list[CustomFieldInput] | None = strawberry.field(
        default=UNSET, description="Custom fields to change; a value null clears one."
    )


@strawberry.input
class ReturnRequestIdInput:
    id: relay.GlobalID


@strawberry.input
class MoveReturnRequestInput:
    id: relay.GlobalID
    status: ReturnStatus = strawberry.field(description="Where it goes (its `nextStatuses`).")
    note: str | None = strawberry.field(default=None, description="Why, kept with the move.")


@strawberry.type
class ReturnRequestPayload:
    return_request: ReturnRequestNode | None = strawberry.field(default=None, description="The return now.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class CreateClaimInput:
    company_id: relay.GlobalID = strawberry.field(description="The customer.")
    description: str = strawberry.field(description="What happened.")
    amount_claimed: Decimal = strawberry.field(description="What the customer claims (more than nothing).")
    kind: ClaimKind | None = strawberry.field(default=None, description="Default: a warranty claim.")
    currency: str | None = strawberry.field(default=None, description="ISO 4217; default the order's or "
                                            "the workspace's.")  # fmt: skip
    contact_id: relay.GlobalID | None = strawberry.field(default=None, description="The customer's contact.")
    order_id: relay.GlobalID | None = strawberry.field(default=None, description="The order it is about.")
    warranty_id: relay.GlobalID | None = strawberry.field(default=None, description="The warranty it is under.")
    owner_id: relay.GlobalID | None = strawberry.field(default=None, description="Who handles it; null: you.")
    custom_fields: list[CustomFieldInput] | None = strawberry.field(
        default=None, description="Custom field values; defaults fill the rest."
    )


@strawberry.input(description="Only the fields given change, until the claim is decided.")
class UpdateClaimInput(VersionedInput):
    id: relay.GlobalID
    description: str | None = strawberry.field(default=UNSET, description="What happened.")
    amount_claimed: Decimal | None = strawberry.field(default=UNSET, description="What the customer claims.")
    kind: ClaimKind | None = strawberry.field(default=UNSET, description="Warranty or damage.")
    currency: str | None = strawberry.field(default=UNSET, description="ISO 4217 code.")
    company_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="The customer.")
    contact_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="The customer's contact.")
    order_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="The order it is about.")
    warranty_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="The warranty it is under.")
    owner_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="Who handles it.")
    custom_fields: list[CustomFieldInput] | None = strawberry.field(
        default=UNSET, description="Custom fields to change; a value null clears one."
    )


@strawberry.input
class ClaimIdInput:
    id: relay.GlobalID


@strawberry.input
class MoveClaimInput:
    id: relay.GlobalID
    status: ClaimStatus = strawberry.field(description="Where it goes (its `nextStatuses`).")
    note: str | None = strawberry.field(default=None, description="Why, kept with the move.")
    amount_approved: Decimal | None = strawberry.field(
        default=None, description="For a partial approval: what is granted (less than claimed)."
    )


@strawberry.type
class ClaimPayload:
    claim: ClaimNode | None = strawberry.field(default=None, description="The claim now.")
    errors: list[UserError] = strawberry.field(default_factory=list)


def _lines(arguments: dict[str, Any]) -> dict[str, Any]:
    """``lines`` as the service takes them: ``[{order_line, quantity}]``."""
    if arguments.get("lines") is not None:
        arguments["lines"] = [
            {"order_line": line.get("order_line_id"), "quantity": line.get("quantity")} for line in arguments["lines"]
        ]
    return arguments


@dataclass(frozen=True)
class CreateReturnRequest(Create):
    def arguments(self, input: Any) -> dict[str, Any]:
        return _lines(super().arguments(input))


@dataclass(frozen=True)
class UpdateReturnRequest(Update):
    def arguments(self, input: Any) -> dict[str, Any]:
        return _lines(super().arguments(input))


def _value(status: Any) -> str:
    return str(status.value if hasattr(status, "value") else status)


@dataclass(frozen=True)
class MoveReturnRequest(Update):
    """``move_return_request(membership, pk, status, note)``."""

    def call(self, membership: Any, input: Any) -> Any:
        pk = decode_id(input.id, "ReturnRequest", "id")
        return services.move_return_request(membership, pk, _value(input.status), input.note)


@dataclass(frozen=True)
class MoveClaim(Update):
    """``move_claim(membership, pk, status, note, amount_approved)``."""

    def call(self, membership: Any, input: Any) -> Any:
        pk = decode_id(input.id, "Claim", "id")
        return services.move_claim(membership, pk, _value(input.status), input.note, input.amount_approved)


RETURN_IDS = {
    "order_id": ("order", "Order"),
    "company_id": ("company", "Company"),
    "contact_id": ("contact", "Contact"),
    "owner_id": ("owner", "User"),
}
CLAIM_IDS = {
    "company_id": ("company", "Company"),
    "contact_id": ("contact", "Contact"),
    "order_id": ("order", "Order"),
    "warranty_id": ("warranty", "Warranty"),
    "owner_id": ("owner", "User"),
}


@strawberry.type
class ReturnsMutation:
    create_return_request = CreateReturnRequest(
        CreateReturnRequestInput, ReturnRequestPayload, "return_request", services.create_return_request,
        ids=RETURN_IDS,
    ).field("Request a return of goods of an order (numbered RMA-n).")  # fmt: skip
    update_return_request = UpdateReturnRequest(
        UpdateReturnRequestInput, ReturnRequestPayload, "return_request", services.update_return_request,
        ids=RETURN_IDS, node="ReturnRequest",
    ).field("Change an open return request (its lines until the goods are received).")  # fmt: skip
    move_return_request = MoveReturnRequest(
        MoveReturnRequestInput, ReturnRequestPayload, "return_request", services.move_return_request,
        node="ReturnRequest",
    ).field(
        "Move a return along its lifecycle (a move it does not allow: `invalid_transition`); refunding a return "
        "of an invoiced order issues its credit note."
    )  # fmt: skip
    delete_return_request, restore_return_request, delete_return_requests, restore_return_requests = recycle_bin_fields(
        models.ReturnRequest, ReturnRequestIdInput, ReturnRequestPayload, "return_request", bulk=True
    )

    create_claim = Create(CreateClaimInput, ClaimPayload, "claim", services.create_claim, ids=CLAIM_IDS).field(
        "Submit a customer's warranty or damage claim (numbered CL-n)."
    )
    update_claim = Update(
        UpdateClaimInput, ClaimPayload, "claim", services.update_claim, ids=CLAIM_IDS, node="Claim"
    ).field("Change a claim still to be decided.")
    move_claim = MoveClaim(MoveClaimInput, ClaimPayload, "claim", services.move_claim, node="Claim").field(
        "Move a claim along its lifecycle (approve, partly approve with an amount, reject, settle)."
    )
    delete_claim, restore_claim, delete_claims, restore_claims = recycle_bin_fields(
        models.Claim, ClaimIdInput, ClaimPayload, "claim", bulk=True
    )
