"""Mutations of invoicing: declarations on the mutation base; rules live in saas.invoicing.services."""

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
from saas.invoicing import models, services

from .enums import PaymentMethod
from .types import InvoiceNode


@strawberry.input(description="An invoice line.")
class InvoiceLineInput:
    description: str | None = strawberry.field(default=None, description="Null: the product's name.")
    product_id: relay.GlobalID | None = strawberry.field(default=None, description="A product, if it is one.")
    quantity: Decimal = strawberry.field(description="How many units (up to 3 decimals).")
    unit_price: Decimal = strawberry.field(description="Price of one unit (negative: a credit line).")
    discount_percent: Decimal | None = strawberry.field(default=None, description="Line discount, percent.")
    tax_rate: Decimal | None = strawberry.field(default=None, description="Tax rate, percent.")


@strawberry.input
class CreateInvoiceInput:
    company_id: relay.GlobalID = strawberry.field(description="The customer company.")
    contact_id: relay.GlobalID | None = strawberry.field(default=None, description="Who it is for.")
    currency: str | None = strawberry.field(default=None, description="ISO 4217 code (default: the workspace's).")
    payment_terms_days: int | None = strawberry.field(default=None, description="Days to pay (default 30).")
    notes: str | None = strawberry.field(default=None, description="Terms and notes.")
    lines: list[InvoiceLineInput] | None = strawberry.field(default=None, description="The lines.")
    custom_fields: list[CustomFieldInput] | None = strawberry.field(
        default=None, description="Custom field values; defaults fill the rest."
    )


@strawberry.input(description="Only the fields given change; only a draft changes.")
class UpdateInvoiceInput(VersionedInput):
    id: relay.GlobalID
    company_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="The customer company.")
    contact_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="Who it is for.")
    currency: str | None = strawberry.field(default=UNSET, description="ISO 4217 code.")
    payment_terms_days: int | None = strawberry.field(default=UNSET, description="Days to pay.")
    notes: str | None = strawberry.field(default=UNSET, description="Terms and notes.")
    lines: list[InvoiceLineInput] | None = strawberry.field(default=UNSET, description="Replaces every line.")
    custom_fields: list[CustomFieldInput] | None = strawberry.field(
        default=UNSET, description="Custom fields to change (in any status); a value null clears one."
    )


@strawberry.input
class InvoiceIdInput:
    id: relay.GlobalID


@strawberry.input
class InvoiceOrderInput:
    order_id: relay.GlobalID = strawberry.field(description="The order to invoice.")


@strawberry.input
class RecordPaymentInput:
    invoice_id: relay.GlobalID = strawberry.field(description="The invoice paid.")
    amount: Decimal = strawberry.field(description="How much, in the invoice's currency; at most its balance.")
    paid_on: date | None = strawberry.field(default=None, description="When the money arrived (default today).")
    method: PaymentMethod | None = strawberry.field(default=None, description="How (default: bank transfer).")
    reference: str | None = strawberry.field(default=None, description="The bank's or card's reference.")


@strawberry.input
class DeletePaymentInput:
    invoice_id: relay.GlobalID = strawberry.field(description="The invoice.")
    payment_id: strawberry.ID = strawberry.field(description="The payment to reverse.")


@strawberry.type
class InvoicePayload:
    invoice: InvoiceNode | None = strawberry.field(default=None, description="The invoice now.")
    errors: list[UserError] = strawberry.field(default_factory=list)


def _lines(input: Any, arguments: dict[str, Any]) -> dict[str, Any]:
    """``lines`` as plain dicts with the products' global ids decoded."""
    if input.lines is not UNSET and input.lines is not None:
        arguments["lines"] = [
            {
                "product": decode_id(line.product_id, "Product", f"lines.{i}.productId") if line.product_id else None,
                "description": line.description,
                "quantity": line.quantity,
                "unit_price": line.unit_price,
                "discount_percent": line.discount_percent,
                "tax_rate": line.tax_rate,
            }
            for i, line in enumerate(input.lines)
        ]
    return arguments


@dataclass(frozen=True)
class CreateInvoice(Create):
    def arguments(self, input: Any) -> dict[str, Any]:
        return _lines(input, super().arguments(input))


@dataclass(frozen=True)
class UpdateInvoice(Update):
    def arguments(self, input: Any) -> dict[str, Any]:
        return _lines(input, super().arguments(input))


INVOICE_IDS = {"company_id": ("company", "Company"), "contact_id": ("contact", "Contact")}


@strawberry.type
class InvoicingMutation:
    create_invoice = CreateInvoice(
        CreateInvoiceInput, InvoicePayload, "invoice", services.create_invoice, ids=INVOICE_IDS
    ).field("A draft invoice to a customer company.")
    update_invoice = UpdateInvoice(
        UpdateInvoiceInput, InvoicePayload, "invoice", services.update_invoice, ids=INVOICE_IDS, node="CustomerInvoice"
    ).field("Change a draft invoice (its lines, customer, terms, notes).")
    invoice_order = Call(
        InvoiceOrderInput,
        InvoicePayload,
        "invoice",
        services.invoice_order,
        ids={"order_id": ("order_id", "Order")},
    ).field("The draft invoice of an order, from its lines; again: the same invoice (unless it was voided).")
    issue_invoice = Act(
        InvoiceIdInput, InvoicePayload, "invoice", services.issue_invoice, node="CustomerInvoice"
    ).field("Draft → issued: numbered, dated today, due after its payment terms.")
    void_invoice = Act(InvoiceIdInput, InvoicePayload, "invoice", services.void_invoice, node="CustomerInvoice").field(
        "Draft or issued → void."
    )
    delete_invoice, restore_invoice = recycle_bin_fields(
        models.Invoice,
        InvoiceIdInput,
        InvoicePayload,
        "invoice",
        delete="A draft to the recycle bin (`invalid_transition` for an issued one: void it instead).",
        restore="A draft back from the recycle bin (refused when its order was invoiced again meanwhile).",
        delete_service=services.delete_invoice,
        restore_service=services.restore_invoice,
    )
    record_payment = Call(
        RecordPaymentInput,
        InvoicePayload,
        "invoice",
        services.record_payment,
        ids={"invoice_id": ("invoice", "CustomerInvoice")},
    ).field("Money received: never more than the balance; the status follows (partially paid, paid).")
    delete_payment = Call(
        DeletePaymentInput,
        InvoicePayload,
        "invoice",
        services.delete_payment,
        ids={"invoice_id": ("invoice", "CustomerInvoice")},
    ).field("Reverse a payment; the invoice's paid amount and status follow.")
