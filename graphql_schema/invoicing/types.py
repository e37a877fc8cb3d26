"""Record types of invoicing. The invoice is a Relay node, scoped by ``saas.access.policy``; its money
(figures, balance, lines and payments) is guarded by the role's field rules like a deal's amount."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry
import strawberry_django
from django.db.models import Prefetch
from django.urls import reverse
from strawberry import relay
from strawberry.types import Info

from graphql_schema.audit.types import AuditEntryNode
from graphql_schema.catalog.types import OrderNode, ProductNode
from graphql_schema.core.history import history_field
from graphql_schema.core.keyset import KeysetConnection
from graphql_schema.core.money import Money
from graphql_schema.core.nodes import Scoped, extend_type, record_type
from graphql_schema.core.users import UserNode
from graphql_schema.customers.types import CompanyNode, ContactNode
from graphql_schema.errors import Forbidden
from graphql_schema.permissions import FieldRuleExtension, access_controlled, membership_of, scoped
from saas.access import policy
from saas.catalog import pricing
from saas.customers.models import Company
from saas.invoicing import models, services
from saas.invoicing.access import SENSITIVE

from .enums import InvoiceStatus, PaymentMethod


def _money(amount: Decimal, currency: str) -> Money:
    """An amount as the customer sees it: in the currency's minor unit (2 decimals for USD, 0 for JPY...)."""
    return Money(amount=pricing.round_money(Decimal(amount), currency), currency=currency)


@strawberry_django.type(models.InvoiceLine, name="InvoiceLine", description="A line of an invoice.")
class InvoiceLineType:
    id: strawberry.ID = strawberry_django.field(description="The line's key (within its invoice).")
    position: int = strawberry_django.field(description="Its place, from 0.")
    product: ProductNode | None = strawberry_django.field(description="What is sold, when it is a product.")
    description: str = strawberry_django.field(description="What the customer reads.")
    quantity: Decimal = strawberry_django.field(description="How many units.")
    unit_price: Decimal = strawberry_django.field(description="Price of one unit (negative: a credit).")
    discount_percent: Decimal = strawberry_django.field(description="Line discount, percent.")
    tax_rate: Decimal = strawberry_django.field(description="Tax rate of the line, percent.")

    @strawberry_django.field(
        only=["amount", "invoice__currency"],
        select_related=["invoice"],
        description="quantity x unit price less the discount, before tax, rounded to the currency's minor unit.",
    )
    def amount(self, root: models.InvoiceLine) -> Money:
        return _money(root.amount, root.invoice.currency)


@strawberry_django.type(models.Payment, name="InvoicePayment", description="Money received against an invoice.")
class PaymentType:
    id: strawberry.ID = strawberry_django.field(description="The payment's key (within its invoice).")
    paid_on: date = strawberry_django.field(description="When the money arrived.")
    reference: str = strawberry_django.field(description="The bank's or card's reference.")
    recorded_by: UserNode | None = strawberry_django.field(description="Who recorded it.")
    created_at: datetime = strawberry_django.field(description="When it was recorded.")

    @strawberry_django.field(only=["method"], description="How it was paid.")
    def method(self, root: models.Payment) -> PaymentMethod:
        return PaymentMethod(root.method)

    @strawberry_django.field(only=["amount", "invoice__currency"], select_related=["invoice"], description="How much.")
    def amount(self, root: models.Payment) -> Money:
        return _money(root.amount, root.invoice.currency)


@strawberry.type(description="The tax of one rate on an invoice.")
class InvoiceTax:
    rate: str = strawberry.field(description="The rate, e.g. `20%`.")
    amount: Decimal = strawberry.field(description="Tax on the lines at this rate, rounded half up once.")


@access_controlled  # subtotal, taxAmount, total, amountPaid: hidden or read-only by the member's role
@record_type(
    models.Invoice, name="CustomerInvoice", description="A bill to a customer company, and what was paid of it."
)
class InvoiceNode(Scoped, relay.Node):
    number: int | None = strawberry_django.field(description="Sequential in the workspace; given when issued.")
    currency: str = strawberry_django.field(description="ISO 4217 code of every amount on it.")
    company: CompanyNode = strawberry_django.field(description="The customer billed.")
    contact: ContactNode | None = strawberry_django.field(description="Who it is for at the customer.")
    order: OrderNode | None = strawberry_django.field(description="The order it was made from.")
    credit_of: InvoiceNode | None = strawberry_django.field(
        description="For a credit note (negative lines, lowering what the customer owes): the invoice it credits."
    )
    owner: UserNode | None = strawberry_django.field(description="Who is responsible for collecting it.")
    payment_terms_days: int = strawberry_django.field(description="Days from issue to the due date.")
    issue_date: date | None = strawberry_django.field(description="When it was issued.")
    due_date: date | None = strawberry_django.field(description="When it falls due (issue date + payment terms).")
    notes: str = strawberry_django.field(description="Terms and notes for the customer.")
    issued_at: datetime | None = strawberry_django.field(description="When it was issued (time).")
    voided_at: datetime | None = strawberry_django.field(description="When it was voided.")
    deleted_at: datetime | None = strawberry_django.field(description="When the draft went to the recycle bin.")
    overdue_notified_at: datetime | None = strawberry_django.field(
        description="When the owner was told it is overdue (once)."
    )
    created_at: datetime = strawberry_django.field(description="When it was drafted.")
    updated_at: datetime = strawberry_django.field(description="Last change.")
    history: KeysetConnection[AuditEntryNode] = history_field()

    lines: list[InvoiceLineType] | None = strawberry_django.field(
        description="Its lines, in order. Null when your role may not see invoice amounts.",
        extensions=[FieldRuleExtension(SENSITIVE[0], also=SENSITIVE[1:])],
    )
    payments: list[PaymentType] | None = strawberry_django.field(
        description="Payments received, oldest first. Null when your role may not see invoice amounts.",
        extensions=[FieldRuleExtension("amount_paid")],
    )

    @strawberry_django.field(only=["number"], description="`INV-00042`, or `Draft` before it is issued.")
    def display_number(self, root: models.Invoice) -> str:
        return root.display_number

    @strawberry_django.field(only=["credit_of_id"], description="A credit note: it gives back part of an invoice.")
    def is_credit_note(self, root: models.Invoice) -> bool:
        return root.is_credit_note

    @strawberry_django.field(only=["status"], description="Where the invoice is in its lifecycle.")
    def status(self, root: models.Invoice) -> InvoiceStatus:
        return InvoiceStatus(root.status)

    @strawberry_django.field(
        only=["status", "due_date"], description="Issued or partially paid, and past its due date."
    )
    def is_overdue(self, root: models.Invoice) -> bool:
        return services.is_overdue(root)

    @strawberry_django.field(only=["subtotal", "currency"], description="The sum of the rounded lines, before tax.")
    def subtotal(self, root: models.Invoice) -> Money | None:
        return _money(root.subtotal, root.currency)

    @strawberry_django.field(only=["tax_amount", "currency"], description="All taxes.")
    def tax_amount(self, root: models.Invoice) -> Money | None:
        return _money(root.tax_amount, root.currency)

    @strawberry_django.field(only=["total", "currency"], description="Subtotal + taxes.")
    def total(self, root: models.Invoice) -> Money | None:
        return _money(root.total, root.currency)

    @strawberry_django.field(only=["amount_paid", "currency"], description="The sum of its payments.")
    def amount_paid(self, root: models.Invoice) -> Money | None:
        return _money(root.amount_paid, root.currency)

    @strawberry_django.field(
        only=["total", "amount_paid", "currency"],
        description="Still owed: total - paid. Null when your role may not see invoice amounts.",
        extensions=[FieldRuleExtension("total", also=("amount_paid",))],
    )
    def balance(self, root: models.Invoice) -> Money | None:
        return _money(root.balance, root.currency)

    @strawberry_django.field(
        only=["pk"],
        prefetch_related=["lines"],
        description="The tax per rate. Null when your role may not see invoice amounts.",
        extensions=[FieldRuleExtension(SENSITIVE[0], also=SENSITIVE[1:])],
    )
    def taxes(self, root: models.Invoice) -> list[InvoiceTax] | None:
        lines = list(root.lines.all())  # ordered by position (the line's Meta)
        figures = pricing.taxed_per_line(
            [pricing.Line(line.quantity, line.unit_price, line.discount_percent, line.tax_rate) for line in lines],
            root.currency,
        )
        return [InvoiceTax(rate=name, amount=amount) for name, amount in figures.taxes]

    @strawberry_django.field(only=["pk"], description="Where the web client opens the invoice as a PDF.")
    def pdf_url(self, root: models.Invoice) -> str:
        return reverse("invoice-pdf", kwargs={"record_id": root.pk})


@strawberry.type(description="What a customer owes in one currency (issued, partially paid and paid invoices).")
class CustomerBalance:
    company: CompanyNode | None = strawberry.field(description="The customer (null if you may not read it).")
    company_name: str = strawberry.field(description="The customer's name as invoiced.")
    currency: str = strawberry.field(description="ISO 4217 code.")
    invoiced: Money = strawberry.field(description="The total of its invoices.")
    paid: Money = strawberry.field(description="What was paid of them.")
    outstanding: Money = strawberry.field(description="Invoiced - paid.")
    overdue: Money = strawberry.field(description="What is owed on invoices past their due date.")


OUTSTANDING = "_outstanding_invoices"


def figures_hidden(info: Info) -> bool:
    """Whether the member's role may not see invoice amounts (then no balance, anywhere)."""
    return bool(set(SENSITIVE) & set(policy.hidden_fields(membership_of(info), "read", models.Invoice)))


def _outstanding_prefetch(info: Info) -> Prefetch:
    """What every company of the page owes, per currency, in one query (``services.outstanding_rows``)."""
    invoices = models.Invoice.objects.none() if figures_hidden(info) else scoped(info, models.Invoice.objects.all())
    return Prefetch("invoices", queryset=services.outstanding_rows(invoices), to_attr=OUTSTANDING)


class CompanyBalanceFields:
    """Invoicing's figures on ``Company`` (added by ``extend_type``)."""

    @strawberry_django.field(
        only=["pk"],
        prefetch_related=[_outstanding_prefetch],
        description="What the customer still owes per currency (issued and partially paid invoices you may "
        "read, as `customerBalances` counts it); empty when nothing is owed. Null (FORBIDDEN) when your role "
        "may not see invoice amounts.",
    )
    def outstanding_balance(self, root: Company, info: Info) -> list[Money] | None:
        if figures_hidden(info):
            raise Forbidden("Your role may not see invoice amounts.")
        rows = root.__dict__.get(OUTSTANDING)
        if rows is None:  # not prefetched (a lone record): the same rows for this company
            invoices = scoped(info, models.Invoice.objects.filter(company_id=root.pk))
            rows = list(services.outstanding_rows(invoices))
        return [_money(row.outstanding, row.currency) for row in rows if row.outstanding]


extend_type(CompanyNode, CompanyBalanceFields)
