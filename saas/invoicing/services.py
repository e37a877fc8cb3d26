"""Business rules of invoicing: invoices (by hand or from an order), issuing, voiding, payments, balances.

Every write takes the kernel's steps (``saas/kernel/README.md``): fetch for the member, validate
everything first (nothing changes on bad input), check the policy, one transaction, then ``written``
(audit entry and realtime event). Figures come from ``saas.catalog.pricing.taxed_per_line``.

Lifecycle (anything else is ``invalid_transition``, and nothing changes):

    draft → issued → partially paid → paid      (payments move it; deleting one moves it back)
    draft / issued → void                       (an invoice with payments cannot be voided)
    draft → recycle bin → draft                 (``delete_invoice`` / ``restore_invoice``; issued: void it)

A credit note (``credit_invoice``) gives back part of an issued invoice: an invoice of negative lines, issued at
once (numbered, never due), linked to the one it credits (``credit_of``). It counts in the balances like any
issued invoice, so it lowers what the customer owes; voiding it restores that. The credit notes of an invoice
never add up to more than its total, and a credit note takes no payment.

Overdue is not a status: an issued or partially paid invoice whose due date has passed is overdue
(``is_overdue``); the daily task tells its owner once (``notify_overdue``).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import DecimalField, ExpressionWrapper, F, Max, Q, QuerySet, Sum, Window
from django.utils import timezone

from realtime import events
from saas.access import policy
from saas.catalog import pricing
from saas.catalog.models import Order, OrderStatus, Product
from saas.customers.models import Company, Contact
from saas.errors import ErrorCode, ErrorCollector, FieldError, ServiceError
from saas.kernel import services as kernel
from saas.kernel.changes import CUSTOM_FIELDS, diff, plain, snapshot
from saas.kernel.money import CURRENCY, workspace_currency
from saas.kernel.services import BAD_KEY, apply_fields, collect, get_for, written
from saas.kernel.validation import check_choice, check_custom_fields, check_decimal, check_length
from tenants.models import Membership

from .models import OPEN_STATUSES, Invoice, InvoiceLine, InvoiceStatus, Payment, PaymentMethod

MAX_LINES = 200
LARGEST_QUANTITY = Decimal("1e9")
LARGEST_PRICE = Decimal("1e12")
LONGEST_TERMS = 365
DEFAULT_TERMS = 30
HUNDRED = Decimal(100)

INVOICE_FIELDS = (
    "status",
    "number",
    "company",
    "contact",
    "currency",
    "payment_terms_days",
    "issue_date",
    "due_date",
    "notes",
    "subtotal",
    "tax_amount",
    "total",
    "amount_paid",
)
# The figures a role may be denied (saas.invoicing.access): a change to the lines changes them.
FIGURES = ("subtotal", "tax_amount", "total", "amount_paid")
NOTIFICATION_KIND = "invoice_overdue"


def today() -> datetime.date:
    """The date invoices are issued and fall due by (UTC)."""
    return timezone.now().date()


def is_overdue(invoice: Invoice, on: datetime.date | None = None) -> bool:
    """Issued or partially paid, and its due date has passed."""
    return invoice.status in OPEN_STATUSES and invoice.due_date is not None and invoice.due_date < (on or today())


def overdue_q(on: datetime.date | None = None, prefix: str = "") -> Q:
    """The rows ``is_overdue`` is true of, as a condition (lists, balances, the daily task)."""
    return Q(**{f"{prefix}status__in": list(OPEN_STATUSES), f"{prefix}due_date__lt": on or today()})


def _refuse(field: str, message: str) -> ServiceError:
    return ServiceError(FieldError(field, message, ErrorCode.INVALID_TRANSITION))


# --- validation ------------------------------------------------------------------------------------


def _validate_lines(
    membership: Membership, given: Sequence[dict[str, Any]], errors: ErrorCollector
) -> list[InvoiceLine]:
    """The lines as unsaved ``InvoiceLine`` rows. A product is optional; its name is the default description.

    A unit price may be negative (a credit or discount line); the invoice's total may not (``_price``).
    """
    if len(given) > MAX_LINES:
        errors.add("lines", f"At most {MAX_LINES} lines.", ErrorCode.TOO_MANY)
        return []
    wanted = {str(line["product"]) for line in given if line.get("product") is not None}
    readable = policy.scope_queryset(membership, Product.objects.all(), "read")
    try:
        products = {str(p.pk): p for p in readable.filter(pk__in=wanted)} if wanted else {}
    except BAD_KEY:
        products = {}
    lines = []
    for i, line in enumerate(given):
        product = None
        if line.get("product") is not None:
            product = products.get(str(line["product"]))
            if product is None:
                errors.add(f"lines.{i}.productId", "No such product.", ErrorCode.NOT_FOUND)
        description = (line.get("description") or "").strip() or (product.name if product else "")
        check_length(description, 200, f"lines.{i}.description", errors, required=True)
        quantity = check_decimal(
            line.get("quantity"), f"lines.{i}.quantity", errors, places=3, low=Decimal("0.001"), high=LARGEST_QUANTITY
        )
        price = check_decimal(
            line.get("unit_price"), f"lines.{i}.unitPrice", errors, places=4, low=-LARGEST_PRICE, high=LARGEST_PRICE
        )
        discount = check_decimal(
            line.get("discount_percent") or 0, f"lines.{i}.discountPercent", errors, places=2, low=Decimal(0),
            high=HUNDRED,
        )  # fmt: skip
        rate = check_decimal(
            line.get("tax_rate") or 0, f"lines.{i}.taxRate", errors, places=2, low=Decimal(0), high=HUNDRED
        )
        lines.append(
            InvoiceLine(
                position=i,
                product=product,
                description=description,
                quantity=quantity,
                unit_price=price,
                discount_percent=discount,
                tax_rate=rate,
            )
        )
    return lines


def _validate(membership: Membership, data: dict[str, Any], errors: ErrorCollector, invoice: Invoice | None) -> None:
    """Check the invoice's own fields in ``data`` (normalised in place)."""
    if "company" in data or invoice is None:
        company = (
            collect(errors, membership, Company, data.get("company"), "companyId") if data.get("company") else None
        )
        if company is None and not errors.has("companyId"):
            errors.add("companyId", "Name the customer company.", ErrorCode.REQUIRED)
        data["company"] = company
    if data.get("contact") is not None:
        data["contact"] = collect(errors, membership, Contact, data["contact"], "contactId")
    if data.get("currency") is not None:
        data["currency"] = str(data["currency"]).upper()
        if not CURRENCY.match(data["currency"]):
            errors.add("currency", "An ISO 4217 code such as USD.", ErrorCode.INVALID_FORMAT)
    if data.get("payment_terms_days") is not None:
        terms = data["payment_terms_days"]
        if not 0 <= int(terms) <= LONGEST_TERMS:
            errors.add("paymentTermsDays", f"From 0 to {LONGEST_TERMS} days.", ErrorCode.OUT_OF_RANGE)
    if data.get("notes") is not None:
        check_length(data["notes"], 5000, "notes", errors)
    check_custom_fields(membership, Invoice, data, errors, invoice)


def _price(invoice: Invoice, lines: Sequence[InvoiceLine], errors: ErrorCollector | None = None) -> None:
    """Set the lines' amounts and the invoice's figures (``saas.catalog.pricing.taxed_per_line``)."""
    figures = pricing.taxed_per_line(
        [pricing.Line(line.quantity, line.unit_price, line.discount_percent, line.tax_rate) for line in lines],
        invoice.currency,
    )
    for line, amount in zip(lines, figures.lines, strict=True):
        line.amount = amount
    invoice.subtotal, invoice.tax_amount, invoice.total = figures.subtotal, figures.tax, figures.total
    if errors is not None and figures.total < 0:
        errors.add("lines", "The lines add up to less than nothing.", ErrorCode.OUT_OF_RANGE)


def _save_lines(invoice: Invoice, lines: Sequence[InvoiceLine]) -> None:
    for line in lines:
        line.invoice = invoice
    InvoiceLine.objects.bulk_create(lines)


def _line_snapshot(invoice: Invoice) -> list[str]:
    """The lines for the audit trail, without prices: the figures are audited under their (sensitive) names."""
    return [
        f"{line.description} x {plain(line.quantity)}"
        for line in InvoiceLine.objects.filter(invoice=invoice).order_by("position", "id")
    ]


# --- invoices --------------------------------------------------------------------------------------


def create_invoice(membership: Membership, data: dict[str, Any]) -> Invoice:
    """A draft invoice to a company the member may read.

    ``data``: ``company`` (pk), ``contact`` (pk), ``currency`` (default: the workspace's),
    ``payment_terms_days`` (default 30), ``notes``, ``lines`` (``[{description, product?, quantity,
    unit_price, discount_percent?, tax_rate?}]``), ``custom_fields``.
    """
    policy.check(membership, "create", Invoice)
    errors = ErrorCollector()
    data = {k: v for k, v in data.items() if v is not None}
    _validate(membership, data, errors, None)
    lines = _validate_lines(membership, data.pop("lines", []), errors)
    custom = data.pop(CUSTOM_FIELDS, None)
    invoice = Invoice(owner=membership.user, **{"currency": workspace_currency(), **data})
    apply_fields(invoice, {CUSTOM_FIELDS: custom} if custom else {})
    _price(invoice, lines, errors)
    errors.raise_if_any()
    policy.check(membership, "create", invoice, fields=data)
    with transaction.atomic():
        invoice.save()
        _save_lines(invoice, lines)
        after = snapshot(invoice, INVOICE_FIELDS) | {"lines": _line_snapshot(invoice)}
        written(membership, "create", invoice, diff({}, after), "created")
    return invoice


def _draft(invoice: Invoice, doing: str) -> None:
    if invoice.status != InvoiceStatus.DRAFT:
        raise _refuse("id", f"Only a draft can be {doing}; this invoice is {invoice.get_status_display().lower()}.")


def update_invoice(membership: Membership, invoice_id: Any, data: dict[str, Any]) -> Invoice:
    """Change a draft; ``lines`` replaces every line and reprices the invoice.

    Custom fields alone change on an invoice in any status: they are the workspace's own notes on it,
    not what was issued to the customer.
    """
    invoice = get_for(membership, Invoice, invoice_id, "update")
    if set(data) == {CUSTOM_FIELDS}:
        return _update_custom_fields(membership, invoice, data)
    _draft(invoice, "changed")
    errors = ErrorCollector()
    if "company" in data and data["company"] is None:
        data.pop("company")
    _validate(membership, data, errors, invoice)
    for name, blank in (("notes", ""), ("payment_terms_days", DEFAULT_TERMS)):
        if name in data and data[name] is None:
            data[name] = blank
    if "currency" in data and data["currency"] is None:
        data.pop("currency")
    given_lines = data.pop("lines", None)
    custom = data.pop(CUSTOM_FIELDS, None)
    current = list(invoice.lines.order_by("position", "id"))
    if given_lines is not None:
        lines = _validate_lines(membership, given_lines, errors)
    else:
        lines = [_copy_line(line) for line in current]
    draft = Invoice(**{f.attname: getattr(invoice, f.attname) for f in Invoice._meta.concrete_fields})
    for name, value in data.items():
        setattr(draft, name, value)
    _price(draft, lines, errors)
    errors.raise_if_any()
    repriced = given_lines is not None or "currency" in data
    given = {*data, *(FIGURES[:3] if repriced else ()), *([CUSTOM_FIELDS] if custom is not None else [])}
    policy.check(membership, "update", invoice, fields=given)
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        _draft(invoice, "changed")
        before = snapshot(invoice, INVOICE_FIELDS) | {"lines": _line_snapshot(invoice)}
        InvoiceLine.objects.filter(invoice=invoice).delete()
        apply_fields(invoice, {CUSTOM_FIELDS: custom} if custom is not None else {})
        for name, value in data.items():
            setattr(invoice, name, value)
        _price(invoice, lines)
        invoice.save()
        _save_lines(invoice, lines)
        after = snapshot(invoice, INVOICE_FIELDS) | {"lines": _line_snapshot(invoice)}
        if changes := diff(before, after):
            written(membership, "update", invoice, changes, "updated")
    return invoice


def _update_custom_fields(membership: Membership, invoice: Invoice, data: dict[str, Any]) -> Invoice:
    """Change only the custom fields of an invoice, whatever its status."""
    errors = ErrorCollector()
    check_custom_fields(membership, Invoice, data, errors, invoice)
    errors.raise_if_any()
    policy.check(membership, "update", invoice, fields=data)
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        before = snapshot(invoice, INVOICE_FIELDS)
        apply_fields(invoice, data)
        invoice.save()
        if changes := diff(before, snapshot(invoice, INVOICE_FIELDS)):
            written(membership, "update", invoice, changes, "updated")
    return invoice


def _copy_line(line: InvoiceLine) -> InvoiceLine:
    line.pk = None
    line._state.adding = True
    return line


def invoice_order(membership: Membership, order_id: Any) -> Invoice:
    """The draft invoice of an order, made from its lines in one transaction; again: the same invoice.

    One invoice per order unless it was voided (then a new one can be made). The customer is the
    company of the order's deal; each line is taxed at the sum of the quote's tax rates, and a quote
    discount becomes a line of its own (taxed alike), so the invoice adds up to the order's total.
    """
    order = get_for(membership, Order, order_id, "read", "orderId")
    policy.check(membership, "create", Invoice)
    with transaction.atomic():
        order = Order.objects.select_for_update(of=("self",)).select_related("deal__company", "quote").get(pk=order.pk)
        existing = Invoice.objects.filter(order=order).exclude(status=InvoiceStatus.VOID).first()
        if existing is not None:
            return existing  # idempotent: a retry (or a second click) changes nothing
        if order.status == OrderStatus.CANCELLED:
            raise _refuse("orderId", "A cancelled order is not invoiced.")
        company = order.deal.company
        if company is None or not policy.allows(membership, "read", company):
            raise ServiceError(
                FieldError("orderId", "The order's deal has no customer company to invoice.", ErrorCode.REQUIRED)
            )
        rate = sum((Decimal(tax["rate"]) for tax in order.quote.taxes), Decimal(0))
        given = [
            {
                "product": line.product_id,
                "description": line.description,
                "quantity": line.quantity,
                "unit_price": line.unit_price,
                "discount_percent": line.discount_percent,
                "tax_rate": rate,
            }
            for line in order.lines.order_by("position", "id")
        ]
        if order.discount_amount:
            percent = Decimal(order.quote.discount_percent).normalize()
            given.append(
                {"description": f"Discount {percent:f}%", "quantity": 1, "unit_price": -order.discount_amount,
                 "tax_rate": rate}
            )  # fmt: skip
        return _create_for_order(membership, order, company, given)


def _create_for_order(membership: Membership, order: Order, company: Company, given: list[dict[str, Any]]) -> Invoice:
    errors = ErrorCollector()
    lines = _validate_lines(membership, given, errors)
    invoice = Invoice(
        owner=membership.user, company=company, order=order, currency=order.currency, notes=f"Order O-{order.number}"
    )
    _price(invoice, lines, errors)
    errors.raise_if_any()
    policy.check(membership, "create", invoice)
    invoice.save()
    _save_lines(invoice, lines)
    after = snapshot(invoice, INVOICE_FIELDS) | {"order": str(order.pk), "lines": _line_snapshot(invoice)}
    written(membership, "create", invoice, diff({}, after), "created")
    return invoice


def _next_number() -> int:
    """The next invoice number of the workspace (serialised by a lock held to the commit)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema() || %s))", [Invoice._meta.db_table])
    return (Invoice.objects.aggregate(top=Max("number"))["top"] or 0) + 1


def _move(
    membership: Membership, invoice_id: Any, allowed: Sequence[str], doing: str
) -> tuple[Invoice, dict[str, Any]]:
    """Lock the invoice and check it may move (``invalid_transition`` else); return it and its snapshot."""
    invoice = get_for(membership, Invoice, invoice_id, "update")
    invoice = Invoice.objects.select_for_update().select_related("company").get(pk=invoice.pk)
    if invoice.status not in allowed:
        raise _refuse("id", f"An invoice {invoice.get_status_display().lower()} cannot be {doing}.")
    policy.check(membership, "update", invoice, fields=("status",))
    return invoice, snapshot(invoice, INVOICE_FIELDS)


def issue_invoice(membership: Membership, invoice_id: Any) -> Invoice:
    """Draft → issued: numbered, dated today, due after its payment terms. It needs a line and a total."""
    with transaction.atomic():
        invoice, before = _move(membership, invoice_id, (InvoiceStatus.DRAFT,), "issued")
        if not invoice.lines.exists():
            raise ServiceError(FieldError("lines", "Add a line before issuing the invoice.", ErrorCode.REQUIRED))
        if invoice.total <= 0:
            raise ServiceError(FieldError("lines", "An invoice of nothing is not issued.", ErrorCode.OUT_OF_RANGE))
        invoice.number = _next_number()
        invoice.status = InvoiceStatus.ISSUED
        invoice.issue_date = today()
        invoice.due_date = invoice.issue_date + datetime.timedelta(days=invoice.payment_terms_days)
        invoice.issued_at = timezone.now()
        invoice.save()
        written(membership, "update", invoice, diff(before, snapshot(invoice, INVOICE_FIELDS)), "updated")
    return invoice


def void_invoice(membership: Membership, invoice_id: Any) -> Invoice:
    """Draft or issued (nothing paid) → void: it no longer counts, and its order may be invoiced again."""
    with transaction.atomic():
        allowed = (InvoiceStatus.DRAFT, InvoiceStatus.ISSUED)
        invoice, before = _move(membership, invoice_id, allowed, "voided")
        invoice.status = InvoiceStatus.VOID
        invoice.voided_at = timezone.now()
        invoice.save()
        written(membership, "update", invoice, diff(before, snapshot(invoice, INVOICE_FIELDS)), "updated")
    return invoice


def delete_invoice(membership: Membership, invoice_id: Any) -> Invoice:
    """A draft to the recycle bin (``restore_invoice`` brings it back); an issued invoice is voided instead.

    A draft made from an order frees the order while it is in the bin (a new invoice may be made of it).
    """
    with transaction.atomic():
        found = get_for(membership, Invoice, invoice_id, "delete")
        invoice = Invoice.objects.select_for_update().get(pk=found.pk)
        if invoice.status != InvoiceStatus.DRAFT:
            state = invoice.get_status_display().lower()
            raise _refuse("id", f"Only a draft is deleted; this invoice is {state}: void it instead.")
        return kernel.soft_delete(membership, Invoice, invoice.pk)


def restore_invoice(membership: Membership, invoice_id: Any) -> Invoice:
    """A draft back from the recycle bin, unless its order was invoiced again meanwhile (``invalid_transition``)."""
    with transaction.atomic():
        deleted = policy.scope_queryset(membership, Invoice.all_objects.filter(deleted_at__isnull=False), "read")
        try:
            invoice = deleted.select_for_update().filter(pk=invoice_id).first()
        except BAD_KEY:
            invoice = None
        if invoice is not None and invoice.order_id is not None:
            Order.objects.select_for_update().filter(pk=invoice.order_id).first()  # one restore or invoicing at a time
            if Invoice.objects.filter(order_id=invoice.order_id).exclude(status=InvoiceStatus.VOID).exists():
                raise _refuse("id", "Its order was invoiced again meanwhile; this draft cannot come back.")
        return kernel.restore(membership, Invoice, invoice_id)


# --- credit notes ----------------------------------------------------------------------------------

CREDITED = (*OPEN_STATUSES, InvoiceStatus.PAID)  # what a credit note may give back part of


def credited_so_far(invoice: Invoice) -> Decimal:
    """What the invoice's live (not void) credit notes give back, as a positive amount."""
    total = Invoice.objects.filter(credit_of=invoice).exclude(status=InvoiceStatus.VOID).aggregate(t=Sum("total"))
    return -(total["t"] or Decimal(0))


def credit_invoice(
    membership: Membership, invoice_id: Any, lines: Sequence[dict[str, Any]], notes: str = ""
) -> Invoice:
    """Issue a credit note against an issued (or paid) invoice, in the caller's transaction or its own.

    ``lines`` are what is given back, as on an invoice (``description``, ``product``, ``quantity``, a positive
    ``unit_price``, ``discount_percent``, ``tax_rate``): the credit note carries them negated. Refused: an
    invoice that is a draft, void or itself a credit note (``invalid_transition``); more than what is left to
    credit of it (``out_of_range``); nothing (``invalid``).
    """
    policy.check(membership, "create", Invoice)
    errors = ErrorCollector()
    credit_lines = _validate_lines(membership, [dict(line) for line in lines], errors)
    for line in credit_lines:
        line.unit_price = -line.unit_price
    check_length(notes, 5000, "notes", errors)
    errors.raise_if_any()
    with transaction.atomic():
        found = get_for(membership, Invoice, invoice_id, "read", "invoiceId")  # crediting is making an invoice
        original = Invoice.objects.select_for_update().get(pk=found.pk)
        if original.is_credit_note:
            raise _refuse("invoiceId", "A credit note is not credited.")
        if original.status not in CREDITED:
            state = original.get_status_display().lower()
            raise _refuse("invoiceId", f"An invoice {state} is not credited; only an issued one is.")
        note = Invoice(
            owner=membership.user, company=original.company, contact=original.contact, currency=original.currency,
            credit_of=original, notes=notes or f"Credit note for {original.display_number}", payment_terms_days=0,
        )  # fmt: skip
        _price(note, credit_lines)
        if note.total >= 0 or not credit_lines:
            raise ServiceError(FieldError("lines", "A credit note gives back more than nothing.", ErrorCode.INVALID))
        left = Decimal(original.total) - credited_so_far(original)
        if -note.total > left:
            left_text = f"{pricing.round_money(left, original.currency):f} {original.currency}"
            raise ServiceError(
                FieldError("lines", f"Only {left_text} of the invoice is left to credit.", ErrorCode.OUT_OF_RANGE)
            )
        policy.check(membership, "create", note, fields=FIGURES[:3])
        note.number = _next_number()
        note.status = InvoiceStatus.ISSUED
        note.issue_date = today()  # no due date: nothing is owed on it, so it is never overdue
        note.issued_at = timezone.now()
        note.save()
        _save_lines(note, credit_lines)
        after = snapshot(note, INVOICE_FIELDS) | {"credit_of": original.display_number, "lines": _line_snapshot(note)}
        written(membership, "create", note, diff({}, after), "created")
    return note


# --- payments --------------------------------------------------------------------------------------


def _status_after_payments(invoice: Invoice) -> str:
    if invoice.amount_paid >= invoice.total:
        return InvoiceStatus.PAID
    if invoice.amount_paid > 0:
        return InvoiceStatus.PARTIALLY_PAID
    return InvoiceStatus.ISSUED


def _settle(invoice: Invoice) -> None:
    """Recompute what was paid from the payments, and the status from it."""
    invoice.amount_paid = Payment.objects.filter(invoice=invoice).aggregate(paid=Sum("amount"))["paid"] or Decimal(0)
    invoice.status = _status_after_payments(invoice)


def record_payment(
    membership: Membership,
    invoice: Any,
    amount: Any,
    paid_on: datetime.date | None = None,
    method: str | None = None,
    reference: str | None = None,
) -> Invoice:
    """Money received: issued → partially paid → paid. Never more than the balance; not on a draft or void one."""
    found = get_for(membership, Invoice, invoice, "update", "invoiceId")
    errors = ErrorCollector()
    places = pricing.minor_unit(found.currency)
    value = check_decimal(amount, "amount", errors, places=places, low=Decimal(0), high=LARGEST_PRICE)
    if not errors.has("amount") and value <= 0:
        errors.add("amount", "A payment is more than nothing.", ErrorCode.OUT_OF_RANGE)
    method = method or PaymentMethod.BANK_TRANSFER
    check_choice(method, PaymentMethod, "method", errors)
    reference = (reference or "").strip()
    check_length(reference, 100, "reference", errors)
    paid_on = paid_on or today()
    if paid_on > today():
        errors.add("paidOn", "A payment cannot be dated in the future.", ErrorCode.INVALID_DATE)
    errors.raise_if_any()
    policy.check(membership, "update", found, fields=("amount_paid",))
    with transaction.atomic():
        invoice_row = Invoice.objects.select_for_update().select_related("company").get(pk=found.pk)
        if invoice_row.status not in OPEN_STATUSES:
            state = invoice_row.get_status_display().lower()
            raise _refuse("invoiceId", f"An invoice {state} takes no payment.")
        if invoice_row.is_credit_note:
            raise _refuse("invoiceId", "A credit note takes no payment.")
        if value > invoice_row.balance:
            left = pricing.round_money(invoice_row.balance, invoice_row.currency)
            raise ServiceError(
                FieldError("amount", f"Only {left:f} {invoice_row.currency} is outstanding.", ErrorCode.OUT_OF_RANGE)
            )
        before = snapshot(invoice_row, INVOICE_FIELDS)
        payment = Payment.objects.create(
            invoice=invoice_row, amount=value, paid_on=paid_on, method=method, reference=reference,
            recorded_by=membership.user,
        )  # fmt: skip
        _settle(invoice_row)
        invoice_row.save()
        # The payment's amount is audited as ``amount_paid`` (sensitive); the entry names the payment without it.
        note = {"payment": {"old": None, "new": f"{payment.pk}: {paid_on.isoformat()} {method} {reference}".strip()}}
        written(
            membership, "update", invoice_row, diff(before, snapshot(invoice_row, INVOICE_FIELDS)) | note, "updated"
        )
    return invoice_row


def delete_payment(membership: Membership, invoice: Any, payment_id: Any) -> Invoice:
    """Reverse a payment: it goes, and the invoice's paid amount and status follow (paid → partially paid...)."""
    found = get_for(membership, Invoice, invoice, "update", "invoiceId")
    policy.check(membership, "update", found, fields=("amount_paid",))
    with transaction.atomic():
        invoice_row = Invoice.objects.select_for_update().select_related("company").get(pk=found.pk)
        try:
            row = Payment.objects.filter(invoice=invoice_row, pk=int(payment_id)).first()
        except (TypeError, ValueError):
            row = None
        if row is None:
            raise ServiceError(FieldError("paymentId", "No such payment on this invoice.", ErrorCode.NOT_FOUND))
        before = snapshot(invoice_row, INVOICE_FIELDS)
        note = {"payment": {"old": f"{row.pk}: {row.paid_on.isoformat()} {row.method} {row.reference}".strip(),
                            "new": None}}  # fmt: skip
        row.delete()
        _settle(invoice_row)
        invoice_row.save()
        written(
            membership, "update", invoice_row, diff(before, snapshot(invoice_row, INVOICE_FIELDS)) | note, "updated"
        )
    return invoice_row


# --- balances --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Balance:
    company_id: Any
    company_name: str
    currency: str
    invoiced: Decimal
    paid: Decimal
    outstanding: Decimal
    overdue: Decimal


def _owed() -> ExpressionWrapper:
    return ExpressionWrapper(F("total") - F("amount_paid"), output_field=DecimalField(max_digits=16, decimal_places=3))


def _counted(queryset: QuerySet[Invoice]) -> QuerySet[Invoice]:
    """The invoices a balance counts: issued, partially paid and paid (not drafts, not void ones)."""
    return queryset.filter(status__in=[*OPEN_STATUSES, InvoiceStatus.PAID])


def balances(queryset: QuerySet[Invoice], on: datetime.date | None = None) -> list[Balance]:
    """Per company and currency, over the given (already scoped) invoices: one SQL query.

    Issued, partially paid and paid invoices count; drafts and void ones do not. ``overdue`` is what
    is still owed on the overdue ones.
    """
    owed = _owed()
    rows = (
        _counted(queryset)
        .order_by()
        .values("company_id", "company__name", "currency")
        .annotate(
            invoiced=Sum("total"),
            paid=Sum("amount_paid"),
            outstanding=Sum(owed),
            overdue=Sum(owed, filter=overdue_q(on)),
        )
        .order_by("company__name", "company_id", "currency")
    )
    zero = Decimal(0)
    return [
        Balance(
            company_id=row["company_id"],
            company_name=row["company__name"],
            currency=row["currency"],
            invoiced=row["invoiced"] or zero,
            paid=row["paid"] or zero,
            outstanding=row["outstanding"] or zero,
            overdue=row["overdue"] or zero,
        )
        for row in rows
    ]


def outstanding_rows(queryset: QuerySet[Invoice]) -> QuerySet[Invoice]:
    """What each company still owes per currency, over the given (already scoped) invoices, as ``balances``
    counts it: one invoice row per company and currency carrying ``outstanding`` (the sum over all of them).

    Rows, not ``values()``, so that a page of companies prefetches them in one query
    (``Prefetch("invoices", queryset=outstanding_rows(...))``); ``balances`` is the full figure set.
    """
    per_currency = [F("company_id"), F("currency")]
    return (
        _counted(queryset)
        .annotate(outstanding=Window(Sum(_owed()), partition_by=per_currency))
        .order_by("company_id", "currency")
        .distinct("company_id", "currency")
        .only("pk", "company_id", "currency")
    )


# --- the daily overdue check ------------------------------------------------------------------------


def notify_overdue(on: datetime.date | None = None) -> int:
    """Tell each overdue invoice's owner, once (``overdue_notified_at``); return how many were told.

    Run daily in each workspace (``tasks.notify_overdue``). The rows are claimed under a row lock
    (skipping ones another run holds), so two runs never tell twice.
    """
    on = on or today()
    told = 0
    with transaction.atomic():
        due = (
            Invoice.objects.select_for_update(skip_locked=True)
            .filter(overdue_q(on), overdue_notified_at__isnull=True)
            .order_by("due_date", "id")
        )
        for invoice in due:
            before = snapshot(invoice, ("overdue_notified_at",))
            invoice.overdue_notified_at = timezone.now()
            invoice.save(update_fields=["overdue_notified_at", "updated_at"])
            written(None, "update", invoice, diff(before, snapshot(invoice, ("overdue_notified_at",))), "updated")
            if invoice.owner_id is not None:
                events.notify(
                    invoice.owner_id,
                    NOTIFICATION_KIND,
                    f"Invoice {invoice.display_number} is overdue (due {invoice.due_date})",
                    {"recordType": "CustomerInvoice", "recordId": str(invoice.pk), "url": f"/invoices/{invoice.pk}"},
                )
            told += 1
    return told
