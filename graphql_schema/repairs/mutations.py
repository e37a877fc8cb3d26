"""Mutations of warranties and repair orders: declarations on the mutation base; rules live in
saas.repairs.services."""

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
from graphql_schema.invoicing.types import InvoiceNode
from saas.repairs import models, services

from .enums import Coverage, LineKind, RepairStatus
from .types import RepairOrderNode, WarrantyNode


@strawberry.input
class CreateWarrantyInput:
    company_id: relay.GlobalID = strawberry.field(description="The customer.")
    product_id: relay.GlobalID = strawberry.field(description="The product covered.")
    serial_number: str = strawberry.field(description="The unit's serial number.")
    start_date: date = strawberry.field(description="First day covered.")
    end_date: date = strawberry.field(description="Last day covered (not before the first).")
    coverage: Coverage | None = strawberry.field(default=None, description="Default: parts and labour.")
    contact_id: relay.GlobalID | None = strawberry.field(default=None, description="The customer's contact.")
    order_id: relay.GlobalID | None = strawberry.field(default=None, description="The order it was sold on.")
    owner_id: relay.GlobalID | None = strawberry.field(default=None, description="Who looks after it; null: you.")
    notes: str | None = strawberry.field(default=None, description="Terms and notes.")
    custom_fields: list[CustomFieldInput] | None = strawberry.field(
        default=None, description="Custom field values; defaults fill the rest."
    )


@strawberry.input(description="Only the fields given change; null clears an optional field.")
class UpdateWarrantyInput(VersionedInput):
    id: relay.GlobalID
    company_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="The customer.")
    product_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="The product covered.")
    serial_number: str | None = strawberry.field(default=UNSET, description="The unit's serial number.")
    start_date: date | None = strawberry.field(default=UNSET, description="First day covered.")
    end_date: date | None = strawberry.field(default=UNSET, description="Last day covered.")
    coverage: Coverage | None = strawberry.field(default=UNSET, description="Parts, labour or both.")
    contact_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="The customer's contact.")
    order_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="The order it was sold on.")
    owner_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="Who looks after it.")
    notes: str | None = strawberry.field(default=UNSET, description="Terms and notes.")
    custom_fields: list[CustomFieldInput] | None = strawberry.field(
        default=UNSET, description="Custom fields to change; a value null clears one."
    )


@strawberry.input
class WarrantyIdInput:
    id: relay.GlobalID


@strawberry.input
class VoidWarrantyInput:
    id: relay.GlobalID
    reason: str | None = strawberry.field(default=None, description="Why, kept with it.")


@strawberry.type
class WarrantyPayload:
    warranty: WarrantyNode | None = strawberry.field(default=None, description="The warranty, when it succeeded.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class CreateRepairOrderInput:
    company_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The customer (required unless the ticket has one)."
    )
    problem: str | None = strawberry.field(
        default=None, description="What is wrong (required unless the ticket says it)."
    )
    ticket_id: relay.GlobalID | None = strawberry.field(default=None, description="The ticket it came from.")
    contact_id: relay.GlobalID | None = strawberry.field(default=None, description="The customer's contact.")
    product_id: relay.GlobalID | None = strawberry.field(default=None, description="The product repaired.")
    serial_number: str | None = strawberry.field(default=None, description="The unit's serial number.")
    diagnosis: str | None = strawberry.field(default=None, description="What was found.")
    owner_id: relay.GlobalID | None = strawberry.field(default=None, description="The technician; null: you.")
    received_on: date | None = strawberry.field(default=None, description="When it came in (default: today).")
    currency: str | None = strawberry.field(default=None, description="ISO 4217 code (default: the workspace's).")
    tax_rate: Decimal | None = strawberry.field(default=None, description="Tax rate on what is charged, percent.")
    warranty_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The warranty, by hand; left out: the one covering the unit on the receive date."
    )
    custom_fields: list[CustomFieldInput] | None = strawberry.field(
        default=None, description="Custom field values; defaults fill the rest."
    )


@strawberry.input(description="Only the fields given change; null clears an optional field. Status has its own.")
class UpdateRepairOrderInput(VersionedInput):
    id: relay.GlobalID
    company_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="The customer.")
    contact_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="The customer's contact.")
    product_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="The product repaired.")
    serial_number: str | None = strawberry.field(default=UNSET, description="The unit's serial number.")
    problem: str | None = strawberry.field(default=UNSET, description="What is wrong.")
    diagnosis: str | None = strawberry.field(default=UNSET, description="What was found.")
    owner_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="The technician.")
    received_on: date | None = strawberry.field(default=UNSET, description="When it came in.")
    currency: str | None = strawberry.field(default=UNSET, description="ISO 4217 code; parts are priced again.")
    tax_rate: Decimal | None = strawberry.field(default=UNSET, description="Tax rate on what is charged, percent.")
    warranty_id: relay.GlobalID | None = strawberry.field(
        default=UNSET, description="The warranty by hand (null: none); left out, a change of unit matches again."
    )
    custom_fields: list[CustomFieldInput] | None = strawberry.field(
        default=UNSET, description="Custom fields to change; a value null clears one."
    )


@strawberry.input
class RepairOrderIdInput:
    id: relay.GlobalID


@strawberry.input
class MoveRepairOrderInput:
    id: relay.GlobalID
    status: RepairStatus = strawberry.field(description="Where it goes (its `nextStatuses`).")
    note: str | None = strawberry.field(default=None, description="Why, kept with the move.")


@strawberry.type
class RepairOrderPayload:
    repair_order: RepairOrderNode | None = strawberry.field(default=None, description="The repair order now.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class InvoiceRepairOrderPayload:
    repair_order: RepairOrderNode | None = strawberry.field(default=None, description="The repair order.")
    invoice: InvoiceNode | None = strawberry.field(default=None, description="Its draft invoice (again: the same).")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class AddRepairLineInput:
    repair_order_id: relay.GlobalID = strawberry.field(description="The repair order; the line goes last.")
    kind: LineKind = strawberry.field(description="A part, labour or a fee.")
    product_id: relay.GlobalID | None = strawberry.field(default=None, description="The part (required for one).")
    description: str | None = strawberry.field(default=None, description="Null: the product's name or the kind.")
    quantity: Decimal | None = strawberry.field(default=None, description="Units or hours (default 1).")
    unit_price: Decimal | None = strawberry.field(
        default=None, description="Per unit, the hourly rate, or the fee; null for a part: from the price book."
    )


@strawberry.input(description="Only the fields given change.")
class UpdateRepairLineInput:
    line_id: strawberry.ID = strawberry.field(description="The line's id.")
    kind: LineKind | None = strawberry.field(default=UNSET, description="A part, labour or a fee.")
    product_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="The part.")
    description: str | None = strawberry.field(default=UNSET, description="What the customer reads.")
    quantity: Decimal | None = strawberry.field(default=UNSET, description="Units or hours.")
    unit_price: Decimal | None = strawberry.field(
        default=UNSET, description="Per unit, the rate or the fee; null for a part: from the price book again."
    )


@strawberry.input
class RemoveRepairLineInput:
    line_id: strawberry.ID = strawberry.field(description="The line's id.")


@dataclass(frozen=True)
class VoidWarranty(Update):
    """``void_warranty(membership, pk, reason)``."""

    def call(self, membership: Any, input: Any) -> Any:
        return services.void_warranty(membership, decode_id(input.id, "Warranty", "id"), input.reason)


@dataclass(frozen=True)
class MoveRepairOrder(Update):
    """``move_repair_order(membership, pk, status, note)``."""

    def call(self, membership: Any, input: Any) -> Any:
        status = input.status.value if hasattr(input.status, "value") else input.status
        return services.move_repair_order(membership, decode_id(input.id, "RepairOrder", "id"), status, input.note)


WARRANTY_IDS = {
    "company_id": ("company", "Company"),
    "contact_id": ("contact", "Contact"),
    "product_id": ("product", "Product"),
    "order_id": ("order", "Order"),
    "owner_id": ("owner", "User"),
}
REPAIR_IDS = {
    "company_id": ("company", "Company"),
    "contact_id": ("contact", "Contact"),
    "product_id": ("product", "Product"),
    "ticket_id": ("ticket", "Ticket"),
    "warranty_id": ("warranty", "Warranty"),
    "owner_id": ("owner", "User"),
}
LINE_IDS = {"repair_order_id": ("repair_order", "RepairOrder"), "product_id": ("product", "Product")}


@strawberry.type
class RepairsMutation:
    create_warranty = Create(
        CreateWarrantyInput, WarrantyPayload, "warranty", services.create_warranty, ids=WARRANTY_IDS
    ).field("Register a warranty on a customer's unit.")
    update_warranty = Update(
        UpdateWarrantyInput, WarrantyPayload, "warranty", services.update_warranty, ids=WARRANTY_IDS,
        node="Warranty",
    ).field("Change a warranty (not a void one).")  # fmt: skip
    void_warranty = VoidWarranty(
        VoidWarrantyInput, WarrantyPayload, "warranty", services.void_warranty, node="Warranty"
    ).field("Void a warranty: it covers nothing from now on.")
    delete_warranty, restore_warranty, delete_warranties, restore_warranties = recycle_bin_fields(
        models.Warranty, WarrantyIdInput, WarrantyPayload, "warranty", bulk=True, plural="Warranties"
    )

    create_repair_order = Create(
        CreateRepairOrderInput, RepairOrderPayload, "repair_order", services.create_repair_order, ids=REPAIR_IDS
    ).field("Receive a unit for repair (numbered R-n, matched to its warranty); from a ticket, its customer.")
    update_repair_order = Update(
        UpdateRepairOrderInput, RepairOrderPayload, "repair_order", services.update_repair_order, ids=REPAIR_IDS,
        node="RepairOrder",
    ).field("Change an open repair order (status, lines and invoice have their own mutations).")  # fmt: skip
    move_repair_order = MoveRepairOrder(
        MoveRepairOrderInput, RepairOrderPayload, "repair_order", services.move_repair_order, node="RepairOrder"
    ).field("Move a repair order along its lifecycle (a move it does not allow: `invalid_transition`).")
    delete_repair_order, restore_repair_order, delete_repair_orders, restore_repair_orders = recycle_bin_fields(
        models.RepairOrder, RepairOrderIdInput, RepairOrderPayload, "repair_order", bulk=True
    )
    add_repair_line = Call(
        AddRepairLineInput, RepairOrderPayload, "repair_order", services.add_repair_line, ids=LINE_IDS
    ).field("Add a part, labour or a fee to an open, uninvoiced repair order.")
    update_repair_line = Call(
        UpdateRepairLineInput, RepairOrderPayload, "repair_order", services.update_repair_line, ids=LINE_IDS
    ).field("Change a line of an open, uninvoiced repair order.")
    remove_repair_line = Call(
        RemoveRepairLineInput, RepairOrderPayload, "repair_order", services.remove_repair_line
    ).field("Remove a line of an open, uninvoiced repair order.")
    invoice_repair_order = Act(
        RepairOrderIdInput,
        InvoiceRepairOrderPayload,
        ("repair_order", "invoice"),
        services.invoice_repair_order,
        node="RepairOrder",
    ).field("The draft invoice of what a repair order charges, one line per charged line (again: the same one).")
